// The simulated commons reads its agent from the files the renderer really writes (the sim golden files),
// and says why when the render has no working agent.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readRenderedTelemetryAgent } from './simTelemetryAgent.ts';

const golden = (name: string) =>
  readFileSync(new URL(`../rendering/golden/sim/${name}`, import.meta.url), 'utf8');
const gen3Sources = () =>
  (
    parseAllDocuments(golden('app.yaml'))
      .map((doc) => doc.toJS())
      .find((doc) => doc.metadata.name === 'gen3-sandbox') as {
      spec: { sources: Array<Record<string, any>> };
    }
  ).spec.sources;

describe('the simulated commons reads its rendered agent', () => {
  it('takes the endpoint from the alloy source and the token entry from the ExternalSecret', () => {
    expect(readRenderedTelemetryAgent(gen3Sources(), golden('secrets.yaml'))).toEqual({
      endpoint: 'http://127.0.0.1:8080/otlp',
      remoteKey: 'sim-cluster-1-sandbox-csoc-telemetry-ingest',
      property: 'token',
    });
  });

  it('says what is missing when the render has no working agent', () => {
    const withoutAgent = gen3Sources().filter((source) => source.chart !== 'alloy');
    expect(readRenderedTelemetryAgent(withoutAgent, golden('secrets.yaml'))).toEqual({
      problem: 'the commons Application has no alloy source',
    });
    expect(readRenderedTelemetryAgent(gen3Sources(), undefined)).toEqual({
      problem: 'secrets.yaml has no ExternalSecret csoc-telemetry-ingest with a remote key and property',
    });
    const noExporter = gen3Sources().map((source) =>
      source.chart === 'alloy'
        ? { ...source, helm: { valuesObject: { alloy: { alloyConfigmapData: 'logging {}' } } } }
        : source,
    );
    expect(readRenderedTelemetryAgent(noExporter, golden('secrets.yaml'))).toEqual({
      problem: 'the Alloy configuration has no otelcol.exporter.otlphttp endpoint',
    });
  });
});

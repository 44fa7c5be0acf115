// What a simulated commons' Grafana Alloy would run with, read from the files the deploy rendered: the
// OTLP endpoint of the `otelcol.exporter.otlphttp` in the alloy source's configuration (app.yaml) and the
// secret-manager entry the ExternalSecret copies its bearer token from (secrets.yaml). The simulator starts
// the commons' telemetry only from these, so a render that drops the agent, names another entry or another
// endpoint shows up as telemetry that never arrives (docs/adr/0040).
import YAML from 'yaml';

/** The token's Secret, as renderTelemetryAgent.ts names it (ExternalSecret and Kubernetes Secret alike). */
export const SIM_TELEMETRY_SECRET = 'csoc-telemetry-ingest';

export interface RenderedTelemetryAgent {
  /** CSOC's OTLP base URL the agent exports to. */
  endpoint: string;
  /** Secret-manager entry and property the agent's token comes from. */
  remoteKey: string;
  property: string;
}

interface ChartSource {
  chart?: string;
  helm?: { valuesObject?: unknown };
}

/**
 * The agent of a synced commons Application, or a reason it has none that works (no alloy source, no
 * exporter endpoint, no ExternalSecret for its token).
 */
export function readRenderedTelemetryAgent(
  sources: ChartSource[],
  secretsText: string | undefined,
): RenderedTelemetryAgent | { problem: string } {
  const agent = sources.find((source) => source.chart === 'alloy');
  if (!agent) return { problem: 'the commons Application has no alloy source' };
  const values = agent.helm?.valuesObject as { alloy?: { alloyConfigmapData?: unknown } } | undefined;
  const config = values?.alloy?.alloyConfigmapData;
  if (typeof config !== 'string') return { problem: 'the alloy source has no alloy.alloyConfigmapData' };
  const exporter = /otelcol\.exporter\.otlphttp\s+"[^"]*"\s*\{[\s\S]*?endpoint\s*=\s*"([^"]+)"/.exec(config);
  if (!exporter) return { problem: 'the Alloy configuration has no otelcol.exporter.otlphttp endpoint' };
  const externalSecret = (secretsText ? YAML.parseAllDocuments(secretsText) : [])
    .map((document) => document.toJSON() as Record<string, any> | null) // eslint-disable-line @typescript-eslint/no-explicit-any
    .find(
      (manifest) => manifest?.kind === 'ExternalSecret' && manifest.metadata?.name === SIM_TELEMETRY_SECRET,
    );
  const reference = externalSecret?.spec?.data?.[0]?.remoteRef as
    { key?: string; property?: string } | undefined;
  if (!reference?.key || !reference.property)
    return {
      problem: `secrets.yaml has no ExternalSecret ${SIM_TELEMETRY_SECRET} with a remote key and property`,
    };
  return { endpoint: exporter[1]!, remoteKey: reference.key, property: reference.property };
}

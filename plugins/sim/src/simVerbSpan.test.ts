// The simulated plugin's verb span, exported with the real OpenTelemetry SDK to a real OTLP/HTTP receiver:
// it continues the host's TRACEPARENT, and a plugin without an endpoint (or with one that is down) still runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensurePluginBundle } from '@csoc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_PLUGIN_DIR, traceIdOfEnvironment } from './runSim.ts';
import { withSimVerbSpan } from './simVerbSpan.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;

interface ReceivedSpan {
  traceId: string;
  parentSpanId: string;
  name: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

describe('the sim verb span', () => {
  const spans: ReceivedSpan[] = [];
  const paths: string[] = [];
  let receiver: http.Server;
  let endpoint: string;

  beforeAll(async () => {
    receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        paths.push(request.url ?? '');
        // exporter-trace-otlp-http speaks OTLP/HTTP JSON (ids as hex strings).
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resource of body.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans.push(...scope.spans);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('exports `sim <verb>` as a child of the host span named by TRACEPARENT', async () => {
    const code = await withSimVerbSpan(
      'plan',
      { TRACEPARENT, TRACESTATE: 'csoc=1', OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/` },
      async () => 0,
    );
    expect(code).toBe(0);
    expect(paths).toContain('/v1/traces');
    const span = spans.find((candidate) => candidate.name === 'sim plan')!;
    expect(span.traceId).toBe(TRACE_ID);
    expect(span.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(span.attributes).toContainEqual({ key: 'csoc.plugin.verb', value: { stringValue: 'plan' } });
  });

  it('only runs the verb without TRACEPARENT or without an endpoint, and survives a receiver that is down', async () => {
    const before = spans.length;
    expect(await withSimVerbSpan('apply', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, async () => 0)).toBe(0);
    expect(await withSimVerbSpan('apply', { TRACEPARENT }, async () => 3)).toBe(3);
    expect(spans.length).toBe(before);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(
      await withSimVerbSpan(
        'apply',
        { TRACEPARENT, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}` },
        async () => 0,
      ),
    ).toBe(0);
  });

  it('is exported by the bundled plugin too, whose OpenTelemetry SDK is a chunk loaded only then', async () => {
    const bundle = await ensurePluginBundle(SIM_PLUGIN_DIR);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-sim-span-'));
    const requestFile = path.join(workDir, 'request.json');
    fs.writeFileSync(
      requestFile,
      JSON.stringify({
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'PluginRequest',
        verb: 'plan',
        runId: 'span-run',
        commons: { org: 'o', name: 'span' },
        inputs: { name: 'span' },
        credentials: { kind: 'sim', public: {} },
        workDir,
        options: { includePlanJson: false },
      }),
    );
    const child = spawn(process.execPath, [bundle, 'plan'], {
      cwd: SIM_PLUGIN_DIR,
      env: {
        PATH: process.env.PATH,
        CSOC_REQUEST_FILE: requestFile,
        TRACEPARENT,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    fs.rmSync(workDir, { recursive: true, force: true });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(spans.some((span) => span.name === 'sim plan' && span.traceId === TRACE_ID)).toBe(true);
  }, 120_000);

  it('names the trace id of a well-formed TRACEPARENT only', () => {
    expect(traceIdOfEnvironment({ TRACEPARENT })).toBe(TRACE_ID);
    expect(traceIdOfEnvironment({ TRACEPARENT: 'not-a-traceparent' })).toBeUndefined();
    expect(traceIdOfEnvironment({})).toBeUndefined();
  });
});

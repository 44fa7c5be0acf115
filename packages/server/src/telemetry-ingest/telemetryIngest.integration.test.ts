// The OTLP receiver on both databases, through real HTTP: the OpenTelemetry JS SDK exporting protobuf
// (gzip) with a commons' ingest credential, JSON bodies, the refusals an agent sees (401, 400 naming what
// failed, 403 for another commons, 413, 429 with Retry-After), the kept summary read back from the API,
// byte-for-byte forwarding to the org's OTLP receiver, and telemetry-silent / error-rate alerts.
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimTelemetryEmitter } from '../gitops/sim-argocd/simTelemetry.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { otlpRequestType } from './decodeOtlpBody.ts';
import { reportTelemetrySilence, reportTelemetryThresholds } from './telemetryAlertSignals.ts';
import { waitFor } from '../testing/waitFor.ts';

const ORG = 'otlp-org';
const BODY_LIMIT = 64 * 1024;
const RATE_LIMIT = 40;

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** An OTLP/HTTP receiver standing for the org's own backend: it records every request as it came. */
async function startOtlpReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const nanos = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);

/** An OTLP JSON metrics request: one delta histogram of requests (seconds) and fence counters. */
function jsonMetrics(
  service: string,
  options: { ok: number; errors: number; logins?: number; downloads?: number; commons?: string },
) {
  const now = Date.now();
  const point = (status: number, count: number) => ({
    attributes: [{ key: 'http.response.status_code', value: { intValue: String(status) } }],
    startTimeUnixNano: nanos(now - 30_000),
    timeUnixNano: nanos(now),
    count: String(count),
    sum: count * 0.04,
    bucketCounts: ['0', String(count), '0'],
    explicitBounds: [0.025, 0.05],
  });
  const counter = (name: string, value: number, attributes: unknown[] = []) => ({
    name,
    sum: {
      aggregationTemporality: 1,
      isMonotonic: true,
      dataPoints: [
        {
          attributes,
          startTimeUnixNano: nanos(now - 30_000),
          timeUnixNano: nanos(now),
          asInt: String(value),
        },
      ],
    },
  });
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
            ...(options.commons ? [{ key: 'csoc.commons', value: { stringValue: options.commons } }] : []),
          ],
        },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'http.server.request.duration',
                unit: 's',
                histogram: {
                  aggregationTemporality: 1,
                  dataPoints: [point(200, options.ok), point(503, options.errors)],
                },
              },
              counter('gen3_fence_login_total', options.logins ?? 0),
              counter('gen3_fence_presigned_url_total', options.downloads ?? 0, [
                { key: 'action', value: { stringValue: 'download' } },
              ]),
            ],
          },
        ],
      },
    ],
  };
}

describe.each(testDatabaseTargets)('OTLP ingest on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId: string;
  let backend: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const tokens = new Map<string, string>();

  const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
    fetch(`${csoc.url}${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers,
    });
  const ingestJson = (commons: string, body: unknown, path = '/otlp/v1/metrics') =>
    post(path, JSON.stringify(body), {
      'content-type': 'application/json',
      authorization: `Bearer ${tokens.get(commons)}`,
    });
  const series = async (commons: string, query = '') => {
    const response = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${commons}/telemetry${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body as {
      services: string[];
      sources: Record<string, string>;
      points: Array<Record<string, number | null>>;
      lastReceivedAt: string | null;
    };
  };
  const total = (points: Array<Record<string, number | null>>, field: string) =>
    points.reduce((sum, point) => sum + Number(point[field] ?? 0), 0);

  async function issue(commons: string) {
    const issued = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${commons}/telemetry/credential`, {});
    expect(issued.status, issued.text).toBe(201);
    tokens.set(commons, issued.body.token);
    return issued.body as { token: string; rotated: boolean; otlpEndpoint: string };
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: {
        CSOC_TELEMETRY_BODY_LIMIT_BYTES: String(BODY_LIMIT),
        CSOC_TELEMETRY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
        // The test's OTLP receiver runs on loopback, which forwarding may reach only when allowed.
        CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    await createSimAccount(csoc.admin, ORG);
    for (const name of ['alpha', 'beta', 'sdk', 'burst', 'silent', 'sim'])
      expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name))).status).toBe(
        201,
      );
    for (const name of ['alpha', 'beta', 'sdk', 'burst', 'silent', 'sim']) await issue(name);
    backend = await startOtlpReceiver();
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
    await backend?.close();
  });

  it('keeps requests, errors, latency, logins and downloads from a JSON export and answers in OTLP shape', async () => {
    const response = await ingestJson(
      'alpha',
      jsonMetrics('fence', { ok: 30, errors: 10, logins: 4, downloads: 7 }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({});
    const kept = await series('alpha', '?window=1h&service=fence');
    expect(kept.services).toEqual(['fence']);
    expect(kept.sources).toEqual({ fence: 'metrics' });
    expect(total(kept.points, 'requests')).toBe(40);
    expect(total(kept.points, 'errors')).toBe(10);
    expect(total(kept.points, 'logins')).toBe(4);
    expect(total(kept.points, 'downloads')).toBe(7);
    const busy = kept.points.find((point) => Number(point.requests) > 0)!;
    expect(busy.errorRatePercent).toBe(25);
    // Every request took 25-50 ms: the percentiles fall in that bin.
    expect(busy.p50Ms).toBeGreaterThan(25);
    expect(busy.p99Ms).toBeLessThanOrEqual(50);
    expect(kept.lastReceivedAt).not.toBeNull();
  });

  it('keeps what the OpenTelemetry SDK exports as gzip protobuf, cumulative exports counted once', async () => {
    const exporter = new OTLPMetricExporter({
      url: `${csoc.url}/otlp/v1/metrics`,
      headers: { Authorization: `Bearer ${tokens.get('sdk')}` },
      compression: 'gzip' as never,
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'indexd', 'csoc.commons': 'sdk' }),
      readers: [reader],
    });
    const meter = provider.getMeter('test');
    const duration = meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.01, 0.1, 1, 10] },
    });
    const downloads = meter.createCounter('gen3_fence_presigned_url');
    for (let index = 0; index < 90; index += 1) duration.record(0.05, { 'http.response.status_code': 200 });
    for (let index = 0; index < 10; index += 1) duration.record(3, { 'http.response.status_code': 500 });
    downloads.add(5, { action: 'download' });
    downloads.add(9, { action: 'upload' });
    await provider.forceFlush();
    // The second export repeats the cumulative totals plus 20 more requests: only the 20 are new.
    for (let index = 0; index < 20; index += 1) duration.record(0.05, { 'http.response.status_code': 200 });
    await provider.forceFlush();
    await provider.shutdown();

    const kept = await series('sdk', '?window=1h');
    expect(total(kept.points, 'requests')).toBe(120);
    expect(total(kept.points, 'errors')).toBe(10);
    expect(total(kept.points, 'downloads')).toBe(5);
    expect(kept.services).toEqual(['indexd']);
  });

  it('counts server spans as requests for a service that sends no metrics', async () => {
    const now = Date.now();
    const span = (status: number, ms: number) => ({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      name: 'GET /mds/_status',
      kind: 2,
      startTimeUnixNano: nanos(now - ms),
      endTimeUnixNano: nanos(now),
      attributes: [{ key: 'http.response.status_code', value: { intValue: String(status) } }],
    });
    const type = otlpRequestType('traces');
    const body = Buffer.from(
      type
        .encode(
          type.fromObject({
            resourceSpans: [
              {
                resource: { attributes: [{ key: 'service.name', value: { stringValue: 'metadata' } }] },
                scopeSpans: [
                  { spans: [span(200, 30), span(200, 40), span(502, 900), { ...span(200, 5), kind: 3 }] },
                ],
              },
            ],
          }),
        )
        .finish(),
    );
    const response = await post('/otlp/v1/traces', body, {
      'content-type': 'application/x-protobuf',
      authorization: `Bearer ${tokens.get('beta')}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-protobuf');
    const kept = await series('beta', '?service=metadata');
    expect(kept.sources).toEqual({ metadata: 'spans' });
    expect(total(kept.points, 'requests')).toBe(3);
    expect(total(kept.points, 'errors')).toBe(1);
  });

  it('refuses what it cannot take, saying why', async () => {
    const good = JSON.stringify(jsonMetrics('fence', { ok: 1, errors: 0 }));
    const json = { 'content-type': 'application/json' };
    const as = (commons: string) => ({ authorization: `Bearer ${tokens.get(commons)}` });

    const anonymous = await post('/otlp/v1/metrics', good, json);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.message).toContain('Authorization: Bearer');
    const forged = await post('/otlp/v1/metrics', good, {
      ...json,
      authorization: 'Bearer csoc_otlp_not-a-real-one',
    });
    expect(forged.status).toBe(401);

    const garbage = await post('/otlp/v1/metrics', Buffer.from([0x0a, 0xff, 0xff, 0x01]), {
      'content-type': 'application/x-protobuf',
      ...as('alpha'),
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error.message).toContain('not an OTLP metrics export request in protobuf');

    const wrongSignal = await post('/otlp/v1/traces', good, { ...json, ...as('alpha') });
    expect(wrongSignal.status).toBe(400);
    expect((await wrongSignal.json()).error.message).toContain('belongs at /v1/metrics');

    const misshapen = await post(
      '/otlp/v1/metrics',
      JSON.stringify({ resourceMetrics: [null, { scopeMetrics: [{ metrics: 5 }] }] }),
      { ...json, ...as('alpha') },
    );
    expect(misshapen.status).toBe(400);
    expect((await misshapen.json()).error.message).toContain('not an OTLP metrics export request');

    const notJson = await post('/otlp/v1/metrics', '{"resourceMetrics": [', { ...json, ...as('alpha') });
    expect(notJson.status).toBe(400);
    const text = await post('/otlp/v1/logs', 'hello', { 'content-type': 'text/plain', ...as('alpha') });
    expect(text.status).toBe(400);
    expect((await text.json()).error.message).toContain('application/x-protobuf or application/json');
    const notGzip = await post('/otlp/v1/metrics', good, {
      ...json,
      'content-encoding': 'gzip',
      ...as('alpha'),
    });
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).error.message).toContain('gzip');

    const oversized = await post('/otlp/v1/metrics', 'x'.repeat(BODY_LIMIT + 1), { ...json, ...as('alpha') });
    expect(oversized.status).toBe(413);
    expect((await oversized.json()).error.message).toContain('CSOC_TELEMETRY_BODY_LIMIT_BYTES');

    // A resource that names another commons is refused: credentials are per commons.
    const wrongCommons = await ingestJson(
      'alpha',
      jsonMetrics('fence', { ok: 1, errors: 0, commons: 'beta' }),
    );
    expect(wrongCommons.status).toBe(403);
    expect((await wrongCommons.json()).error.message).toContain('belongs to commons alpha');
  });

  it('shows the credential once, rotates and revokes it', async () => {
    const status = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/telemetry/credential`);
    expect(status.body).toMatchObject({ commons: 'alpha', exists: true });
    expect(status.text).not.toContain('csoc_otlp_');
    const old = tokens.get('alpha')!;
    const rotated = await issue('alpha');
    expect(rotated.rotated).toBe(true);
    expect(rotated.otlpEndpoint).toBe(`${csoc.url}/otlp`);
    const body = JSON.stringify(jsonMetrics('fence', { ok: 1, errors: 0 }));
    const withOld = await post('/otlp/v1/metrics', body, {
      'content-type': 'application/json',
      authorization: `Bearer ${old}`,
    });
    expect(withOld.status).toBe(401);
    expect((await ingestJson('alpha', jsonMetrics('fence', { ok: 1, errors: 0 }))).status).toBe(200);
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=200`);
    expect(audit.text).toContain('telemetry.manage');
    expect(audit.text).not.toContain('csoc_otlp_');
    expect(csoc.capturedOutput()).not.toContain(rotated.token);
  });

  it('answers 429 with Retry-After once a commons exceeds its rate', async () => {
    const body = jsonMetrics('fence', { ok: 1, errors: 0 });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let index = 0; index < RATE_LIMIT + 1; index += 1) {
      const response = await ingestJson('burst', body);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(RATE_LIMIT);
    expect(limited, `statuses: ${statuses.join(',')}`).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another commons is not limited by this one.
    expect((await ingestJson('beta', body)).status).toBe(200);
  });

  it('forwards the raw OTLP byte for byte, with the org headers, to the org backend', async () => {
    const refused = await csoc.admin.put(`/api/v1/orgs/${ORG}/telemetry/forwarding`, {
      endpoint: 'http://169.254.169.254/otlp',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS');
    const configured = await csoc.admin.put(`/api/v1/orgs/${ORG}/telemetry/forwarding`, {
      endpoint: `${backend.url}/otlp`,
      headers: { Authorization: 'Bearer org-backend-secret-7f3a' },
    });
    expect(configured.status, configured.text).toBe(200);
    expect(configured.text).not.toContain('org-backend-secret');

    const type = otlpRequestType('metrics');
    const raw = gzipSync(
      Buffer.from(type.encode(type.fromObject(jsonMetrics('fence', { ok: 2, errors: 1 }))).finish()),
    );
    const response = await post('/otlp/v1/metrics', raw, {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      authorization: `Bearer ${tokens.get('beta')}`,
    });
    expect(response.status).toBe(200);
    const copy = await waitFor('the forwarded copy', () =>
      backend.received.find((request) => request.path === '/otlp/v1/metrics'),
    );
    expect(copy.body.equals(raw)).toBe(true);
    expect(copy.headers['content-type']).toBe('application/x-protobuf');
    expect(copy.headers['content-encoding']).toBe('gzip');
    expect(copy.headers.authorization).toBe('Bearer org-backend-secret-7f3a');
    // The agent's own credential never reaches the org backend.
    expect(JSON.stringify(copy.headers)).not.toContain('csoc_otlp_');
    const counts = await waitFor('the delivery count', async () => {
      const read = await csoc.admin.get(`/api/v1/orgs/${ORG}/telemetry/forwarding`);
      return read.body.forwarded >= 1 ? read.body : undefined;
    });
    expect(counts).toMatchObject({
      endpoint: `${backend.url}/otlp`,
      headerNames: ['Authorization'],
      failed: 0,
    });

    // A destination that does not answer: ingest still succeeds, the request waits in the backlog (retried
    // with backoff, ADR 0052) and the settings say why.
    const unreachable = await csoc.admin.put(`/api/v1/orgs/${ORG}/telemetry/forwarding`, {
      endpoint: 'http://127.0.0.1:1',
    });
    expect(unreachable.status, unreachable.text).toBe(200);
    expect((await ingestJson('beta', jsonMetrics('fence', { ok: 1, errors: 0 }))).status).toBe(200);
    const waiting = await waitFor('the failed attempt', async () => {
      const read = await csoc.admin.get(`/api/v1/orgs/${ORG}/telemetry/forwarding`);
      return read.body.lastError ? read.body : undefined;
    });
    expect(waiting.lastError).toContain('could not reach the destination');
    expect(waiting).toMatchObject({ forwarded: 0, failed: 0, backlogRequests: 1 });
    expect((await csoc.admin.delete(`/api/v1/orgs/${ORG}/telemetry/forwarding`)).status).toBe(204);
  });

  it('raises telemetry-silent when a commons that sent telemetry stops, and error-rate on 5xx', async () => {
    for (const rule of [
      { name: 'silent', kind: 'telemetry-silent', params: { minutes: 10 } },
      { name: 'errors', kind: 'error-rate', forSeconds: 0, params: { thresholdPercent: 20 } },
    ])
      expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/rules`, rule)).status).toBe(201);
    expect((await ingestJson('silent', jsonMetrics('fence', { ok: 5, errors: 5 }))).status).toBe(200);

    await reportTelemetryThresholds(csoc.context.database);
    await reportTelemetrySilence(csoc.context.database, Date.now() + 11 * 60_000);
    const alerts = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts?limit=200`);
    const firing = (alerts.body.items as Array<Record<string, any>>).filter(
      (alert) =>
        alert.commons === 'silent' || alert.commonsName === 'silent' || alert.labels?.commons === 'silent',
    );
    expect(firing.map((alert) => `${alert.kind}:${alert.state}`).sort()).toEqual([
      'error-rate:firing',
      'telemetry-silent:firing',
    ]);
    // Telemetry resumes: the silence is reported as 0 and its alert resolves.
    expect((await ingestJson('silent', jsonMetrics('fence', { ok: 5, errors: 0 }))).status).toBe(200);
    await reportTelemetrySilence(csoc.context.database);
    const after = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts?limit=200`);
    const silence = (after.body.items as Array<Record<string, any>>).find(
      (alert) => alert.kind === 'telemetry-silent' && alert.commons === 'silent',
    );
    expect(silence?.state).toBe('resolved');
    expect(orgId).toBeTruthy();
  });

  it('the simulator control API starts a commons emitter that a slow fault shows in the latency', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${csoc.context.simArgoCdUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${csoc.context.simArgoCdToken}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const fault = await control('PUT', `/sim-control/faults/${ORG}/sim`, {
      service: 'peregrine',
      fault: 'slow',
      delayMs: 4000,
    });
    expect(fault.status).toBe(200);
    const unauthorized = await fetch(`${csoc.context.simArgoCdUrl}/sim-control/telemetry`);
    expect(unauthorized.status).toBe(401);
    const started = await control('PUT', `/sim-control/telemetry/${ORG}/sim`, {
      endpoint: `${csoc.url}/otlp`,
      token: tokens.get('sim'),
      services: ['peregrine'],
      intervalMs: 1000,
    });
    expect(started.status, await started.text()).toBe(200);
    try {
      const peregrine = await waitFor('the emitter exports', async () => {
        const kept = await series('sim', '?service=peregrine');
        return total(kept.points, 'requests') > 0 ? kept : undefined;
      });
      const busy = peregrine.points.filter((point) => Number(point.requests) > 0);
      // 4 s added to 20-100 ms requests: every percentile lands in the 2.5-5 s bin.
      for (const point of busy) expect(Number(point.p50Ms)).toBeGreaterThan(2500);
      const listed = await (await control('GET', '/sim-control/telemetry')).json();
      expect(listed.emitters).toEqual([expect.objectContaining({ commons: `${ORG}/sim`, failures: 0 })]);
    } finally {
      expect((await control('DELETE', `/sim-control/telemetry/${ORG}/sim`)).status).toBe(200);
      await control('DELETE', `/sim-control/faults/${ORG}/sim`);
    }
  });

  it('the simulated commons exports real SDK telemetry, and an injected fault shows as errors', async () => {
    let down = false;
    const emitter = startSimTelemetryEmitter({
      endpoint: `${csoc.url}/otlp`,
      token: tokens.get('sim')!,
      org: ORG,
      commons: 'sim',
      services: ['fence', 'indexd'],
      intervalMs: 3_600_000,
      requestsPerInterval: 10,
      faultOf: (service) => (down && service === 'indexd' ? { kind: 'down' } : undefined),
    });
    try {
      emitter.generate();
      down = true;
      emitter.generate();
      await emitter.flush();
      expect(emitter.stats()).toMatchObject({ failures: 0 });
      const indexd = await series('sim', '?service=indexd');
      expect(total(indexd.points, 'requests')).toBe(20);
      expect(total(indexd.points, 'errors')).toBe(10);
      const fence = await series('sim', '?service=fence');
      expect(total(fence.points, 'errors')).toBe(0);
      expect(total(fence.points, 'logins')).toBeGreaterThan(0);
      expect(total(fence.points, 'downloads')).toBeGreaterThan(0);
    } finally {
      await emitter.stop();
    }
  });
});

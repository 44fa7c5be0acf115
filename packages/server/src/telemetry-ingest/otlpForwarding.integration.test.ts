// The durable OTLP forwarding outbox on both databases: requests accepted while the org's backend is down
// survive a CSOC restart and reach it byte for byte, once, when it is back; two workers on one outbox never
// send a request twice, and a dead holder's request is taken over; the backlog bound (bytes, age) drops the
// oldest and the forwarding settings say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../config/loadConfig.ts';
import { createAppContext, type AppRoot } from '../createAppContext.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { otlpRequestType } from './decodeOtlpBody.ts';
import { createOtlpForwarder, type OtlpForwarder } from './otlpForwarder.ts';
import { claimDueForwards, enqueueForward, finishForward, forwardBacklogOf } from './otlpForwardOutbox.ts';
import { waitFor } from '../testing/waitFor.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The org's OTLP backend: answers 503 while down; `accepted` holds what it took (answered 200). */
async function startBackend(options: { down: boolean; answerDelayMs?: number }) {
  const state = { down: options.down, attempts: 0 };
  const accepted: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.attempts += 1;
      if (state.down) return void response.writeHead(503).end('down for maintenance');
      const answer = () => {
        accepted.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      };
      if (options.answerDelayMs) setTimeout(answer, options.answerDelayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    accepted,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** An OTLP JSON metrics request of one counter, made `padBytes` larger by a resource attribute. */
function jsonMetrics(marker: string, padBytes = 0) {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'fence' } },
            { key: 'test.marker', value: { stringValue: marker } },
            { key: 'test.padding', value: { stringValue: 'x'.repeat(padBytes) } },
          ],
        },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'gen3_fence_login_total',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [{ startTimeUnixNano: now, timeUnixNano: now, asInt: '1' }],
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

const countOf = (received: Received[], body: Buffer) => received.filter((r) => r.body.equals(body)).length;

describe.each(testDatabaseTargets)('durable OTLP forwarding on $dialect', (target) => {
  let csoc: TestCsoc | undefined;
  let root: AppRoot | undefined;
  let env: Record<string, string>;
  const orgIds = new Map<string, string>();
  const tokens = new Map<string, string>();
  const cleanups: Array<() => Promise<unknown> | unknown> = [];

  const ingest = (commons: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${csoc!.url}/otlp/v1/metrics`, {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.get(commons)}`,
        ...headers,
      },
    });
  const forwarding = async (org: string) => {
    const read = await csoc!.admin.get(`/api/v1/orgs/${org}/telemetry/forwarding`);
    expect(read.status, read.text).toBe(200);
    return read.body as {
      forwarded: number;
      failed: number;
      dropped: number;
      backlogRequests: number;
      backlogBytes: number;
      oldestQueuedAt: string | null;
      lastError: string | null;
    };
  };

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: {
        // The test's backends run on loopback, which forwarding may reach only when allowed.
        CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8',
        // The smallest bound the settings allow, so a handful of requests outgrow it.
        CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_BYTES: '65536',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    env = {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: String(csoc.context.config.databaseUrl),
      CSOC_LOG_LEVEL: 'warn',
      CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8',
    };
    for (const org of ['bound-org', 'restart-org']) {
      await ensureOrg(csoc, org);
      orgIds.set(org, (await csoc.admin.get(`/api/v1/orgs/${org}`)).body.id);
      await createSimAccount(csoc.admin, org);
      const commons = `${org.split('-')[0]}`;
      expect((await csoc.admin.post(`/api/v1/orgs/${org}/commons`, simCommonsDocument(commons))).status).toBe(
        201,
      );
      const issued = await csoc.admin.post(`/api/v1/orgs/${org}/commons/${commons}/telemetry/credential`, {});
      expect(issued.status, issued.text).toBe(201);
      tokens.set(commons, issued.body.token);
    }
  }, 180_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await csoc?.stop();
    await root?.close();
  });

  it('drops the oldest requests when the backlog outgrows its bound, says so, and forwards the rest', async () => {
    const backend = await startBackend({ down: true });
    cleanups.push(() => backend.close());
    const put = await csoc!.admin.put('/api/v1/orgs/bound-org/telemetry/forwarding', {
      endpoint: backend.url,
    });
    expect(put.status, put.text).toBe(200);
    // Five requests of ~20 KB: the newest three fit in 64 KiB, the oldest two do not.
    const bodies = [1, 2, 3, 4, 5].map((n) => Buffer.from(jsonMetrics(`bound-${n}`, 20_000)));
    for (const body of bodies) expect((await ingest('bound', body)).status).toBe(200);

    const settled = await waitFor('the bound to drop the two oldest', async () => {
      const read = await forwarding('bound-org');
      return read.dropped === 2 && read.backlogRequests === 3 ? read : undefined;
    });
    expect(settled.backlogBytes).toBe(bodies.slice(2).reduce((sum, body) => sum + body.length, 0));
    expect(settled.backlogBytes).toBeLessThanOrEqual(65536);
    expect(settled.oldestQueuedAt).not.toBeNull();
    expect(settled.lastError).toMatch(/dropped|503/);
    expect(settled.forwarded).toBe(0);

    backend.state.down = false;
    await waitFor('the three kept requests to be forwarded', async () => {
      const read = await forwarding('bound-org');
      return read.forwarded === 3 && read.backlogRequests === 0;
    });
    for (const body of bodies.slice(0, 2)) expect(countOf(backend.accepted, body)).toBe(0);
    for (const body of bodies.slice(2)) expect(countOf(backend.accepted, body)).toBe(1);
    expect((await forwarding('bound-org')).dropped).toBe(2);
  }, 240_000);

  it('forwards what it accepted while the backend was down after a restart, byte for byte, once', async () => {
    const backend = await startBackend({ down: true });
    cleanups.push(() => backend.close());
    const put = await csoc!.admin.put('/api/v1/orgs/restart-org/telemetry/forwarding', {
      endpoint: `${backend.url}/otlp`,
      headers: { Authorization: 'Bearer restart-backend-secret-91c2' },
    });
    expect(put.status, put.text).toBe(200);
    const type = otlpRequestType('metrics');
    const protobuf = gzipSync(
      Buffer.from(type.encode(type.fromObject(JSON.parse(jsonMetrics('restart-proto')))).finish()),
    );
    const json = Buffer.from(jsonMetrics('restart-json'));
    expect(
      (
        await ingest('restart', protobuf, {
          'content-type': 'application/x-protobuf',
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(200);
    expect((await ingest('restart', json)).status).toBe(200);

    const waiting = await waitFor('a refused attempt while the backend is down', async () => {
      const read = await forwarding('restart-org');
      return backend.state.attempts > 0 && read.lastError ? read : undefined;
    });
    expect(waiting).toMatchObject({ forwarded: 0, failed: 0, dropped: 0, backlogRequests: 2 });
    expect(waiting.lastError).toContain('HTTP 503');
    expect(backend.accepted).toHaveLength(0);

    // CSOC goes away with both requests unsent; the backend comes back; a new CSOC process starts.
    await csoc!.stop();
    csoc = undefined;
    backend.state.down = false;
    root = await createAppContext(loadConfig(env));
    const forwarder = createOtlpForwarder({
      db: root.context.database.db,
      vault: root.context.vault,
      allowedCidrs: ['127.0.0.0/8'],
      maxBacklogBytes: 1 << 20,
      maxBacklogAgeMs: 3_600_000,
      metrics: root.context.metrics,
      pollMs: 100,
    });
    cleanups.push(() => forwarder.close());
    const orgId = orgIds.get('restart-org')!;
    await waitFor('the backlog to be forwarded', async () => {
      const backlog = await forwardBacklogOf(root!.context.database.db, orgId);
      return backlog.requests === 0 && backend.accepted.length >= 2;
    });
    expect(countOf(backend.accepted, protobuf)).toBe(1);
    expect(countOf(backend.accepted, json)).toBe(1);
    const proto = backend.accepted.find((request) => request.body.equals(protobuf))!;
    expect(proto.path).toBe('/otlp/v1/metrics');
    expect(proto.headers['content-type']).toBe('application/x-protobuf');
    expect(proto.headers['content-encoding']).toBe('gzip');
    expect(proto.headers.authorization).toBe('Bearer restart-backend-secret-91c2');
    expect(backend.accepted.find((request) => request.body.equals(json))!.headers['content-type']).toBe(
      'application/json',
    );
    const counts = await root.context.database.db
      .selectFrom('telemetry_forwarders')
      .select(['forwarded', 'failed', 'dropped'])
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(counts).toEqual({ forwarded: 2, failed: 0, dropped: 0 });
    const metricsText = await root.context.metrics.registry.metrics();
    expect(metricsText).toMatch(/csoc_telemetry_forward_requests_total\{outcome="forwarded"\} 2/);
    await forwarder.close();
  }, 240_000);

  it('two workers on one outbox send each request once; a dead holder’s request is taken over', async () => {
    expect(root, 'the restart test opened the new process').toBeDefined();
    const db = root!.context.database.db;
    const orgId = orgIds.get('restart-org')!;
    // A slow backend keeps sends in flight while the other worker claims.
    const backend = await startBackend({ down: false, answerDelayMs: 20 });
    cleanups.push(() => backend.close());
    await db
      .updateTable('telemetry_forwarders')
      .set({ endpoint: backend.url })
      .where('org_id', '=', orgId)
      .execute();
    const workerOptions = {
      db,
      vault: root!.context.vault,
      allowedCidrs: ['127.0.0.0/8'],
      maxBacklogBytes: 1 << 20,
      maxBacklogAgeMs: 3_600_000,
      batchSize: 4,
      pollMs: 60_000,
      destinationCacheMs: 0,
    };
    const workers: OtlpForwarder[] = [
      createOtlpForwarder({ ...workerOptions, owner: 'worker-a' }),
      createOtlpForwarder({ ...workerOptions, owner: 'worker-b' }),
    ];
    for (const worker of workers) cleanups.push(() => worker.close());

    const bodies = Array.from({ length: 24 }, (_, n) => Buffer.from(jsonMetrics(`race-${n}`)));
    for (const body of bodies)
      await enqueueForward(db, { orgId, signal: 'metrics', body, contentType: 'application/json' });
    // The dead holder: claims one request and never ends it; its lease runs out.
    const [held] = await claimDueForwards(db, 'dead-worker', 1, 1);
    expect(held).toBeDefined();

    await waitFor('both workers to empty the outbox', async () => {
      await Promise.all([workers[0]!.tick(), workers[1]!.tick(), workers[0]!.tick(), workers[1]!.tick()]);
      return (await forwardBacklogOf(db, orgId)).requests === 0;
    });
    for (const body of bodies) expect(countOf(backend.accepted, body), body.toString().slice(0, 60)).toBe(1);
    expect(backend.accepted).toHaveLength(bodies.length);
    // The dead holder, waking up, cannot end what it lost.
    expect(await finishForward(db, held!, { kind: 'done' })).toBe(false);
  }, 240_000);

  it('drops requests older than the age bound, and counts them', async () => {
    const db = root!.context.database.db;
    const orgId = orgIds.get('restart-org')!;
    const backend = await startBackend({ down: true });
    cleanups.push(() => backend.close());
    await db
      .updateTable('telemetry_forwarders')
      .set({ endpoint: backend.url })
      .where('org_id', '=', orgId)
      .execute();
    const before = await db
      .selectFrom('telemetry_forwarders')
      .select('dropped')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const stale = Buffer.from(jsonMetrics('two-hours-old'));
    const fresh = Buffer.from(jsonMetrics('just-now'));
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await enqueueForward(
      db,
      { orgId, signal: 'metrics', body: stale, contentType: 'application/json' },
      twoHoursAgo,
    );
    await enqueueForward(db, { orgId, signal: 'metrics', body: fresh, contentType: 'application/json' });
    const forwarder = createOtlpForwarder({
      db,
      vault: root!.context.vault,
      allowedCidrs: ['127.0.0.0/8'],
      maxBacklogBytes: 1 << 20,
      maxBacklogAgeMs: 3_600_000,
      pollMs: 60_000,
      destinationCacheMs: 0,
    });
    cleanups.push(() => forwarder.close());
    await forwarder.tick();
    const after = await db
      .selectFrom('telemetry_forwarders')
      .select(['dropped', 'last_error'])
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(after.dropped - before.dropped).toBe(1);
    expect(await forwardBacklogOf(db, orgId)).toMatchObject({ requests: 1, bytes: fresh.length });
    // The fresh one was tried (the backend is down) and waits; the stale one never went out.
    expect(countOf(backend.accepted, stale)).toBe(0);
    await forwarder.close();
  }, 120_000);
});

// One trace from a change to a healthy commons (issue 14, item 8; ADR 0039), checked end to end on a real
// `csoc-server` process exporting OTLP/HTTP to a receiver in this test: the API requests of the change (plan,
// approve, deploy, all sent with one W3C traceparent), the run's phases in the worker, the sim plugin's own
// spans (a separate process given TRACEPARENT), the deploy commit (whose git trailer names the trace), the
// Argo CD sync and health seen by the deploy follower (SIMULATED Argo CD), and the first healthy probe all
// carry one trace id. Without OpenTelemetry, nothing is stored but a null.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { runGit } from '../gitops/repository/runGit.ts';
import { decodeOtlpBody, otlpEncodingOf } from '../telemetry-ingest/decodeOtlpBody.ts';
import { ApiClient } from '../testing/ApiClient.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc } from '../testing/startTestCsoc.ts';
import { findFreePort } from '../testing/startThrowawayPostgres.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc-server.mjs');
const ORG = 'trace-org';
const ADMIN = { email: 'admin@example.org', password: 'correct-horse-battery-staple' };

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** OTLP JSON carries ids as hex; protobuf decoded by protobufjs as base64: one form for the assertions. */
const hexId = (id: unknown) =>
  typeof id !== 'string' || id === ''
    ? ''
    : /^[0-9a-f]+$/i.test(id) && id.length % 2 === 0
      ? id.toLowerCase()
      : Buffer.from(id, 'base64').toString('hex');

function attributeValues(attributes: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const attribute of (attributes as Array<{ key: string; value: Record<string, unknown> }>) ?? [])
    values[attribute.key] = Object.values(attribute.value)[0];
  return values;
}

/** An OTLP/HTTP trace receiver (protobuf or JSON), decoding with the protocol's own .proto files. */
async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        const encoding = otlpEncodingOf(request.headers['content-type']);
        if (request.url !== '/v1/traces' || !encoding) throw new Error(`unexpected ${request.url}`);
        const decoded = decodeOtlpBody('traces', encoding, Buffer.concat(chunks)) as any;
        for (const resourceSpans of decoded.resourceSpans) {
          const service = attributeValues(resourceSpans.resource?.attributes)['service.name'] as string;
          for (const scope of resourceSpans.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                service,
                name: span.name,
                traceId: hexId(span.traceId),
                spanId: hexId(span.spanId),
                parentSpanId: hexId(span.parentSpanId),
                kind: Number(span.kind ?? 0),
                attributes: attributeValues(span.attributes),
              });
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        problems.push((error as Error).message);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, spans, problems, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function startServerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, output: () => output };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('one trace from a change to a healthy commons (SQLite, SIMULATED Argo CD and cloud)', () => {
  it('carries the trace id of the change through the run, the plugin, the commit, the sync and the first healthy probe', async () => {
    const receiver = await startOtlpReceiver();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-trace-'));
    const port = await findFreePort();
    const server = startServerProcess({
      CSOC_DATA_DIR: dataDir,
      CSOC_PORT: String(port),
      CSOC_ADMIN_EMAIL: ADMIN.email,
      CSOC_ADMIN_PASSWORD: ADMIN.password,
      CSOC_PROBE_INTERVAL_SECONDS: '1',
      CSOC_SIM_SYNC_DELAY_MS: '200',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SERVICE_NAME: 'csoc-trace-test',
      // Plugins export their own spans only where the operator says so (ADR 0039).
      CSOC_PLUGIN_ENV: `OTEL_EXPORTER_OTLP_ENDPOINT=${receiver.url}`,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await until(
        'CSOC ready',
        async () =>
          (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined,
        60_000,
      );
      const admin = new ApiClient(url);
      await admin.login(ADMIN.email, ADMIN.password);
      expect((await admin.post('/api/v1/orgs', { slug: ORG, name: 'Trace' })).status).toBe(201);
      await createSimAccount(admin, ORG);
      const created = await admin.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument('traced', {}, { gen3: { release: '2025.06', hostname: 'traced.example.org' } }),
      );
      expect(created.status, created.text).toBe(201);

      // The change: one trace, one client span per request (as a traced CLI or pipeline sends them).
      const traceId = crypto.randomBytes(16).toString('hex');
      const clientSpans: string[] = [];
      const traced = () => {
        const spanId = crypto.randomBytes(8).toString('hex');
        clientSpans.push(spanId);
        return { traceparent: `00-${traceId}-${spanId}-01` };
      };
      const plan = await admin.request(
        'POST',
        `/api/v1/orgs/${ORG}/commons/traced/runs`,
        { kind: 'plan' },
        {
          headers: traced(),
        },
      );
      expect(plan.status, plan.text).toBe(201);
      expect((await waitForRun(admin, ORG, plan.body.id, ['planned'], 180_000)).state).toBe('planned');
      const approve = await admin.request(
        'POST',
        `/api/v1/orgs/${ORG}/runs/${plan.body.id}/approve`,
        undefined,
        {
          headers: traced(),
        },
      );
      expect(approve.status, approve.text).toBeLessThan(300);
      expect((await waitForRun(admin, ORG, plan.body.id, [], 180_000)).state).toBe('succeeded');
      const output = await admin.get(`/api/v1/orgs/${ORG}/runs/${plan.body.id}/output`);
      expect(output.text).toContain(`continuing CSOC trace ${traceId}`);

      const deploy = await admin.request(
        'POST',
        `/api/v1/orgs/${ORG}/commons/traced/deploys`,
        {},
        {
          headers: traced(),
        },
      );
      expect(deploy.status, deploy.text).toBe(201);
      const finished = await until(
        'deploy healthy',
        async () => {
          const current = (await admin.get(`/api/v1/orgs/${ORG}/commons/traced/deploys/${deploy.body.id}`))
            .body;
          return current.finishedAt ? current : undefined;
        },
        120_000,
      );
      expect(finished.status, finished.message).toBe('healthy');

      // The commit names the trace in a git trailer.
      const trailer = (
        await runGit(['log', '-1', '--format=%(trailers:key=CSOC-Trace-Id,valueonly)', deploy.body.commit], {
          gitDir: path.join(dataDir, 'gitops', `${ORG}.git`),
        })
      ).stdout.trim();
      expect(trailer).toBe(traceId);

      const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
      const named = (name: string) => inTrace().find((span) => span.name === name);
      await until(
        'every span of the chain at the receiver',
        () =>
          [
            'csoc.run plan',
            'csoc.run apply',
            'sim plan',
            'sim apply',
            'gitops.commit',
            'argocd.synced',
          ].every(named) &&
          named('argocd.healthy') &&
          named('monitor.probe healthy')
            ? true
            : undefined,
        60_000,
      );
      expect(receiver.problems).toEqual([]);

      // The API requests: server spans, children of the client's spans, for the run and the deploy routes.
      const requestSpans = inTrace()
        .filter((span) => span.kind === 2 && clientSpans.includes(span.parentSpanId))
        .sort((a, b) => clientSpans.indexOf(a.parentSpanId) - clientSpans.indexOf(b.parentSpanId));
      const paths = requestSpans.map((span) => String(span.attributes['url.path']));
      expect(paths).toEqual([
        `/api/v1/orgs/${ORG}/commons/traced/runs`,
        `/api/v1/orgs/${ORG}/runs/${plan.body.id}/approve`,
        `/api/v1/orgs/${ORG}/commons/traced/deploys`,
      ]);
      const [planRequest, approveRequest, deployRequest] = requestSpans;

      // The run's phases continue the request that started them; the plugin's spans are their children.
      const planSpan = named('csoc.run plan')!;
      const applySpan = named('csoc.run apply')!;
      expect(planSpan.attributes['csoc.run.id']).toBe(plan.body.id);
      expect(planSpan.parentSpanId).toBe(planRequest!.spanId);
      expect(applySpan.parentSpanId).toBe(approveRequest!.spanId);
      expect(named('sim plan')!.parentSpanId).toBe(planSpan.spanId);
      expect(named('sim apply')!.parentSpanId).toBe(applySpan.spanId);
      expect(named('sim plan')!.service).toBe('csoc-plugin-sim');

      // The commit, the sync, the health and the first healthy probe: the deploy's trace.
      expect(named('gitops.commit')!.attributes['vcs.ref.head.revision']).toBe(deploy.body.commit);
      for (const name of ['gitops.commit', 'argocd.synced', 'argocd.healthy', 'monitor.probe healthy']) {
        expect(named(name)!.parentSpanId, name).toBe(deployRequest!.spanId);
        expect(named(name)!.attributes['csoc.deploy.id'], name).toBe(deploy.body.id);
      }
      // Traced once: later healthy probes are not spans of the deploy's trace.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(inTrace().filter((span) => span.name === 'monitor.probe healthy')).toHaveLength(1);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await receiver.close();
    }
  }, 420_000);
});

describe('tracing switched off (no OTEL_* variables)', () => {
  it('stores only a null trace context and writes no trailer, even when the client sends a traceparent', async () => {
    const csoc = await startTestCsoc({ databaseUrl: createSqliteTestDatabase() });
    try {
      await ensureOrg(csoc, 'quiet-org');
      await createSimAccount(csoc.admin, 'quiet-org');
      const created = await csoc.admin.post(
        '/api/v1/orgs/quiet-org/commons',
        simCommonsDocument('quiet', {}, { gen3: { release: '2025.06', hostname: 'quiet.example.org' } }),
      );
      expect(created.status, created.text).toBe(201);
      const traceparent = `00-${crypto.randomBytes(16).toString('hex')}-${crypto.randomBytes(8).toString('hex')}-01`;
      const run = await csoc.admin.request(
        'POST',
        '/api/v1/orgs/quiet-org/commons/quiet/runs',
        { kind: 'plan' },
        {
          headers: { traceparent },
        },
      );
      expect(run.status, run.text).toBe(201);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs('quiet'),
      });
      const deploy = await csoc.admin.request(
        'POST',
        '/api/v1/orgs/quiet-org/commons/quiet/deploys',
        {},
        {
          headers: { traceparent },
        },
      );
      expect(deploy.status, deploy.text).toBe(201);
      const db = csoc.context.database.db;
      const runRow = await db
        .selectFrom('runs')
        .select('trace_context')
        .where('id', '=', run.body.id)
        .executeTakeFirstOrThrow();
      const deployRow = await db
        .selectFrom('deploys')
        .select(['trace_context', 'healthy_probe_traced_at'])
        .where('id', '=', deploy.body.id)
        .executeTakeFirstOrThrow();
      expect(runRow.trace_context).toBeNull();
      expect(deployRow).toEqual({ trace_context: null, healthy_probe_traced_at: null });
      const message = (
        await runGit(['log', '-1', '--format=%B', deploy.body.commit], {
          gitDir: path.join(csoc.dataDir, 'gitops', 'quiet-org.git'),
        })
      ).stdout;
      expect(message).toContain('Gen3-Release: 2025.06');
      expect(message).not.toContain('CSOC-Trace-Id');
      await csoc.admin.post(`/api/v1/orgs/quiet-org/runs/${run.body.id}/cancel`);
    } finally {
      await csoc.stop();
    }
  }, 120_000);
});

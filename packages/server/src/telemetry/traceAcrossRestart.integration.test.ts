// The trace of a change survives the process that started it (ADR 0039): a run created inside a traced
// request by an API-only CSOC (no worker) is executed after that CSOC stopped, by another one that shares
// only the database, and its phase is still a child of the request's span, with the plugin continuing the
// same trace; a deploy committed by a process that stops at once is followed, and first probed healthy, by
// the next one in the deploy request's trace.
// The real OpenTelemetry SDK with spans kept in memory; SQLite; the sim plugin (real Terraform).
import { context, trace } from '@opentelemetry/api';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommons } from '../commons/commonsStore.ts';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { createDeploy } from '../gitops/deploys/deployService.ts';
import { createRun } from '../runs/runLifecycle.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc, TEST_ADMIN_EMAIL, type TestCsoc } from '../testing/startTestCsoc.ts';
import { findFreePort } from '../testing/startThrowawayPostgres.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

describe('a traced change across a restart (SQLite)', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const sdk = new NodeSDK({
    serviceName: 'csoc-restart-test',
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
    instrumentations: [],
    resourceDetectors: [],
  });
  let second: TestCsoc | undefined;
  beforeAll(() => sdk.start());
  afterAll(async () => {
    await second?.stop();
    await sdk.shutdown();
  });

  it('is executed by the next process in the same trace', async () => {
    const databaseUrl = createSqliteTestDatabase();
    const first = await startTestCsoc({ databaseUrl, env: { CSOC_WORKER: 'off' } });
    await ensureOrg(first, 'restart-trace');
    await createSimAccount(first.admin, 'restart-trace');
    const created = await first.admin.post('/api/v1/orgs/restart-trace/commons', simCommonsDocument('again'));
    expect(created.status, created.text).toBe(201);
    const orgId = (await first.admin.get('/api/v1/orgs/restart-trace')).body.id;
    const commons = await findCommons(first.context.database.db, orgId, 'again');
    const admin = await first.context.database.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', '=', TEST_ADMIN_EMAIL)
      .executeTakeFirstOrThrow();

    // The request that queues the run, as its server span would be.
    const request = trace.getTracer('test').startSpan('POST /api/v1/orgs/:org/commons/:commons/runs');
    const run = await context.with(trace.setSpan(context.active(), request), () =>
      createRun(first.context, {
        orgId,
        commons,
        kind: 'plan',
        requestedBy: {
          userId: admin.id,
          email: admin.email,
          displayName: 'Admin',
          isPlatformAdmin: true,
          via: 'session',
        },
      }),
    );
    request.end();
    expect(run.trace_context).toContain(request.spanContext().traceId);
    await first.stop();

    second = await startTestCsoc({ databaseUrl, env: { CSOC_DATA_DIR: first.dataDir } });
    const planned = await waitForRun(second.admin, 'restart-trace', run.id, ['planned'], 180_000);
    expect(planned.state, planned.message).toBe('planned');
    const phase = exporter.getFinishedSpans().find((span) => span.name === 'csoc.run plan')!;
    expect(phase.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(phase.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    // The plugin, a separate process, was handed that trace.
    const output = await second.admin.get(`/api/v1/orgs/restart-trace/runs/${run.id}/output`);
    expect(output.text).toContain(`continuing CSOC trace ${request.spanContext().traceId}`);
  }, 240_000);

  it('follows a traced deploy of a stopped process to Healthy, and traces its first healthy probe, in the same trace', async () => {
    const databaseUrl = createSqliteTestDatabase();
    const port = String(await findFreePort());
    // One address for both processes: Argo CD names the GitOps repository by the CSOC's public URL.
    const first = await startTestCsoc({ databaseUrl, env: { CSOC_PORT: port, CSOC_WORKER: 'off' } });
    await ensureOrg(first, 'restart-deploy');
    await createSimAccount(first.admin, 'restart-deploy');
    const created = await first.admin.post(
      '/api/v1/orgs/restart-deploy/commons',
      simCommonsDocument('onward', {}, { gen3: { release: '2025.06', hostname: 'onward.example.org' } }),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(first.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs('onward'),
    });
    const orgId = (await first.admin.get('/api/v1/orgs/restart-deploy')).body.id;
    const commons = await findCommons(first.context.database.db, orgId, 'onward');
    // The deploy request, traced; this process stops before anyone follows the deploy.
    const request = trace.getTracer('test').startSpan('POST /api/v1/orgs/:org/commons/:commons/deploys');
    const deploy = await context.with(trace.setSpan(context.active(), request), () =>
      createDeploy(first.context, {
        orgId,
        orgSlug: 'restart-deploy',
        commons,
        requestedBy: { id: 'someone', email: TEST_ADMIN_EMAIL, name: 'Admin' },
      }),
    );
    request.end();
    await first.stop();

    second = await startTestCsoc({
      databaseUrl,
      env: { CSOC_PORT: port, CSOC_DATA_DIR: first.dataDir, CSOC_PROBE_INTERVAL_SECONDS: '1' },
    });
    const traceId = request.spanContext().traceId;
    const inTrace = (name: string) =>
      exporter
        .getFinishedSpans()
        .filter((span) => span.name === name && span.spanContext().traceId === traceId);
    const deadline = Date.now() + 90_000;
    while (inTrace('monitor.probe healthy').length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    for (const name of ['gitops.commit', 'argocd.synced', 'argocd.healthy', 'monitor.probe healthy']) {
      expect(inTrace(name), name).toHaveLength(1);
      expect(inTrace(name)[0]!.parentSpanContext?.spanId, name).toBe(request.spanContext().spanId);
    }
    const finished = (
      await second.admin.get(`/api/v1/orgs/restart-deploy/commons/onward/deploys/${deploy.id}`)
    ).body;
    expect(finished.status, finished.message).toBe('healthy');
  }, 240_000);
});

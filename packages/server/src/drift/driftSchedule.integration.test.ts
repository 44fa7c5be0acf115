// Drift checks on a schedule, on both databases, with the sim plugin and real Terraform: a simulated
// commons whose recorded state no longer matches what its infrastructure reports (a change made outside
// CSOC) is found drifted by the scheduled check and raises the drift-detected alert, which names the plan
// that fixes it; two processes scheduling the same commons never start two drift runs at once.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollAlertSources } from '../alerts/alertSources.ts';
import { createAppContext, type AppRoot } from '../createAppContext.ts';
import type { AppContext } from '../http/appContext.ts';
import { readStateVersion, writeStateVersion } from '../state/stateStore.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { addToDriftSchedule } from './driftSchedule.ts';
import { startDriftScheduler, type DriftScheduler } from './startDriftScheduler.ts';

const ORG = 'drift-org';
const RUN_MS = 240_000;

describe.each(testDatabaseTargets)('scheduled drift checks on $dialect', (target) => {
  let csoc: TestCsoc;
  let second: AppRoot | undefined;
  let commonsId = '';
  const schedulers: DriftScheduler[] = [];

  const driftRuns = async () =>
    (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/drifty/runs?limit=100`)).body.items.filter(
      (run: { kind: string }) => run.kind === 'drift',
    );
  /** Makes the commons due now (the schedule is this area's own table). */
  const makeDue = async () => {
    const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    await addToDriftSchedule(csoc.context.database, [{ id: commonsId, orgId }], 1);
    await csoc.context.database.db
      .updateTable('drift_schedule')
      .set({ next_due_at: new Date(Date.now() - 1000).toISOString() })
      .where('commons_id', '=', commonsId)
      .execute();
  };

  beforeAll(
    async () => {
      csoc = await startTestCsoc({
        databaseUrl: await target.create(),
        // Off: each test runs its own schedulers with short intervals.
        env: { CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0', CSOC_PROBE_INTERVAL_SECONDS: '0' },
      });
      await ensureOrg(csoc, ORG);
      await createSimAccount(csoc.admin, ORG);
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('drifty'));
      expect(created.status, created.text).toBe(201);
      commonsId = created.body.id;
      const plan = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/drifty/runs`, {});
      expect(plan.status, plan.text).toBe(201);
      expect((await waitForRun(csoc.admin, ORG, plan.body.id, ['planned'], RUN_MS)).state).toBe('planned');
      expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${plan.body.id}/approve`)).status).toBe(200);
      expect((await waitForRun(csoc.admin, ORG, plan.body.id, [], RUN_MS)).state).toBe('succeeded');
    },
    2 * RUN_MS + 60_000,
  );
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    await second?.close();
    await csoc?.stop();
  });

  it(
    'finds a drifted commons on schedule and raises the alert that names the fixing plan',
    async () => {
      const rule = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/rules`, {
        name: 'infrastructure-drift',
        kind: 'drift-detected',
      });
      expect(rule.status, rule.text).toBe(201);
      // A change made outside CSOC: the recorded state reports an output the infrastructure no longer has.
      const { database, vault } = csoc.context;
      const current = await readStateVersion(database, vault, commonsId);
      const state = JSON.parse(current!.body.toString('utf8'));
      const [outputName] = Object.entries(state.outputs).find(
        ([, output]) => typeof (output as { value: unknown }).value === 'string',
      )!;
      state.outputs[outputName].value = 'changed-outside-csoc';
      state.serial += 1;
      await writeStateVersion(database, vault, {
        commonsId,
        body: Buffer.from(JSON.stringify(state)),
        writtenBy: 'test: a change outside CSOC',
        runId: null,
      });

      // Every 3 s, first due within one interval of being added to the schedule.
      const scheduler = startDriftScheduler(csoc.context, { intervalMs: 3000, roundMs: 200, holder: 'solo' });
      schedulers.push(scheduler);
      const started = await expect
        .poll(async () => (await driftRuns())[0], { timeout: 30_000, interval: 200 })
        .toBeDefined()
        .then(async () => (await driftRuns())[0]);
      await scheduler.stop();
      expect(started.requestedBy).toBe('drift schedule');
      const finished = await waitForRun(csoc.admin, ORG, started.id, [], RUN_MS);
      expect(finished).toMatchObject({ state: 'succeeded', driftDetected: true });

      await pollAlertSources(database);
      const alerts = (await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts`)).body.items;
      const drift = alerts.find((alert: { kind: string }) => alert.kind === 'drift-detected');
      expect(drift).toMatchObject({ state: 'firing', commons: 'drifty' });
      expect(drift.summary).toContain(finished.id);
      expect(drift.summary).toContain(`csoc plan ${ORG}/drifty`);
      expect(drift.summary).toContain(`POST /api/v1/orgs/${ORG}/commons/drifty/runs {"kind":"plan"}`);
    },
    2 * RUN_MS,
  );

  it(
    'never starts two drift runs for one commons, across two processes',
    async () => {
      // A second scheduler on the same database. On PostgreSQL it is a second app context (its own
      // connection pool), as another replica is; on SQLite it shares this process's one connection (two
      // connections in one process would deadlock on SQLite's synchronous busy wait).
      let otherContext: AppContext = csoc.context;
      if (target.dialect === 'postgres') {
        const config = csoc.context.config;
        second = await createAppContext(
          { ...config, dataDir: fs.mkdtempSync(`${config.dataDir}-second-`) } as typeof config,
          { logDestination: { write: () => true } as never, publicUrl: csoc.url },
        );
        otherContext = second.context;
      }
      // Rounds are run by hand (the timers wait an hour), so both processes race for the same due commons.
      const options = { intervalMs: 3_600_000, roundMs: 3_600_000 };
      const a = startDriftScheduler(csoc.context, { ...options, holder: 'process-a' });
      const b = startDriftScheduler(otherContext, { ...options, holder: 'process-b' });
      schedulers.push(a, b);
      const before = (await driftRuns()).length;

      await makeDue();
      const [first, other] = await Promise.all([a.runRound(), b.runRound()]);
      expect(first.started.length + other.started.length).toBe(1);
      const runId = [...first.started, ...other.started][0]!.runId;

      // Due again while that run is in flight: both skip it.
      for (let round = 0; round < 3; round++) {
        await makeDue();
        const results = await Promise.all([a.runRound(), b.runRound()]);
        expect(results.flatMap((result) => result.started)).toEqual([]);
        expect(results.flatMap((result) => result.skippedInFlight).length).toBeGreaterThanOrEqual(1);
      }
      expect((await waitForRun(csoc.admin, ORG, runId, [], RUN_MS)).state).toBe('succeeded');

      // Once it ended, the next due round starts exactly one again.
      await makeDue();
      const next = await Promise.all([a.runRound(), b.runRound()]);
      expect(next.flatMap((result) => result.started)).toHaveLength(1);
      await waitForRun(csoc.admin, ORG, next.flatMap((result) => result.started)[0]!.runId, [], RUN_MS);

      const runs = await driftRuns();
      expect(runs.length - before).toBe(2);
      // No two drift runs of the commons were ever active at the same time.
      const spans = runs
        .map((run: { createdAt: string; finishedAt: string }) => [run.createdAt, run.finishedAt])
        .sort();
      for (let index = 1; index < spans.length; index++)
        expect(spans[index]![0] >= spans[index - 1]![1]).toBe(true);
    },
    2 * RUN_MS,
  );

  it('follows the commons label that turns its scheduled checks off', async () => {
    const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/drifty`);
    const document = simCommonsDocument('drifty');
    const labelled = await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/drifty`,
      {
        ...document,
        metadata: { name: 'drifty', labels: { 'csoc.gen3.org/drift-check-interval-minutes': '0' } },
        spec: current.body.spec,
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(labelled.status, labelled.text).toBe(200);
    const scheduler = startDriftScheduler(csoc.context, {
      intervalMs: 3_600_000,
      roundMs: 3_600_000,
      holder: 'labelled',
    });
    schedulers.push(scheduler);
    const before = (await driftRuns()).length;
    await makeDue();
    const round = await scheduler.runRound();
    expect(round).toMatchObject({ started: [], skippedByLabel: [commonsId] });
    expect((await driftRuns()).length).toBe(before);
  });
});

// Fencing of run leases (ADR 0062): a worker that lost a run — its lease ran out and the run was taken
// over, even by a later claim of the same worker — can no longer renew the lease, finish the run, pass the
// "still mine" check before recording outputs, or reach the commons' state with its old token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { readRunOutput, RunLogWriter } from './runOutput.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import {
  claimNextRun,
  finishPhase,
  heartbeat,
  holderOf,
  holdsLease,
  reclaimExpiredLeases,
  type ClaimedRun,
} from './runQueue.ts';

const ORG = 'fencing-org';
const WORKER = 'worker-a';

describe.each(testDatabaseTargets)('run lease fencing ($dialect)', (target) => {
  let csoc: TestCsoc;
  let commonsCount = 0;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create(), env: { CSOC_WORKER: 'off' } });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  /** A queued plan run of a fresh commons. */
  async function queuedRun(): Promise<string> {
    const name = `fenced-${commonsCount++}`;
    expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name))).status).toBe(201);
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, {});
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  }

  /** What a worker cut off the network sees happen: its lease runs out while it cannot renew it. */
  async function expireLease(runId: string): Promise<void> {
    await sql`update runs set lease_expires_at = ${new Date(Date.now() - 1000).toISOString()} where id = ${runId}`.execute(
      csoc.context.database.db,
    );
  }

  const stateGet = (runId: string, token: string) =>
    fetch(`${csoc.url}/api/v1/state/${runId}`, {
      headers: { authorization: `Basic ${Buffer.from(`run-${runId}:${token}`).toString('base64')}` },
    });

  it('refuses everything the old attempt does once the same worker claimed the run again', async () => {
    const database = csoc.context.database;
    const runId = await queuedRun();
    const first = (await claimNextRun(database, WORKER, 30)) as ClaimedRun;
    expect(first.run.id).toBe(runId);
    const stale = holderOf(first, WORKER);
    expect((await stateGet(runId, first.stateToken)).status).toBe(204);

    await expireLease(runId);
    expect((await reclaimExpiredLeases(database)).map((run) => run.state)).toEqual(['queued']);
    const second = (await claimNextRun(database, WORKER, 30)) as ClaimedRun;
    expect(second.run.id).toBe(runId);
    expect(second.run.attempt).toBe(first.run.attempt + 1);
    const current = holderOf(second, WORKER);

    // Same worker id, older attempt: no renewal, no "still mine", no finish, no state.
    expect((await heartbeat(database, runId, stale, 30)).held).toBe(false);
    expect(await holdsLease(database, runId, stale)).toBe(false);
    expect(await finishPhase(database, runId, stale, { state: 'failed', message: 'stale' })).toBe(false);
    expect((await stateGet(runId, first.stateToken)).status).toBe(401);

    // The attempt that holds the run is untouched by all that.
    expect((await heartbeat(database, runId, current, 30)).held).toBe(true);
    expect(await holdsLease(database, runId, current)).toBe(true);
    expect((await stateGet(runId, second.stateToken)).status).toBe(204);
    expect(await finishPhase(database, runId, current, { state: 'succeeded', message: 'done' })).toBe(true);
    const run = (await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${runId}`)).body;
    expect(run.state).toBe('succeeded');
  });

  it('refuses a worker whose lease ran out even before any other worker reclaimed the run', async () => {
    const database = csoc.context.database;
    const runId = await queuedRun();
    const claimed = (await claimNextRun(database, WORKER, 30)) as ClaimedRun;
    const holder = holderOf(claimed, WORKER);
    await expireLease(runId);

    // Renewing an expired lease would race the reclaimer; finishing would overwrite what it decides.
    expect((await heartbeat(database, runId, holder, 30)).held).toBe(false);
    expect(await holdsLease(database, runId, holder)).toBe(false);
    expect(await finishPhase(database, runId, holder, { state: 'planned', message: 'late' })).toBe(false);
    expect((await stateGet(runId, claimed.stateToken)).status).toBe(401);
    const run = (await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${runId}`)).body;
    expect(run.state).toBe('running');
    expect((await reclaimExpiredLeases(database)).map((reclaimed) => reclaimed.id)).toContain(runId);
  });

  it('drops the output a worker writes after losing its run, and keeps the output of the attempt that holds it', async () => {
    const database = csoc.context.database;
    // The test before this one leaves its reclaimed run queued: end it, so the claims below take this run.
    await sql`update runs set state = 'cancelled' where state = 'queued'`.execute(database.db);
    const runId = await queuedRun();
    const first = (await claimNextRun(database, WORKER, 30)) as ClaimedRun;
    expect(first.run.id).toBe(runId);
    const staleLog = new RunLogWriter(database, runId, holderOf(first, WORKER));
    staleLog.write('written while the lease was held\n');
    await staleLog.record('state', { state: 'running', message: 'attempt 1 started' });

    await expireLease(runId);
    await reclaimExpiredLeases(database);
    const second = (await claimNextRun(database, 'worker-b', 30)) as ClaimedRun;
    const currentLog = new RunLogWriter(database, runId, holderOf(second, 'worker-b'));
    await currentLog.record('state', { state: 'running', message: 'attempt 2 started' });

    // The cut-off worker comes back and goes on writing what it had queued: none of it lands.
    staleLog.write('late line from attempt 1\n');
    await staleLog.record('event', { type: 'resource', address: 'terraform_data.late' });
    await staleLog.close();
    await currentLog.record('state', { state: 'planned', message: 'attempt 2 planned' });
    await currentLog.close();

    const texts = (await readRunOutput(database, runId, 0, 100)).map((row) => row.data);
    expect(texts.some((text) => text.includes('written while the lease was held'))).toBe(true);
    expect(texts.some((text) => text.includes('attempt 2 started'))).toBe(true);
    expect(texts.some((text) => text.includes('attempt 2 planned'))).toBe(true);
    expect(texts.some((text) => text.includes('late line') || text.includes('terraform_data.late'))).toBe(
      false,
    );
  });
});

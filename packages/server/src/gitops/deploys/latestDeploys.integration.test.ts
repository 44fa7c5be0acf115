// The latest deploy of each commons carries its trace context to the probe scheduler only until a probe was
// traced healthy for it, and exactly one of several probers marking it at once wins (ADR 0039), on both
// databases.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { latestDeployOfEachCommons, markHealthyProbeTraced } from './latestDeploys.ts';

const TRACE = JSON.stringify({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });

describe.each(testDatabaseTargets)('the first healthy probe of a traced deploy on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId: string;
  let commonsId: string;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'probe-trace');
    await createSimAccount(csoc.admin, 'probe-trace');
    const created = await csoc.admin.post('/api/v1/orgs/probe-trace/commons', simCommonsDocument('once'));
    expect(created.status, created.text).toBe(201);
    commonsId = created.body.id;
    orgId = (await csoc.admin.get('/api/v1/orgs/probe-trace')).body.id;
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  async function insertDeploy(traceContext: string | null): Promise<string> {
    const id = newId();
    await csoc.context.database.db
      .insertInto('deploys')
      .values({
        id,
        org_id: orgId,
        commons_id: commonsId,
        revision: 1,
        release: '2025.06',
        commit_sha: 'a'.repeat(40),
        diff: '',
        status: 'healthy',
        message: '',
        timeline: '[]',
        requested_by: 'test',
        requested_by_id: 'test',
        created_at: new Date().toISOString(),
        finished_at: new Date().toISOString(),
        follower_id: null,
        follower_lease_expires_at: null,
        trace_context: traceContext,
      })
      .execute();
    return id;
  }

  const latestOfCommons = async () =>
    (await latestDeployOfEachCommons(csoc.context.database)).find(
      (deploy) => deploy.commonsId === commonsId,
    )!;

  it('hands the trace over until one prober marks it, once', async () => {
    const database = csoc.context.database;
    const deployId = await insertDeploy(TRACE);
    expect(await latestOfCommons()).toMatchObject({ id: deployId, pendingProbeTrace: TRACE });
    const marks = await Promise.all(
      Array.from({ length: 6 }, () => markHealthyProbeTraced(database, deployId)),
    );
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect((await latestOfCommons()).pendingProbeTrace).toBeNull();
    // An untraced deploy never waits for a traced probe.
    const untraced = await insertDeploy(null);
    expect(await latestOfCommons()).toMatchObject({ id: untraced, pendingProbeTrace: null });
  });
});

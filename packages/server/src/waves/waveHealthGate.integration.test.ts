// The wave health gate's probe verdict on both databases: a probe counts for a step only when it was taken
// after the step's deploy finished AND judged Argo CD on signals read after it (recorded with the probe).
// A probe long after the deploy but on older signals holds the gate; one a second after it, on signals
// read after it, passes at once (no fixed allowance for the age of signals).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommonsHealth } from '../monitor/assessHealth.ts';
import { findCommonsHealth, recordProbedCommons, recordProbeChecks } from '../monitor/healthStore.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { probeVerdict } from './waveHealthGate.ts';
import type { WaveMembersTable } from './waveTables.ts';

const ORG = 'gate-org';

const healthy: CommonsHealth = {
  state: 'healthy',
  reasons: [],
  services: [{ service: 'revproxy', state: 'healthy', reason: '', httpStatus: 200, latencyMs: 9 }],
};

describe.each(testDatabaseTargets)('wave gate probe verdict on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId = '';
  let member: WaveMembersTable;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('delta'));
    expect(created.status, created.text).toBe(201);
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    member = { commons_id: created.body.id, commons_name: 'delta' } as WaveMembersTable;
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('counts a probe only when its signals were read after the deploy finished', async () => {
    const database = csoc.context.database;
    // Probing on (every 30 s) for the gate; this CSOC's own schedule is off, the test writes the probes.
    const context = { ...csoc.context, config: { ...csoc.context.config, probeIntervalSeconds: 30 } };
    const iso = (ms: number) => new Date(ms).toISOString();
    const deployFinished = Date.now() - 50_000;
    const since = iso(deployFinished);
    const probe = async (at: number, signalsAt: number) =>
      recordProbedCommons(
        database,
        {
          commonsId: member.commons_id,
          orgId,
          commonsName: 'delta',
          health: healthy,
          probeMs: 40,
          at: iso(at),
          signalsAt: iso(signalsAt),
        },
        await findCommonsHealth(database, member.commons_id),
      );

    // Taken 40 s after the deploy, but on signals read during its sync: it may say OutOfSync for a sync
    // that already finished, or Healthy before the new pods were up. The gate waits.
    await probe(deployFinished + 40_000, deployFinished - 2000);
    expect(await probeVerdict(context, member, since)).toEqual({
      kind: 'hold',
      reason: 'waiting for a probe of delta after its upgrade',
    });

    // A second after the deploy, on signals read after it: counts at once.
    await probe(deployFinished + 1500, deployFinished + 1000);
    expect(await probeVerdict(context, member, since)).toEqual({ kind: 'pass' });

    // An unchanged round written in a batch carries its signals time too.
    await recordProbeChecks(database, [
      {
        commonsId: member.commons_id,
        at: iso(deployFinished + 45_000),
        probeMs: 30,
        signalsAt: iso(deployFinished - 500),
      },
    ]);
    expect((await findCommonsHealth(database, member.commons_id))!.signalsAt).toBe(iso(deployFinished - 500));
    expect((await probeVerdict(context, member, since)).kind).toBe('hold');
  });
});

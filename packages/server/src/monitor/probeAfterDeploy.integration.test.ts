// A deploy is judged on signals read after it finished, soon after it finished (both databases, SIMULATED
// Argo CD and commons endpoints): with a scheduled interval far longer than the test, a commons is probed
// within seconds of its first deploy finishing and again after each later deploy, and each result records
// when its Argo CD and deploy signals were read, after that deploy's end, so a wave step's gate passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { probeVerdict } from '../waves/waveHealthGate.ts';
import type { WaveMembersTable } from '../waves/waveTables.ts';
import { findCommonsHealth } from './healthStore.ts';
import { startProbeScheduler, type ProbeScheduler } from './startProbeScheduler.ts';

const ORG = 'deploy-probe-org';
/** Far beyond the polls below: a probe they see came from the deploy, not from the schedule. */
const INTERVAL_MS = 3_600_000;
/** Within seconds of the deploy's end; generous for a loaded CI machine, far below the interval. */
const SOON = { timeout: 45_000, interval: 100 };

describe.each(testDatabaseTargets)('probes after a deploy on $dialect', { timeout: 240_000 }, (target) => {
  let csoc: TestCsoc;
  let scheduler: ProbeScheduler;

  async function deploy(name: string): Promise<{ id: string; finishedAt: string }> {
    const started = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
    expect(started.status, started.text).toBe(201);
    let body: { status: string; finishedAt: string | null } = { status: '', finishedAt: null };
    await expect
      .poll(
        async () =>
          (body = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${started.body.id}`))
            .body).status,
        { timeout: 60_000, interval: 100 },
      )
      .toBe('healthy');
    return { id: started.body.id, finishedAt: body.finishedAt! };
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_SIM_SYNC_DELAY_MS: '300' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    scheduler = startProbeScheduler(csoc.context, {
      intervalMs: INTERVAL_MS,
      refreshMs: INTERVAL_MS,
      timeoutMs: 15_000,
      slowMs: 10_000,
      perHostConcurrency: 2,
      retentionDays: 90,
    });
  }, 120_000);
  afterAll(async () => {
    await scheduler?.stop();
    await csoc?.stop();
  });

  it('probes a commons soon after each deploy finishes, on signals read after it finished', async () => {
    const name = 'gamma';
    const created = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(name, {}, { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } }),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(name),
    });
    const health = () => findCommonsHealth(csoc.context.database, created.body.id);
    const member = {
      commons_id: created.body.id,
      commons_name: name,
    } as WaveMembersTable;
    // The wave gate as it runs where probing is on (this CSOC's own schedule is off; the test's runs).
    const probingContext = {
      ...csoc.context,
      config: { ...csoc.context.config, probeIntervalSeconds: INTERVAL_MS / 1000 },
    };

    for (const round of ['first deploy', 'second deploy']) {
      const deployed = await deploy(name);
      await expect
        .poll(async () => {
          const stored = await health();
          return (
            stored !== undefined &&
            stored.signalsAt! > deployed.finishedAt &&
            stored.checkedAt > deployed.finishedAt
          );
        }, SOON)
        .toBe(true);
      const stored = (await health())!;
      expect(stored.state, `${round}: ${JSON.stringify(stored.reasons)}`).toBe('healthy');
      // A client sees the same through the API: the signals of that health were read after its deploy.
      const reported = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/health`);
      expect(reported.status, reported.text).toBe(200);
      expect(reported.body.signalsAt > deployed.finishedAt, reported.text).toBe(true);
      // The step's gate counts that probe: its signals were read after the deploy finished.
      expect(await probeVerdict(probingContext, member, deployed.finishedAt)).toEqual({ kind: 'pass' });
    }
    expect(scheduler.stats().targets).toBe(1);
  });
});

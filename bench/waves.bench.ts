// A release wave over N simulated commons (default 500, CSOC_BENCH_WAVE_FLEET) through a real CSOC on
// SQLite with the SIMULATED Argo CD syncing at once (CSOC_SIM_SYNC_DELAY_MS=0) and probes off: one stage,
// every commons under way at once. CSOC's own time is the time to take every commons' step (spec revision,
// render, commit, push, deploy record, wave bookkeeping) until the last one is committed; the time to the
// wave's completion adds Argo CD's (simulated) sync and the deploy following. Checks one deploy record per
// commons. Prints figures.
import { recordInfrastructure } from '@csoc/server/internal/commons/recordInfrastructure.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { printTable, round, startBenchCsoc } from './benchKit.ts';

const FLEET = Number(process.env.CSOC_BENCH_WAVE_FLEET ?? 500);
const ORG = 'wave-bench';

export async function benchWaves(): Promise<void> {
  const csoc = await startBenchCsoc(undefined, {
    CSOC_SIM_SYNC_DELAY_MS: '0',
    CSOC_PROBE_INTERVAL_SECONDS: '0',
    CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
    CSOC_DEPLOY_TIMEOUT_SECONDS: '3600',
  });
  try {
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const names = Array.from({ length: FLEET }, (_, index) => `w${String(index).padStart(4, '0')}`);
    for (const name of names) {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { name, labels: { bench: 'wave' } },
      });
      if (created.status !== 201) throw new Error(`creating ${name}: ${created.text}`);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
    }

    const started = performance.now();
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves`, {
      name: 'bench',
      selector: 'bench=wave',
      targetRelease: '2025.07',
      soakSeconds: 0,
      maxParallel: FLEET,
    });
    if (created.status !== 201) throw new Error(`creating the wave: ${created.text}`);
    let committedMs = 0;
    let wave = created.body;
    for (;;) {
      wave = (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/bench`)).body;
      const states = wave.members.map((member: { state: string }) => member.state) as string[];
      if (!committedMs && states.every((state) => state === 'upgrading' || state === 'done'))
        committedMs = performance.now() - started;
      if (['completed', 'paused', 'rolled_back'].includes(wave.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const completedMs = performance.now() - started;
    if (wave.state !== 'completed') throw new Error(`the wave ended ${wave.state}: ${wave.pausedReason}`);
    const deployCounts = await csoc.context.database.db
      .selectFrom('deploys')
      .select((eb) => ['commons_id', eb.fn.countAll<number>().as('count')])
      .groupBy('commons_id')
      .execute();
    const oneEach = deployCounts.length === FLEET && deployCounts.every((row) => Number(row.count) === 1);
    printTable(`Release wave over ${FLEET} simulated commons (SQLite, one stage, all at once)`, [
      {
        figure: "CSOC's own time: every step committed and recorded",
        seconds: round(committedMs / 1000, 1),
        'per commons (ms)': round(committedMs / FLEET, 1),
      },
      {
        figure: 'to the wave completed (adds simulated sync + following)',
        seconds: round(completedMs / 1000, 1),
        'per commons (ms)': round(completedMs / FLEET, 1),
      },
      { figure: 'one deploy record per commons', seconds: oneEach ? 'yes' : 'NO', 'per commons (ms)': '' },
    ]);
  } finally {
    await csoc.stop();
  }
}

// A release wave over N simulated commons (default 500, CSOC_BENCH_WAVE_FLEET) through a real CSOC on
// SQLite with the SIMULATED Argo CD syncing at once (CSOC_SIM_SYNC_DELAY_MS=0) and probes off: one stage,
// every commons under way at once, so one look takes every step in one commit (ADR 0044). CSOC's own time
// is the time to take every commons' step (spec revision, render, commit, push, deploy record, wave
// bookkeeping) until the last one is committed; the time to the wave's completion adds Argo CD's
// (simulated) sync and the deploy following. Checks one deploy record per commons.
// Baseline in the same run: the per-commons path (what each wave step was before: a spec revision and a
// person-shaped deploy, one commit and push each, 8 at a time) over a sample of other commons of the same
// org (CSOC_BENCH_WAVE_SAMPLE, default 50; the whole fleet would take half an hour that way), per commons.
// Prints figures (CSOC_BENCH_WAVE_SKIP_COMPLETION=true stops before waiting for the wave's completion).
import type { CommonsSpec } from '@csoc/common';
import { findCommons, updateCommons } from '@csoc/server/internal/commons/commonsStore.ts';
import { recordInfrastructure } from '@csoc/server/internal/commons/recordInfrastructure.ts';
import { createDeployBatch } from '@csoc/server/internal/gitops/deploys/createDeployBatch.ts';
import { createDeploy, startFollowingDeploy } from '@csoc/server/internal/gitops/deploys/deployService.ts';
import { TEST_ADMIN_EMAIL, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { printTable, round, startBenchCsoc } from './benchKit.ts';

const FLEET = Number(process.env.CSOC_BENCH_WAVE_FLEET ?? 500);
const SAMPLE = Number(process.env.CSOC_BENCH_WAVE_SAMPLE ?? 50);
const ORG = 'wave-bench';

/**
 * The per-commons path over `names`, 8 at a time: each commons' release written (a revision) and deployed
 * in a commit and push of its own, followed as a person's deploy is. Returns the milliseconds to the last
 * deploy recorded, once every deploy finished (so their following does not load the wave's figure).
 */
async function perCommonsPath(csoc: TestCsoc, names: string[]): Promise<number> {
  const { database } = csoc.context;
  const org = await database.db
    .selectFrom('orgs')
    .select('id')
    .where('slug', '=', ORG)
    .executeTakeFirstOrThrow();
  const admin = await database.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', TEST_ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  const deployIds: string[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < names.length) {
        const current = await findCommons(database.db, org.id, names[next++]!);
        const spec = JSON.parse(current.spec) as CommonsSpec;
        const { commons } = await updateCommons(csoc.context, current, {
          spec: { ...spec, gen3: { ...spec.gen3!, release: '2025.07' } },
          labels: JSON.parse(current.labels) as Record<string, string>,
          message: 'bench: per-commons path',
          author: { id: admin.id, label: admin.email },
        });
        const deploy = await createDeploy(csoc.context, {
          orgId: org.id,
          orgSlug: ORG,
          commons,
          requestedBy: { id: admin.id, email: admin.email, name: admin.email },
        });
        if (deploy.status === 'failed') throw new Error(`per-commons deploy failed: ${deploy.message}`);
        startFollowingDeploy(csoc.context, deploy.id);
        deployIds.push(deploy.id);
      }
    }),
  );
  const elapsed = performance.now() - started;
  for (;;) {
    const open = await database.db
      .selectFrom('deploys')
      .select('id')
      .where('id', 'in', deployIds)
      .where('finished_at', 'is', null)
      .execute();
    if (open.length === 0) return elapsed;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Deploys every commons once at its starting release (one batched commit) and waits for the deploys to
 * end: a fleet a wave moves has been deployed before, so the wave's figure is its steady-state cost (the
 * telemetry ingest credential is issued at a commons' first deploy, ADR 0040, not at every one).
 */
async function deployFleetOnce(csoc: TestCsoc, names: string[]): Promise<void> {
  const { database } = csoc.context;
  const org = await database.db
    .selectFrom('orgs')
    .select('id')
    .where('slug', '=', ORG)
    .executeTakeFirstOrThrow();
  const admin = await database.db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', TEST_ADMIN_EMAIL)
    .executeTakeFirstOrThrow();
  const targets = await Promise.all(
    names.map(async (name) => ({ commons: await findCommons(database.db, org.id, name) })),
  );
  const outcomes = await createDeployBatch(csoc.context, {
    orgId: org.id,
    orgSlug: ORG,
    requestedBy: { id: admin.id, email: admin.email, name: admin.email },
    title: 'bench: the fleet at its starting release',
    targets,
  });
  for (const outcome of outcomes) {
    if (!outcome.deploy || outcome.deploy.status === 'failed')
      throw new Error(`deploying the fleet failed: ${outcome.error?.message ?? outcome.deploy?.message}`);
    startFollowingDeploy(csoc.context, outcome.deploy.id);
  }
  for (;;) {
    const openDeploys = await database.db
      .selectFrom('deploys')
      .select('id')
      .where('finished_at', 'is', null)
      .execute();
    if (openDeploys.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export async function benchWaves(): Promise<void> {
  const csoc = await startBenchCsoc(undefined, {
    CSOC_SIM_SYNC_DELAY_MS: '0',
    CSOC_PROBE_INTERVAL_SECONDS: '0',
    CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
    CSOC_DEPLOY_TIMEOUT_SECONDS: '3600',
    // No run worker: a first deploy queues a telemetry ingest credential delivery run per commons (ADR
    // 0040), hundreds of plugin runs that are not wave work and would load the machine while it is timed.
    CSOC_WORKER: 'off',
  });
  try {
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const names = Array.from({ length: FLEET }, (_, index) => `w${String(index).padStart(4, '0')}`);
    const sample = Array.from({ length: SAMPLE }, (_, index) => `s${String(index).padStart(4, '0')}`);
    for (const name of [...names, ...sample]) {
      const document = simCommonsDocument(
        name,
        {},
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { name, labels: { bench: name.startsWith('w') ? 'wave' : 'sample' } },
      });
      if (created.status !== 201) throw new Error(`creating ${name}: ${created.text}`);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
    }

    await deployFleetOnce(csoc, [...names, ...sample]);
    const perCommonsMs = SAMPLE ? await perCommonsPath(csoc, sample) : 0;

    const started = performance.now();
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/waves`, {
      name: 'bench',
      selector: 'bench=wave',
      targetRelease: '2025.07',
      soakSeconds: 0,
      maxParallel: FLEET,
    });
    if (created.status !== 201) throw new Error(`creating the wave: ${created.text}`);
    let wave = created.body;
    const members = () => wave.members as { state: string; deployId: string | null }[];
    for (;;) {
      wave = (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/bench`)).body;
      if (members().every((member) => member.state === 'upgrading' || member.state === 'done')) break;
      if (['completed', 'paused', 'rolled_back'].includes(wave.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const committedMs = performance.now() - started;
    if (wave.state === 'paused') throw new Error(`the wave paused: ${wave.pausedReason}`);
    const deployCounts = await csoc.context.database.db
      .selectFrom('deploys')
      .select((eb) => ['commons_id', 'commit_sha', eb.fn.countAll<number>().as('count')])
      .where(
        'id',
        'in',
        members().map((member) => member.deployId ?? ''),
      )
      .groupBy(['commons_id', 'commit_sha'])
      .execute();
    const oneEach = deployCounts.length === FLEET && deployCounts.every((row) => Number(row.count) === 1);
    const commits = new Set(deployCounts.map((row) => row.commit_sha)).size;
    const batchedPerCommons = committedMs / FLEET;
    const singlePerCommons = SAMPLE ? perCommonsMs / SAMPLE : 0;
    // Printed before the wave completes: following 500 deploys to Healthy takes far longer than this.
    printTable(`Release wave over ${FLEET} simulated commons (SQLite, one stage, all at once)`, [
      {
        figure: "CSOC's own time: every step committed and recorded",
        seconds: round(committedMs / 1000, 1),
        'per commons (ms)': round(batchedPerCommons, 1),
      },
      {
        figure: `per-commons path (one commit each, 8 at a time), ${SAMPLE} other commons`,
        seconds: round(perCommonsMs / 1000, 1),
        'per commons (ms)': round(singlePerCommons, 1),
      },
      {
        figure: 'per-commons path ÷ batched, per commons',
        seconds: '',
        'per commons (ms)': SAMPLE ? `${round(singlePerCommons / batchedPerCommons, 1)}×` : '-',
      },
      { figure: 'one deploy record per commons', seconds: oneEach ? 'yes' : 'NO', 'per commons (ms)': '' },
      { figure: 'commits the wave made', seconds: commits, 'per commons (ms)': '' },
    ]);
    if (process.env.CSOC_BENCH_WAVE_SKIP_COMPLETION === 'true') return;
    for (;;) {
      if (['completed', 'paused', 'rolled_back'].includes(wave.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      wave = (await csoc.admin.get(`/api/v1/orgs/${ORG}/waves/bench`)).body;
    }
    const completedMs = performance.now() - started;
    if (wave.state !== 'completed') throw new Error(`the wave ended ${wave.state}: ${wave.pausedReason}`);
    printTable(`The same wave to its completion`, [
      {
        figure: 'to the wave completed (adds simulated sync + deploy following)',
        seconds: round(completedMs / 1000, 1),
        'per commons (ms)': round(completedMs / FLEET, 1),
      },
    ]);
  } finally {
    await csoc.stop();
  }
}

// GitOps at fleet scale, on the real git layer: render + commit time per commons into the local GitOps
// repository, then a fleet upgrade of N sim commons (default 500) to the next Gen3 release — one commit per
// commons (8 deploys at a time racing for the branch) and, for comparison, one batched commit — and the
// SIMULATED Argo CD pulling the repository and syncing the whole fleet to Healthy. Prints figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createArgoCdClient } from '@csoc/server/internal/gitops/deploys/argoCdClient.ts';
import {
  applicationsOf,
  registerClusterAndProject,
} from '@csoc/server/internal/gitops/deploys/prepareArgoCd.ts';
import { createGitopsRepository } from '@csoc/server/internal/gitops/repository/gitopsRepository.ts';
import { nextRelease } from '@csoc/server/internal/gitops/releases/releaseCatalog.ts';
import { renderCommonsGitOps } from '@csoc/server/internal/gitops/rendering/renderCommonsGitOps.ts';
import { startSimArgoCd } from '@csoc/server/internal/gitops/sim-argocd/startSimArgoCd.ts';
import { toRenderInput } from '@csoc/server/internal/gitops/rendering/toRenderInput.ts';
import { simApplyOutputs } from '@csoc/server/testing/simCommons.ts';
import { median, printTable, round } from './benchKit.ts';

const FLEET = Number(process.env.CSOC_BENCH_FLEET ?? 500);
const CONCURRENCY = 8;
const ORG = 'fleet';
const FROM = '2025.06';
const TO = nextRelease(FROM)!.version;

function render(index: number, release: string, repoUrl: string) {
  const name = `c${String(index).padStart(4, '0')}`;
  const input = toRenderInput(
    {
      org: ORG,
      name,
      spec: {
        environment: 'dev',
        plugin: { name: 'sim' },
        account: 'sim-account',
        inputs: { name },
        gen3: {
          release,
          hostname: `${name}.fleet.sim.example.org`,
          branding: { appName: `Commons ${name}` },
        },
      },
      infraStatus: 'provisioned',
      outputs: simApplyOutputs(name),
    },
    repoUrl,
  );
  return { name, rendered: renderCommonsGitOps(input) };
}

async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

export async function benchGitops(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-gitops-'));
  const repository = createGitopsRepository({ dataDir, publicUrl: () => 'http://127.0.0.1:9' });
  const repoUrl = repository.repoUrl(ORG);
  const author = { name: 'Bench', email: 'bench@example.org' };
  const indexes = Array.from({ length: FLEET }, (_, index) => index);

  // 1. Initial deploy of the fleet, one commons after the other: render time and commit time each.
  const renderMs: number[] = [];
  const commitMs: number[] = [];
  const initialStart = performance.now();
  for (const index of indexes) {
    let started = performance.now();
    const { name, rendered } = render(index, FROM, repoUrl);
    renderMs.push(performance.now() - started);
    started = performance.now();
    await repository.commit(ORG, {
      directory: rendered.directory,
      files: rendered.files,
      author,
      message: `Deploy ${ORG}/${name} (Gen3 ${FROM})`,
    });
    commitMs.push(performance.now() - started);
  }
  const initialSeconds = (performance.now() - initialStart) / 1000;

  // 2. Fleet upgrade, one commit per commons, CONCURRENCY deploys racing for the branch.
  let retries = 0;
  const upgradeStart = performance.now();
  await pool(indexes, CONCURRENCY, async (index) => {
    const { name, rendered } = render(index, TO, repoUrl);
    const result = await repository.commit(ORG, {
      directory: rendered.directory,
      files: rendered.files,
      author,
      message: `Deploy ${ORG}/${name} (Gen3 ${TO})`,
    });
    retries += result.attempts - 1;
  });
  const upgradeSeconds = (performance.now() - upgradeStart) / 1000;

  // 3. The same upgrade batched into one commit (rolled back to FROM first, in one commit too).
  const batchFiles = (release: string) => {
    const files: Record<string, string> = {};
    for (const index of indexes) {
      const { rendered } = render(index, release, repoUrl);
      for (const [file, content] of Object.entries(rendered.files))
        files[`${rendered.directory.split('/')[1]}/${file}`] = content;
    }
    return files;
  };
  await repository.commit(ORG, {
    directory: ORG,
    files: batchFiles(FROM),
    author,
    message: 'roll back (bench)',
  });
  const batchStart = performance.now();
  await repository.commit(ORG, {
    directory: ORG,
    files: batchFiles(TO),
    author,
    message: `Fleet upgrade to Gen3 ${TO}`,
  });
  const batchSeconds = (performance.now() - batchStart) / 1000;

  // 4. The simulated Argo CD pulls the repository (local path: no HTTP layer here) and syncs every app.
  const sim = await startSimArgoCd({ syncDelayMs: 0 });
  const argo = createArgoCdClient({ baseUrl: `${sim.url}/argocd/${ORG}`, token: sim.token });
  const bareRepo = path.join(dataDir, 'gitops', `${ORG}.git`);
  const syncStart = performance.now();
  await pool(indexes, 16, async (index) => {
    const { name, rendered } = render(index, TO, repoUrl);
    const { gen3: application, addons } = applicationsOf(rendered.files['app.yaml'], name);
    for (const source of application!.spec.sources as Array<{ repoURL: string }>)
      if (source.repoURL === repoUrl) source.repoURL = bareRepo;
    // As a deploy does: the cluster and the org's project, the cluster add-ons, then Gen3 (ADR 0029).
    await registerClusterAndProject(argo, {
      org: ORG,
      commons: name,
      repositoryUrl: bareRepo,
      outputs: simApplyOutputs(name),
      applications: [application!, addons!],
    });
    await argo.upsertApplication(addons!);
    await argo.syncApplication(addons!.metadata.name);
    await argo.upsertApplication(application!);
    await argo.syncApplication(`gen3-${name}`);
  });
  let healthy = 0;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const states = await Promise.all(
      indexes.map(
        async (index) =>
          (await argo.getApplication(`gen3-c${String(index).padStart(4, '0')}`))?.status?.health.status,
      ),
    );
    healthy = states.filter((state) => state === 'Healthy').length;
    if (healthy === FLEET) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const syncSeconds = (performance.now() - syncStart) / 1000;
  const stats = sim.stats();
  await sim.close();

  printTable(`GitOps: render + commit per commons (${FLEET} sim commons, local bare repo)`, [
    { step: 'render (ms)', median: round(median(renderMs)), p99: round(percentile(renderMs, 99)) },
    { step: 'commit (ms)', median: round(median(commitMs)), p99: round(percentile(commitMs, 99)) },
    {
      step: 'render + commit (ms)',
      median: round(median(renderMs.map((ms, i) => ms + commitMs[i]!))),
      p99: round(
        percentile(
          renderMs.map((ms, i) => ms + commitMs[i]!),
          99,
        ),
      ),
    },
  ]);
  printTable(`Fleet upgrade ${FROM} → ${TO} of ${FLEET} sim commons`, [
    {
      case: `initial deploy, 1 commit per commons, sequential`,
      'total s': round(initialSeconds),
      'commons/s': round(FLEET / initialSeconds),
    },
    {
      case: `upgrade, 1 commit per commons, ${CONCURRENCY} concurrent (${retries} CAS retries)`,
      'total s': round(upgradeSeconds),
      'commons/s': round(FLEET / upgradeSeconds),
    },
    {
      case: 'upgrade, 1 batched commit',
      'total s': round(batchSeconds),
      'commons/s': round(FLEET / batchSeconds),
    },
    {
      case: `SIMULATED Argo CD: upsert + sync + all Healthy (${healthy}/${FLEET}; ${stats.fetches} git fetches)`,
      'total s': round(syncSeconds),
      'commons/s': round(FLEET / syncSeconds),
    },
  ]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// How a deploy follower judges Argo CD, end to end on SQLite with the embedded SIMULATED Argo CD:
// parallel deploys of one org all finish although Argo CD syncs a later head than most of their commits;
// a deploy stuck on a condition that cannot heal says why and ends with it instead of timing out; and a
// destroy removes Gen3 from GitOps and waits for Argo CD to prune it before the infrastructure goes.
import { newId } from '@csoc/common';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import type { ApiClient } from '../../testing/ApiClient.ts';
import {
  createSimAccount,
  simApplyOutputs,
  simCommonsDocument,
  waitForRun,
} from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { startFollowingDeploy } from './deployService.ts';
import { runGit } from '../repository/runGit.ts';
import { runCli } from '@csoc/cli';

/** Runs the csoc CLI in this process with only the environment given; its output and exit code. */
async function runCsocCli(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { XDG_CONFIG_HOME: '/nonexistent-csoc-test', ...env },
  });
  return { code, stdout: out, stderr: err };
}

const RELEASE = '2025.06';
// Long enough that a deploy waiting for its own commit to be the head would visibly never finish.
const TIMEOUT_SECONDS = 300;

const gen3 = (name: string, extra: Record<string, unknown> = {}) => ({
  release: RELEASE,
  hostname: `${name}.sim.example.org`,
  ...extra,
});

async function waitForDeploy(client: ApiClient, org: string, commons: string, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deploy = (await client.get(`/api/v1/orgs/${org}/commons/${commons}/deploys/${id}`)).body;
    if (deploy.finishedAt) return deploy;
    if (Date.now() > deadline)
      throw new Error(
        `deploy ${commons} ${id} still ${deploy.status} after ${timeoutMs} ms: ${deploy.message}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('following deploys in Argo CD (SQLite, SIMULATED Argo CD)', () => {
  let csoc: TestCsoc;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '300',
        CSOC_DEPLOY_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
        CSOC_DEPLOY_CONDITION_GRACE_SECONDS: '2',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  /** A sim commons with recorded infrastructure, ready to deploy. */
  async function provisionedCommons(org: string, name: string, extra: Record<string, unknown> = {}) {
    const created = await csoc.admin.post(
      `/api/v1/orgs/${org}/commons`,
      simCommonsDocument(name, {}, { gen3: gen3(name, extra) }),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(name),
    });
  }

  it('finishes 20 parallel deploys into one repository in about the time of one', async () => {
    const org = 'many-org';
    await ensureOrg(csoc, org);
    await createSimAccount(csoc.admin, org);
    const names = Array.from({ length: 21 }, (_, index) => `p${String(index).padStart(2, '0')}`);
    for (const name of names) await provisionedCommons(org, name);

    // One deploy alone, for the time a deploy takes.
    const startedOne = Date.now();
    const first = await csoc.admin.post(`/api/v1/orgs/${org}/commons/${names[0]}/deploys`, {});
    expect(first.status, first.text).toBe(201);
    expect((await waitForDeploy(csoc.admin, org, names[0]!, first.body.id, 30_000)).status).toBe('healthy');
    const oneMs = Date.now() - startedOne;

    const startedAll = Date.now();
    const deploys = await Promise.all(
      names.slice(1).map((name) => csoc.admin.post(`/api/v1/orgs/${org}/commons/${name}/deploys`, {})),
    );
    const committedMs = Date.now() - startedAll;
    for (const deploy of deploys) expect(deploy.status, deploy.text).toBe(201);
    const finished = await Promise.all(
      deploys.map((deploy, index) =>
        waitForDeploy(csoc.admin, org, names[index + 1]!, deploy.body.id, 150_000),
      ),
    );
    const allMs = Date.now() - startedAll;
    expect(finished.map((deploy) => deploy.status)).toEqual(Array(20).fill('healthy'));
    const commits = new Set(finished.map((deploy) => deploy.commit));
    expect(commits.size).toBe(20);
    const gitDir = `${csoc.dataDir}/gitops/${org}.git`;
    const history = (await runGit(['rev-list', 'main'], { gitDir })).stdout.trim().split('\n');
    for (const commit of commits) expect(history).toContain(commit);
    // Most were synced at a later head than their own commit, and say so.
    expect(finished.some((deploy) => /which contains/.test(deploy.message))).toBe(true);
    // The figure is printed, not asserted (speed belongs to bench/gitops.bench.ts): what a user notices
    // is that all 20 finish, where before they waited out the deploy timeout.
    console.info(
      `one deploy ${oneMs} ms; 20 parallel deploys ${allMs} ms (all committed after ${committedMs} ms)`,
    );
  }, 300_000);

  it('says why a deploy is stuck and ends it when Argo CD cannot read the repository', async () => {
    const org = 'stuck-org';
    await ensureOrg(csoc, org);
    await createSimAccount(csoc.admin, org);
    await provisionedCommons(org, 'alpha');
    const first = await csoc.admin.post(`/api/v1/orgs/${org}/commons/alpha/deploys`, {});
    expect((await waitForDeploy(csoc.admin, org, 'alpha', first.body.id, 30_000)).status).toBe('healthy');

    // Someone revokes the read token Argo CD pulls with: Argo CD can no longer read the repository.
    const tokens = await csoc.admin.get(`/api/v1/orgs/${org}/gitops/read-tokens`);
    const argocdToken = tokens.body.items.find((token: any) => token.name === 'argocd');
    expect((await csoc.admin.delete(`/api/v1/orgs/${org}/gitops/read-tokens/${argocdToken.id}`)).status).toBe(
      204,
    );
    const current = await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha`);
    const changed = await csoc.admin.put(
      `/api/v1/orgs/${org}/commons/alpha`,
      simCommonsDocument('alpha', {}, { gen3: gen3('alpha', { branding: { appName: 'Alpha Two' } }) }),
      { 'if-match': current.headers.get('etag')! },
    );
    expect(changed.status, changed.text).toBe(200);

    // `csoc deploy --wait`, as a user runs it (in process), with an org API token.
    const token = await csoc.admin.post(`/api/v1/orgs/${org}/tokens`, { name: 'ci', role: 'operator' });
    expect(token.status, token.text).toBe(201);
    const started = Date.now();
    const cli = runCsocCli(['deploy', `${org}/alpha`, '--wait', '-o', 'json'], {
      CSOC_SERVER: csoc.url,
      CSOC_TOKEN: token.body.token,
    });
    // While it waits, the deploy and the live status say why.
    await expect
      .poll(
        async () =>
          (await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha/deploys?limit=1`)).body.items[0].message,
        { timeout: 15_000 },
      )
      .toMatch(/^waiting for Argo CD: ComparisonError: .*authentication required/);
    const status = await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha/status`);
    expect(status.body.argocd.message).toMatch(/ComparisonError: .*authentication required/);

    const result = await cli;
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(
      /: syncing — waiting for Argo CD: ComparisonError: .*authentication required/,
    );
    expect(result.stderr).toMatch(/ended degraded: Argo CD cannot sync/);
    const second = { body: JSON.parse(result.stdout) };
    const ended = await waitForDeploy(csoc.admin, org, 'alpha', second.body.id, 30_000);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000);
    expect(ended.status).toBe('degraded');
    expect(ended.message).toMatch(/Argo CD cannot sync .*authentication required.*does not heal by itself/);
    // The cluster add-ons need no GitOps repository: they are ready, and the Gen3 application is stuck.
    // The ingest credential's delivery has its own lines (telemetry-ingest/ingestDelivery.integration.test.ts).
    const steps = ended.timeline.filter((entry: any) => !entry.message.startsWith('telemetry:'));
    expect(steps.map((entry: any) => entry.status)).toEqual([
      'requested',
      'committed',
      'syncing',
      'syncing',
      'syncing',
      'degraded',
    ]);
    expect(steps[2].message).toMatch(/installing the cluster add-ons/);
  }, 90_000);

  it('removes Gen3 through GitOps and waits for Argo CD to prune it before destroying the infrastructure', async () => {
    const org = 'gone-org';
    await ensureOrg(csoc, org);
    await createSimAccount(csoc.admin, org);
    const created = await csoc.admin.post(
      `/api/v1/orgs/${org}/commons`,
      simCommonsDocument('alpha', { simulation: { resourceDelaySeconds: 0 } }, { gen3: gen3('alpha') }),
    );
    expect(created.status, created.text).toBe(201);
    const apply = await csoc.admin.post(`/api/v1/orgs/${org}/commons/alpha/runs`, { kind: 'plan' });
    expect((await waitForRun(csoc.admin, org, apply.body.id, ['planned'])).state).toBe('planned');
    await csoc.admin.post(`/api/v1/orgs/${org}/runs/${apply.body.id}/approve`);
    const applied = await waitForRun(csoc.admin, org, apply.body.id, []);
    expect(applied.state, applied.message).toBe('succeeded');
    const deploy = await csoc.admin.post(`/api/v1/orgs/${org}/commons/alpha/deploys`, {});
    expect((await waitForDeploy(csoc.admin, org, 'alpha', deploy.body.id, 30_000)).status).toBe('healthy');
    const fleetBefore = (await csoc.admin.get(`/api/v1/orgs/${org}/fleet/status`)).body.items[0];
    expect(fleetBefore).toMatchObject({ sync: 'Synced', health: 'Healthy', deployedRelease: RELEASE });

    // A deploy still in flight when Gen3 is removed (its commit not synced yet) ends, naming the removal.
    const inFlight = newId();
    await csoc.context.database.db
      .insertInto('deploys')
      .values({
        id: inFlight,
        org_id: (await csoc.admin.get(`/api/v1/orgs/${org}`)).body.id,
        commons_id: created.body.id,
        revision: 1,
        release: RELEASE,
        commit_sha: 'c'.repeat(40),
        diff: '',
        status: 'syncing',
        message: '',
        timeline: '[]',
        requested_by: 'admin@example.org',
        requested_by_id: 'test',
        created_at: new Date().toISOString(),
        finished_at: null,
        follower_id: null,
        follower_lease_expires_at: null,
      })
      .execute();
    startFollowingDeploy(csoc.context, inFlight);

    const destroy = await csoc.admin.post(`/api/v1/orgs/${org}/commons/alpha/runs`, { kind: 'destroy' });
    expect((await waitForRun(csoc.admin, org, destroy.body.id, ['planned'])).state).toBe('planned');
    await csoc.admin.post(`/api/v1/orgs/${org}/runs/${destroy.body.id}/approve`);
    // The fleet shows the removal while Argo CD prunes.
    await expect
      .poll(
        async () =>
          (await csoc.admin.get(`/api/v1/orgs/${org}/fleet/status`)).body.items[0].lastDeploy.status,
        {
          timeout: 15_000,
          interval: 50,
        },
      )
      .toBe('removing');
    const run = await waitForRun(csoc.admin, org, destroy.body.id, []);
    const overtaken = await waitForDeploy(csoc.admin, org, 'alpha', inFlight, 15_000);
    expect(overtaken.status).toBe('degraded');
    expect(overtaken.message).toMatch(/^Gen3 was removed from this commons \(removal /);
    expect(run.state, run.message).toBe('succeeded');

    const fleet = (await csoc.admin.get(`/api/v1/orgs/${org}/fleet/status`)).body.items[0];
    expect(fleet).toMatchObject({ commons: 'alpha', sync: null, health: null, deployedRelease: null });
    expect(fleet.lastDeploy.status).toBe('removed');
    const status = (await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha/status`)).body;
    expect(status).toMatchObject({ deployedRelease: null, argocd: null });

    // The removal is a commit and a record like a deploy, finished before the infrastructure was destroyed.
    const removal = (await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha/deploys`)).body.items[0];
    expect(removal).toMatchObject({ status: 'removed', release: RELEASE });
    expect(removal.message).toMatch(/Argo CD pruned gen3-alpha/);
    // Then the cluster about to be destroyed leaves Argo CD: its add-ons Application and its registration.
    expect(removal.message).toMatch(
      /cluster-addons-alpha and the cluster https:\/\/\S+ were removed from Argo CD/,
    );
    const argo = csoc.context.gitops.argoCdFor(org)!;
    expect(await argo.getApplication('cluster-addons-alpha')).toBeUndefined();
    const server = /the cluster (https:\/\/\S+) were removed/.exec(removal.message)![1]!;
    expect(await argo.getCluster(server)).toBeUndefined();
    const detail = (await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha/deploys/${removal.id}`)).body;
    expect(detail.diff).toContain(`--- a/${org}/alpha/values.yaml`);
    expect(Date.parse(removal.finishedAt)).toBeLessThanOrEqual(Date.parse(run.finishedAt));
    const gitDir = `${csoc.dataDir}/gitops/${org}.git`;
    expect(
      (await runGit(['ls-tree', '-r', '--name-only', 'main', '--', `${org}/alpha/`], { gitDir })).stdout,
    ).toBe('');
    expect((await runGit(['log', '-1', '--format=%s', 'main'], { gitDir })).stdout).toMatch(
      new RegExp(`^Remove Gen3 from ${org}/alpha \\(destroy run ${destroy.body.id}\\)`),
    );
    // Gen3 no longer answers, and the infrastructure is destroyed.
    expect((await fetch(`${csoc.context.simArgoCdUrl}/sim/${org}/alpha/_status`)).status).toBe(404);
    expect((await csoc.admin.get(`/api/v1/orgs/${org}/commons/alpha`)).body.status.infrastructure).toBe(
      'destroyed',
    );
  }, 120_000);
});

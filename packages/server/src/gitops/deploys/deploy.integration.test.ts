// GitOps deploys end to end on the default setup (SQLite, local GitOps repo served by CSOC, the embedded
// SIMULATED Argo CD): a sim commons at 2025.06 → plan, approve, apply → deploy → a commit → Synced/Healthy →
// fence's /_version says 2025.06 → upgrade one release → a commit holding only tag changes → the new version.
// Then: no secret canary ever reaches the repository, bad input is refused before anything runs, and a
// remote that rejects the push leaves a clearly failed deploy and no half state.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { simApplyOutputs, simCommonsDocument, waitForRun } from '../../testing/simCommons.ts';
import { startGitRemote, type GitRemote } from '../../testing/startGitRemote.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg } from '../../testing/testUsers.ts';
import type { ApiClient } from '../../testing/ApiClient.ts';
import { nextRelease } from '../releases/releaseCatalog.ts';
import { basicAuthHeader, runGit } from '../repository/runGit.ts';

const ORG = 'deploy-org';
const CANARY = 'CANARY-secret-5b1f0e7d9c';
const FROM = '2025.06';
const TO = nextRelease(FROM)!.version;

function gen3(release: string, extra: Record<string, unknown> = {}) {
  return {
    release,
    hostname: 'alpha.sim.example.org',
    loginProviders: [
      {
        kind: 'generic-oidc',
        name: 'keycloak',
        displayName: 'Keycloak',
        clientId: 'gen3-alpha',
        discoveryUrl: 'https://idp.example.org/realms/gen3/.well-known/openid-configuration',
        // No clientSecretRef: the default, <environment>-<namespace>-keycloak-client-secret.
      },
    ],
    branding: { appName: 'Alpha Commons' },
    ...extra,
  };
}

/** The login client secret the operator stored, without the commons prefix (the sim plugin's operatorSecrets). */
const KEYCLOAK_SECRET = 'keycloak-client-secret';
const OPERATOR_SECRETS = { operatorSecrets: [KEYCLOAK_SECRET] };

/** A sim commons document whose simulated cloud holds the login secret the operator stored. */
const commonsDocument = (
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => simCommonsDocument(name, { ...OPERATOR_SECRETS, ...inputs }, extra);

async function waitForDeploy(
  client: ApiClient,
  commons: string,
  id: string,
  timeoutMs = 30_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deploy = (await client.get(`/api/v1/orgs/${ORG}/commons/${commons}/deploys/${id}`)).body;
    if (deploy.finishedAt) return deploy;
    if (Date.now() > deadline)
      throw new Error(`deploy ${id} still ${deploy.status} after ${timeoutMs} ms: ${deploy.message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The +/- lines of a unified diff, without the file headers. */
const changedLines = (diff: string) =>
  diff.split('\n').filter((line) => /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line));

describe('GitOps deploys on the default setup (SQLite, SIMULATED Argo CD)', () => {
  let csoc: TestCsoc;
  let gitDir: string;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-deploy-')), 'csoc.db')}`,
      env: { CSOC_SIM_SYNC_DELAY_MS: '200', CSOC_DEPLOY_TIMEOUT_SECONDS: '30' },
    });
    await ensureOrg(csoc, ORG);
    await ensureOrg(csoc, 'other-org');
    // The canary sits in the cloud account's secrets: the plugin gets it, the GitOps repo must never see it.
    const account = await csoc.admin.post(`/api/v1/orgs/${ORG}/accounts`, {
      kind: 'sim',
      name: 'sim-account',
      public: { region: 'us-sim-1' },
      secrets: { token: CANARY },
    });
    expect(account.status, account.text).toBe(201);
    gitDir = path.join(csoc.dataDir, 'gitops', `${ORG}.git`);
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('deploys a sim commons, follows Argo CD to Healthy, and upgrades it one release with only tag changes', async () => {
    const admin = csoc.admin;
    const created = await admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      commonsDocument('alpha', { simulation: { resourceDelaySeconds: 0 } }, { gen3: gen3(FROM) }),
    );
    expect(created.status, created.text).toBe(201);

    // Nothing to deploy onto yet.
    const early = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {});
    expect(early.status, early.text).toBe(409);
    expect(early.body.error.code).toBe('infrastructure_not_provisioned');

    const run = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/runs`, { kind: 'plan' });
    expect((await waitForRun(admin, ORG, run.body.id, ['planned'])).state).toBe('planned');
    await admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    expect((await waitForRun(admin, ORG, run.body.id, [])).state).toBe('succeeded');

    // The diff is shown before anything is committed.
    const preview = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys/preview`, {});
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      changed: true,
      base: null,
      release: FROM,
      directory: `${ORG}/alpha`,
    });
    expect(preview.body.diff).toContain(`+++ b/${ORG}/alpha/values.yaml`);
    expect(
      (await runGit(['rev-parse', '--verify', '-q', 'refs/heads/main'], { gitDir, okCodes: [1] })).code,
    ).toBe(1);

    const deploy = await admin.post(
      `/api/v1/orgs/${ORG}/commons/alpha/deploys`,
      {},
      { 'if-match': created.headers.get('etag')! },
    );
    expect(deploy.status, deploy.text).toBe(201);
    expect(deploy.body).toMatchObject({ status: 'committed', revision: 1, release: FROM, simulated: true });
    expect(deploy.body.commit).toMatch(/^[0-9a-f]{40}$/);
    const finished = await waitForDeploy(admin, 'alpha', deploy.body.id);
    expect(finished.status, finished.message).toBe('healthy');
    // Followed by this process under a lease, given up once finished.
    await expect
      .poll(
        async () =>
          (
            await csoc.context.database.db
              .selectFrom('deploys')
              .select('follower_id')
              .where('id', '=', deploy.body.id)
              .executeTakeFirstOrThrow()
          ).follower_id,
      )
      .toBeNull();
    // The cluster add-ons (External Secrets Operator, the load balancer controller) are Synced and Healthy
    // before the Gen3 application exists: its ExternalSecrets need their CRDs.
    // The ingest credential's delivery has its own lines (telemetry-ingest/ingestDelivery.integration.test.ts).
    const steps = finished.timeline.filter((entry: any) => !entry.message.startsWith('telemetry:'));
    expect(steps.map((entry: any) => entry.status)).toEqual([
      'requested',
      'committed',
      'syncing',
      'syncing',
      'healthy',
    ]);
    expect(steps[2].message).toMatch(/installing the cluster add-ons \(cluster-addons-alpha\) before Gen3/);
    expect(steps[3].message).toMatch(/application gen3-alpha is syncing/);

    const history = (await runGit(['log', '--format=%H|%ae|%s', 'main'], { gitDir })).stdout
      .trim()
      .split('\n');
    expect(history).toEqual([
      `${deploy.body.commit}|admin@example.org|Deploy ${ORG}/alpha revision 1 (Gen3 ${FROM})`,
    ]);
    const tree = (await runGit(['ls-tree', '-r', '--name-only', 'main'], { gitDir })).stdout
      .trim()
      .split('\n');
    expect(tree).toEqual([`${ORG}/alpha/app.yaml`, `${ORG}/alpha/secrets.yaml`, `${ORG}/alpha/values.yaml`]);

    const status = await admin.get(`/api/v1/orgs/${ORG}/commons/alpha/status`);
    expect(status.status, status.text).toBe(200);
    expect(status.body.argocd).toMatchObject({
      application: 'gen3-alpha',
      sync: 'Synced',
      health: 'Healthy',
      revision: deploy.body.commit,
    });
    expect(status.body.deployedRelease).toBe(FROM);
    const fence = status.body.services.find((service: any) => service.service === 'fence');
    expect(fence).toMatchObject({ path: '/user/_status', status: 'healthy', version: FROM });
    expect(status.body.services.find((service: any) => service.service === 'revproxy')).toMatchObject({
      status: 'healthy',
      version: FROM,
    });
    expect(status.body.services.some((service: any) => service.service === 'guppy')).toBe(false);

    // The sim commons endpoints, as a user of the commons would call them.
    const sim = csoc.context.simArgoCdUrl!;
    const version = await fetch(`${sim}/sim/${ORG}/alpha/user/_version`);
    expect(await version.json()).toMatchObject({
      version: FROM,
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(version.headers.get('x-csoc-simulated')).toBe('true');
    expect((await fetch(`${sim}/sim/${ORG}/alpha/guppy/_status`)).status).toBe(404);
    const byHost = await new Promise<number>((resolve, reject) => {
      http
        .get(`${sim}/index/_status`, { headers: { host: 'alpha.sim.example.org' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(byHost).toBe(200);

    // Upgrade: plan one step, then a new revision, then deploy.
    const plan = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/upgrade-plan`, {});
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body).toMatchObject({ from: FROM, to: TO });
    expect(plan.body.steps[0].tagChanges.length).toBeGreaterThan(5);
    const jump = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/upgrade-plan`, { to: '2025.12' });
    expect(jump.status).toBe(400);
    expect(jump.body.error.details[0].field).toBe('body.to');
    const release = await admin.get(`/api/v1/releases/${TO}`);
    expect(release.body.version).toBe(TO);
    expect((await admin.get('/api/v1/releases')).body.items.some((item: any) => item.version === FROM)).toBe(
      true,
    );

    const current = await admin.get(`/api/v1/orgs/${ORG}/commons/alpha`);
    const upgraded = await admin.put(
      `/api/v1/orgs/${ORG}/commons/alpha`,
      {
        ...commonsDocument('alpha', { simulation: { resourceDelaySeconds: 0 } }, { gen3: gen3(TO) }),
        message: `Upgrade to Gen3 ${TO}`,
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(upgraded.status, upgraded.text).toBe(200);
    expect(upgraded.body.status.revision).toBe(2);
    const second = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {});
    expect(second.status, second.text).toBe(201);
    const lines = changedLines(second.body.diff);
    expect(lines.length).toBeGreaterThan(0);
    // Only image tags change (plus the generated header comment naming the release); job and sidecar images
    // are pinned as one `repository:tag` string.
    for (const line of lines) {
      expect(line, line).toMatch(/^[+-]\s*(tag: |#|(- )?[\w.-]+: "?quay\.io\/cdis\/[\w.-]+:\d{4}\.\d{2}"?$)/);
    }
    expect(lines.filter((line) => line.includes('tag:')).length).toBe(
      2 * lines.filter((line) => line.startsWith('+') && line.includes('tag:')).length,
    );
    const done = await waitForDeploy(admin, 'alpha', second.body.id);
    expect(done.status, done.message).toBe('healthy');
    expect((await runGit(['rev-list', '--count', 'main'], { gitDir })).stdout.trim()).toBe('2');
    expect((await runGit(['log', '-1', '--format=%s', 'main'], { gitDir })).stdout).toContain(
      `revision 2 (Gen3 ${TO})`,
    );
    expect(await (await fetch(`${sim}/sim/${ORG}/alpha/user/_version`)).json()).toMatchObject({
      version: TO,
    });

    const list = await admin.get(`/api/v1/orgs/${ORG}/commons/alpha/deploys`);
    expect(list.body.items.map((item: any) => item.release)).toEqual([TO, FROM]);
  }, 120_000);

  it('records a deploy as degraded when the simulator injects a failure from the values', async () => {
    const document = commonsDocument(
      'beta',
      {},
      {
        gen3: gen3(FROM, {
          hostname: 'beta.sim.example.org',
          serviceOverrides: { fence: { podAnnotations: { 'sim.csoc.gen3.org/inject': 'degraded' } } },
        }),
      },
    );
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    // The apply itself is covered above; record its outcome directly to keep this test fast.
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs('beta', OPERATOR_SECRETS),
    });
    const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/beta/deploys`, {});
    expect(deploy.status, deploy.text).toBe(201);
    const finished = await waitForDeploy(csoc.admin, 'beta', deploy.body.id);
    expect(finished.status).toBe('degraded');
    expect(finished.message).toMatch(/Degraded.*fence/);
    const sim = csoc.context.simArgoCdUrl!;
    expect((await fetch(`${sim}/sim/${ORG}/beta/user/_status`)).status).toBe(500);
    const status = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/beta/status`);
    expect(status.body.argocd).toMatchObject({ sync: 'Synced', health: 'Degraded' });
    expect(status.body.services.find((service: any) => service.service === 'fence')).toMatchObject({
      status: 'unhealthy',
      httpStatus: 500,
    });
    expect(status.body.deployedRelease).toBeNull();

    // beta's commit changed nothing alpha's Application reads: as in Argo CD, alpha stays Synced at the new
    // revision instead of going OutOfSync (which probes would report as a degraded commons) until a resync.
    const alphaApp = await fetch(`${sim}/argocd/${ORG}/api/v1/applications/gen3-alpha?refresh=normal`, {
      headers: { authorization: `Bearer ${csoc.context.simArgoCdToken}` },
    });
    expect(alphaApp.status).toBe(200);
    const alphaStatus = ((await alphaApp.json()) as any).status;
    expect(alphaStatus.sync).toMatchObject({ status: 'Synced', revision: finished.commit });
    expect(alphaStatus.health.status).toBe('Healthy');
  }, 30_000);

  it('renders the values a new commons document would get, with placeholders, storing nothing', async () => {
    const commitsBefore = (await runGit(['rev-list', '--count', 'main'], { gitDir })).stdout.trim();
    const document = commonsDocument(
      'preview-only',
      {},
      { gen3: gen3(FROM, { hostname: 'preview.example.org' }) },
    );
    const preview = await csoc.admin.post(`/api/v1/orgs/${ORG}/gitops/render`, document);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({
      commons: 'preview-only',
      release: FROM,
      directory: `${ORG}/preview-only`,
      placeholders: true,
    });
    expect(Object.keys(preview.body.files).sort()).toEqual(['app.yaml', 'secrets.yaml', 'values.yaml']);
    expect(preview.body.files['values.yaml']).toContain('preview.example.org');
    expect(preview.body.files['values.yaml']).toContain('Alpha Commons');
    expect(JSON.stringify(preview.body)).not.toContain(CANARY);
    // Nothing stored, nothing committed.
    expect((await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/preview-only`)).status).toBe(404);
    expect((await runGit(['rev-list', '--count', 'main'], { gitDir })).stdout.trim()).toBe(commitsBefore);

    // Settings the renderer refuses name the field of the document the user edits.
    const bad = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/gitops/render`,
      commonsDocument('preview-only', {}, { gen3: gen3(FROM, { branding: { primaryColor: 'red' } }) }),
    );
    expect(bad.status, bad.text).toBe(400);
    expect(bad.body.error.details.map((detail: any) => detail.field)).toContain(
      'body.spec.gen3.branding.primaryColor',
    );
    // A provisioned commons renders with its real outputs (the same files a deploy would commit).
    const alpha = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha`);
    const real = await csoc.admin.post(`/api/v1/orgs/${ORG}/gitops/render`, {
      apiVersion: alpha.body.apiVersion,
      kind: alpha.body.kind,
      metadata: { name: 'alpha' },
      spec: alpha.body.spec,
    });
    expect(real.status, real.text).toBe(200);
    expect(real.body.placeholders).toBe(false);
    const committed = (await runGit(['show', `main:${ORG}/alpha/values.yaml`], { gitDir })).stdout;
    expect(real.body.files['values.yaml']).toBe(committed);
  }, 30_000);

  it('reports the whole fleet in one call: Argo CD sync and health, deployed release, last drift check', async () => {
    const never = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, commonsDocument('never-deployed'));
    expect(never.status, never.text).toBe(201);
    const drift = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/alpha/runs`, { kind: 'drift' });
    expect(drift.status, drift.text).toBe(201);
    expect((await waitForRun(csoc.admin, ORG, drift.body.id, [])).state).toBe('succeeded');

    const fleet = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/status`);
    expect(fleet.status, fleet.text).toBe(200);
    expect(fleet.body.argocd).toEqual({ reachable: true });
    const byName = new Map(fleet.body.items.map((item: any) => [item.commons, item]));
    expect(byName.get('alpha')).toMatchObject({
      sync: 'Synced',
      health: 'Healthy',
      deployedRelease: TO,
      lastDeploy: { status: 'healthy', release: TO },
      lastDriftCheck: { runId: drift.body.id, state: 'succeeded', driftDetected: false },
    });
    expect(byName.get('beta')).toMatchObject({
      sync: 'Synced',
      health: 'Degraded',
      deployedRelease: null,
      lastDeploy: { status: 'degraded', release: FROM },
      lastDriftCheck: null,
    });
    // Nothing to add for a commons never deployed or checked: the list alone describes it.
    expect(byName.has('never-deployed')).toBe(false);
    // The same answer as the per-commons status route.
    const alpha = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/status`);
    expect(alpha.body.argocd).toMatchObject({ sync: 'Synced', health: 'Healthy' });
    // Another org's fleet sees none of these commons (Argo CD is asked with the org's label only).
    const other = await csoc.admin.get(`/api/v1/orgs/other-org/fleet/status`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  }, 60_000);

  it('serves the repository read-only over smart HTTP to the org read token only', async () => {
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/gitops/read-tokens`, { name: 'argocd-test' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.repository).toBe(`${csoc.url}/git/${ORG}/gitops.git`);
    const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-clone-')), 'repo');
    await runGit(['clone', '--quiet', created.body.repository, clone], {
      extraHeader: basicAuthHeader('argocd', created.body.token),
    });
    expect(fs.readFileSync(path.join(clone, ORG, 'alpha', 'values.yaml'), 'utf8')).toContain(
      'hostname: alpha.sim.example.org',
    );
    // Pushing is not served.
    fs.writeFileSync(path.join(clone, 'x.txt'), 'x');
    await runGit(['add', 'x.txt'], { cwd: clone });
    await runGit(['-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'x'], { cwd: clone });
    await expect(
      runGit(['push', 'origin', 'HEAD:main'], {
        cwd: clone,
        extraHeader: basicAuthHeader('argocd', created.body.token),
      }),
    ).rejects.toThrow();

    const otherToken = (
      await csoc.admin.post('/api/v1/orgs/other-org/gitops/read-tokens', { name: 'argocd' })
    ).body.token;
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Basic ${Buffer.from(`argocd:${otherToken}`).toString('base64')}` },
    ]) {
      const refused = await fetch(`${csoc.url}/git/${ORG}/gitops.git/info/refs?service=git-upload-pack`, {
        headers,
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
    const tokens = await csoc.admin.get(`/api/v1/orgs/${ORG}/gitops/read-tokens`);
    expect(tokens.text).not.toContain(created.body.token);
    const viewer = await createSignedInUser(csoc, 'viewer@deploy.example', ORG, 'viewer');
    expect((await viewer.post(`/api/v1/orgs/${ORG}/gitops/read-tokens`, { name: 'sneaky' })).status).toBe(
      403,
    );
    expect((await viewer.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {})).status).toBe(403);
    expect(
      (await csoc.admin.delete(`/api/v1/orgs/${ORG}/gitops/read-tokens/${created.body.id}`)).status,
    ).toBe(204);
    const revoked = await fetch(`${csoc.url}/git/${ORG}/gitops.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`argocd:${created.body.token}`).toString('base64')}` },
    });
    expect(revoked.status).toBe(401);
  }, 60_000);

  it('never lets a secret canary reach the repository, the API or the logs', async () => {
    const history = (await runGit(['log', '-p', '--all', '--format=%H %an %ae %B'], { gitDir })).stdout;
    expect(history.length).toBeGreaterThan(1000);
    expect(history).toContain(`alpha-alpha-${KEYCLOAK_SECRET}`); // the reference is there...
    expect(history).not.toContain(CANARY); // ...the secret never is
    const objects = (await runGit(['cat-file', '--batch-all-objects', '--batch'], { gitDir })).stdout;
    expect(objects).not.toContain(CANARY);
    expect(csoc.admin.transcript.join('\n')).not.toContain(CANARY);
    expect(csoc.capturedOutput()).not.toContain(CANARY);
  });

  it('refuses bad input with field errors before anything runs', async () => {
    const admin = csoc.admin;
    const commitsBefore = (await runGit(['rev-list', '--count', 'main'], { gitDir })).stdout.trim();
    const current = await admin.get(`/api/v1/orgs/${ORG}/commons/alpha`);
    const etag = current.headers.get('etag')!;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ hostname: 'not a host!' }, 'body.spec.gen3.hostname'],
      [{ release: '2001.01' }, 'body.spec.gen3.release'],
      [{ services: ['fence', 'no-such-service'] }, 'body.spec.gen3.services[1]'],
      [{ dictionaryUrl: 'ftp://dictionary.example.org/schema.json' }, 'body.spec.gen3.dictionaryUrl'],
    ];
    for (const [change, field] of cases) {
      const response = await admin.put(
        `/api/v1/orgs/${ORG}/commons/alpha`,
        commonsDocument('alpha', {}, { gen3: gen3(TO, change) }),
        { 'if-match': etag },
      );
      expect(response.status, `${field}: ${response.text}`).toBe(400);
      expect(response.body.error.details.map((detail: any) => detail.field)).toContain(field);
    }
    // Deploy-time checks: a stale If-Match, and settings only the renderer can judge.
    const stale = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {}, { 'if-match': '"v1"' });
    expect(stale.status, `${etag} ${stale.text}`).toBe(412);
    const okEtag = (
      await admin.put(
        `/api/v1/orgs/${ORG}/commons/alpha`,
        commonsDocument(
          'alpha',
          { simulation: { resourceDelaySeconds: 0 } },
          { gen3: gen3(TO, { services: ['fence', 'guppy'] }) },
        ),
        { 'if-match': etag },
      )
    ).headers.get('etag')!;
    const refused = await admin.post(`/api/v1/orgs/${ORG}/commons/alpha/deploys`, {}, { 'if-match': okEtag });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details.map((detail: any) => detail.field)).toContain('spec.gen3.services');
    const noGen3 = await admin.post(`/api/v1/orgs/${ORG}/commons`, commonsDocument('bare-one'));
    expect(noGen3.status).toBe(201);
    const missing = await admin.post(`/api/v1/orgs/${ORG}/commons/bare-one/deploys`, {});
    expect(missing.status).toBe(409);
    expect(missing.body.error.code).toBe('gen3_settings_missing');
    expect((await runGit(['rev-list', '--count', 'main'], { gitDir })).stdout.trim()).toBe(commitsBefore);
  }, 60_000);
});

describe('GitOps deploys to a remote repository over HTTPS-style smart HTTP with a token', () => {
  const TOKEN = 'remote-push-token-canary-91d2';
  let remote: GitRemote;
  let csoc: TestCsoc;
  const remoteGitDir = () => path.join(remote.root, 'gen3-gitops.git');

  beforeAll(async () => {
    remote = await startGitRemote({ token: TOKEN, repositories: ['gen3-gitops'] });
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-deploy-remote-')), 'csoc.db')}`,
      env: {
        CSOC_GITOPS_REMOTE_URL: remote.url('gen3-gitops'),
        CSOC_GITOPS_REMOTE_TOKEN: TOKEN,
        CSOC_SIM_ARGOCD: 'off',
      },
    });
    await ensureOrg(csoc, ORG);
    await csoc.admin.post(`/api/v1/orgs/${ORG}/accounts`, {
      kind: 'sim',
      name: 'sim-account',
      public: { region: 'us-sim-1' },
      secrets: {},
    });
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
    await remote?.close();
  });

  /** A sim commons whose infrastructure is recorded as provisioned (the apply itself is covered above). */
  async function provisionedCommons(name: string) {
    const created = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      commonsDocument(name, {}, { gen3: { ...gen3(FROM), hostname: `${name}.sim.example.org` } }),
    );
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(name, OPERATOR_SECRETS),
    });
  }

  it('pushes concurrent deploys without losing a commit; a rejected push is a failed deploy with the remote message', async () => {
    const names = ['rem-a', 'rem-b', 'rem-c', 'rem-d'];
    for (const name of names) await provisionedCommons(name);
    const deploys = await Promise.all(
      names.map((name) => csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {})),
    );
    for (const deploy of deploys) expect(deploy.body.status, deploy.text).toBe('committed');
    const history = (await runGit(['log', '--format=%H', 'main'], { gitDir: remoteGitDir() })).stdout
      .trim()
      .split('\n');
    expect(history).toHaveLength(4);
    for (const deploy of deploys) expect(history).toContain(deploy.body.commit);
    const info = await csoc.admin.get(`/api/v1/orgs/${ORG}/gitops`);
    expect(info.body).toMatchObject({ mode: 'remote', repository: remote.url('gen3-gitops'), argocd: null });

    const tip = history[0];
    remote.rejectPushes('gen3-gitops', 'pre-receive: GitOps changes are frozen for the audit');
    const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/rem-a`);
    await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/rem-a`,
      commonsDocument('rem-a', {}, { gen3: { ...gen3(TO), hostname: 'rem-a.sim.example.org' } }),
      { 'if-match': current.headers.get('etag')! },
    );
    const rejected = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/rem-a/deploys`, {});
    expect(rejected.status, rejected.text).toBe(201);
    expect(rejected.body).toMatchObject({ status: 'failed', commit: null });
    expect(rejected.body.message).toContain('frozen for the audit');
    expect(rejected.body.finishedAt).not.toBeNull();
    expect((await runGit(['rev-parse', 'main'], { gitDir: remoteGitDir() })).stdout.trim()).toBe(tip);
    remote.rejectPushes('gen3-gitops', undefined);
    const retried = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/rem-a/deploys`, {});
    expect(retried.body.status).toBe('committed');
    expect((await runGit(['rev-parse', 'main~1'], { gitDir: remoteGitDir() })).stdout.trim()).toBe(tip);

    expect(remote.requests.every((request) => request.authorized)).toBe(true);
    const leaked = fs
      .readdirSync(csoc.dataDir, { recursive: true, withFileTypes: true })
      .filter(
        (entry) => entry.isFile() && fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(TOKEN),
      );
    expect(leaked).toEqual([]);
  }, 60_000);
});

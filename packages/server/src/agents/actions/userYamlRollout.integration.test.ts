// A saved user.yaml reaches the commons through GitOps, then usersync runs (ADR 0078), on the default setup
// (SQLite, the embedded SIMULATED Argo CD, a simulated cluster whose real csoc-agent enrolled by itself):
// the commit carries the file in fence's values, the deploy goes Healthy, and only then does the usersync
// action run on the cluster. A second save while the first deploy is in flight supersedes it (one usersync);
// a re-deploy keeps the saved file; a deploy that ends Degraded means no usersync and a status saying so;
// on prod a second person approves the save first. Every step is audited without the content.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { runGit } from '../../gitops/repository/runGit.ts';
import { AGENT_LABEL } from '../../gitops/rendering/toRenderInput.ts';
import type { ApiClient } from '../../testing/ApiClient.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg } from '../../testing/testUsers.ts';
import { waitFor } from '../../testing/waitFor.ts';
import { readerUserYaml } from '../../testing/readerUserYaml.ts';

const ORG = 'user-yaml-org';

interface VersionView {
  version: number;
  state: string;
  message: string | null;
  approvedBy: string | null;
  deploy: { id: string; status: string; message: string } | null;
  usersync: { id: string; state: string; result: string | null } | null;
}

describe(
  'a saved user.yaml reaches the cluster through GitOps, then usersync runs',
  { timeout: 600_000 },
  () => {
    let csoc: TestCsoc;
    let operator: ApiClient;
    let secondOperator: ApiClient;
    let approverAdmin: ApiClient;
    let viewer: ApiClient;
    const gitDir = () => path.join(csoc.dataDir, 'gitops', `${ORG}.git`);
    const show = async (file: string) =>
      (await runGit(['show', `HEAD:${ORG}/${file}`], { gitDir: gitDir(), okCodes: [128] })).stdout;
    const fenceValues = async (commons: string) =>
      (parseYaml(await show(`${commons}/values.yaml`)) as { fence: Record<string, any> }).fence;
    const userYamlPath = (commons: string) => `/api/v1/orgs/${ORG}/commons/${commons}/user-yaml`;
    const actionsOf = (commons: string) => `/api/v1/orgs/${ORG}/commons/${commons}/cluster/actions`;

    function documentOf(
      name: string,
      environment: 'dev' | 'prod',
      serviceOverrides?: Record<string, unknown>,
    ) {
      const document = simCommonsDocument(
        name,
        {},
        {
          gen3: {
            release: '2025.06',
            hostname: `${name}.sim.example.org`,
            ...(serviceOverrides ? { serviceOverrides } : {}),
          },
        },
      );
      document.spec.environment = environment;
      return { ...document, metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } } };
    }

    async function deployToTheEnd(name: string) {
      const started = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
      expect(started.body.status, started.text).toBe('committed');
      return waitFor(`the deploy of ${name} to finish`, async () => {
        const deploy = (
          await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${started.body.id}`)
        ).body;
        return deploy.finishedAt ? deploy : undefined;
      });
    }

    /** A provisioned sim commons deployed once, its agent enrolled by itself and connected. */
    async function commonsWithAgent(name: string, environment: 'dev' | 'prod') {
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, documentOf(name, environment));
      expect(created.status, created.text).toBe(201);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
      const first = await deployToTheEnd(name);
      expect(first.status, first.message).toBe('healthy');
      await waitFor(`${name}'s agent to connect`, async () => {
        const agent = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/agent`);
        return agent.body?.connected === true ? true : undefined;
      });
    }

    const settled = (commons: string, version: number) =>
      waitFor(
        `user.yaml version ${version} of ${commons} to settle`,
        async () => {
          const current = (await viewer.get(userYamlPath(commons))).body as VersionView;
          return current.version === version && !['deploying', 'usersync'].includes(current.state)
            ? current
            : undefined;
        },
        240_000,
        250,
      );

    const usersyncActions = async (commons: string) =>
      ((await viewer.get(actionsOf(commons))).body.actions as Array<{ id: string; action: string }>).filter(
        (action) => action.action === 'usersync',
      );

    beforeAll(async () => {
      csoc = await startTestCsoc({
        databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-user-yaml-')), 'csoc.db')}`,
        env: {
          CSOC_SIM_SYNC_DELAY_MS: '300',
          CSOC_DEPLOY_TIMEOUT_SECONDS: '150',
          CSOC_PROBE_INTERVAL_SECONDS: '0',
        },
      });
      await ensureOrg(csoc, ORG);
      await createSimAccount(csoc.admin, ORG);
      operator = await createSignedInUser(csoc, 'op-user-yaml@example.org', ORG, 'operator');
      secondOperator = await createSignedInUser(csoc, 'op2-user-yaml@example.org', ORG, 'operator');
      approverAdmin = await createSignedInUser(csoc, 'admin-user-yaml@example.org', ORG, 'admin');
      viewer = await createSignedInUser(csoc, 'viewer-user-yaml@example.org', ORG, 'viewer');
      await commonsWithAgent('users', 'dev');
    }, 300_000);
    afterAll(async () => {
      await csoc?.stop();
    });

    it('renders as before while nothing was saved: usersync reads the user.yaml bucket', async () => {
      const fence = await fenceValues('users');
      expect(fence.USER_YAML).toBeUndefined();
      expect(fence.usersync.userYamlS3Path).toMatch(/^s3:\/\/.+\/user\.yaml$/);
      expect((await viewer.get(userYamlPath('users'))).status).toBe(404);
    });

    it('refuses an invalid user.yaml naming the place and line, and a viewer cannot save', async () => {
      const broken = await operator.put(userYamlPath('users'), {
        content: readerUserYaml('someone@example.org').replace('role_ids: [reader]', 'role_ids: [raeder]'),
        expectedVersion: 0,
        confirm: 'users',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('invalid_user_yaml');
      expect(broken.body.error.details).toEqual([
        {
          field: 'body.content.authz.policies[0].role_ids[0]',
          message: expect.stringMatching(/names role raeder, which authz\.roles does not define \(line 4\)/),
        },
      ]);
      const byViewer = await viewer.put(userYamlPath('users'), {
        content: readerUserYaml('someone@example.org'),
        expectedVersion: 0,
        confirm: 'users',
      });
      expect(byViewer.status).toBe(403);
      expect((await viewer.get(userYamlPath('users'))).status).toBe(404);
    });

    it('commits the saved user.yaml in fence values, waits for Healthy, then runs usersync on the cluster', async () => {
      const content = readerUserYaml('first-user@example.org');
      const saved = await operator.put(userYamlPath('users'), {
        content,
        expectedVersion: 0,
        confirm: 'users',
      });
      expect(saved.status, saved.text).toBe(200);
      expect(saved.body.userYaml).toMatchObject({
        version: 1,
        savedBy: 'op-user-yaml@example.org',
        state: 'deploying',
        usersync: null,
      });
      const deployId = saved.body.userYaml.deploy.id as string;

      // The commit carries the file the way the chart takes it: USER_YAML, with usersync reading that copy.
      const fence = await fenceValues('users');
      expect(fence.USER_YAML).toBe(content);
      expect(fence.usersync.userYamlS3Path).toBe('none');
      const head = (await runGit(['log', '-1', '--format=%B', 'main'], { gitDir: gitDir() })).stdout;
      expect(head).toContain('Carries user.yaml version 1');
      expect(head).toContain('saved by op-user-yaml@example.org');

      const done = await settled('users', 1);
      expect(done.state, done.message ?? '').toBe('done');
      expect(done.deploy).toMatchObject({ id: deployId, status: 'healthy' });
      expect(done.usersync).toMatchObject({ state: 'succeeded' });

      // The deploy record links to the save; usersync started only after the deploy was Healthy.
      const deploy = (await viewer.get(`/api/v1/orgs/${ORG}/commons/users/deploys/${deployId}`)).body;
      expect(deploy.timeline.map((entry: { message: string }) => entry.message).join('\n')).toContain(
        'user.yaml version 1 saved by op-user-yaml@example.org',
      );
      const usersync = (await viewer.get(`${actionsOf('users')}/${done.usersync!.id}`)).body;
      expect(Date.parse(usersync.createdAt)).toBeGreaterThanOrEqual(Date.parse(deploy.finishedAt));
      expect(usersync).toMatchObject({ requestedBy: 'op-user-yaml@example.org', state: 'succeeded' });
      // The simulated cluster's usersync read the file the synced values carry, not the bucket's.
      expect(usersync.output).toContain(
        `reading user.yaml: ConfigMap useryaml (sha256 ${saved.body.userYaml.sha256.slice(0, 12)}`,
      );
    });

    it('a second save while the first deploy is in flight supersedes it: its file is deployed, one usersync', async () => {
      const before = (await usersyncActions('users')).length;
      const second = readerUserYaml('second-user@example.org');
      const third = readerUserYaml('third-user@example.org');
      const first = await operator.put(userYamlPath('users'), {
        content: second,
        expectedVersion: 1,
        confirm: 'users',
      });
      expect(first.status, first.text).toBe(200);
      const next = await secondOperator.put(userYamlPath('users'), {
        content: third,
        expectedVersion: 2,
        confirm: 'users',
      });
      expect(next.status, next.text).toBe(200);
      expect(next.body.userYaml.deploy.id).not.toBe(first.body.userYaml.deploy.id);

      const done = await settled('users', 3);
      expect(done.state, done.message ?? '').toBe('done');
      expect((await fenceValues('users')).USER_YAML).toBe(third);
      expect(await usersyncActions('users')).toHaveLength(before + 1);
      const superseded = await csoc.context.database.db
        .selectFrom('user_yaml_versions')
        .select(['state', 'usersync_action_id'])
        .where('version', '=', 2)
        .where('saved_by', '=', 'op-user-yaml@example.org')
        .executeTakeFirstOrThrow();
      expect(superseded).toEqual({ state: 'superseded', usersync_action_id: null });

      // A later deploy of the commons (an upgrade, a settings change) keeps the saved file.
      const again = await deployToTheEnd('users');
      expect(again.status, again.message).toBe('healthy');
      expect((await fenceValues('users')).USER_YAML).toBe(third);
    });

    it('a deploy that ends Degraded means no usersync and a status that says so', async () => {
      const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/users`);
      const updated = await csoc.admin.put(
        `/api/v1/orgs/${ORG}/commons/users`,
        documentOf('users', 'dev', { fence: { podAnnotations: { 'sim.csoc.gen3.org/inject': 'degraded' } } }),
        { 'if-match': current.headers.get('etag')! },
      );
      expect(updated.status, updated.text).toBe(200);
      await recordInfrastructure(csoc.context.database, current.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs('users'),
      });
      const before = (await usersyncActions('users')).length;
      const saved = await operator.put(userYamlPath('users'), {
        content: readerUserYaml('fourth-user@example.org'),
        expectedVersion: 3,
        confirm: 'users',
      });
      expect(saved.status, saved.text).toBe(200);
      const failed = await settled('users', 4);
      expect(failed.state).toBe('deploy-failed');
      expect(failed.deploy?.status).toBe('degraded');
      expect(failed.usersync).toBeNull();
      expect(failed.message).toMatch(/ended degraded.*usersync was not run/);
      expect(await usersyncActions('users')).toHaveLength(before);

      const audit = await csoc.admin.get(
        `/api/v1/orgs/${ORG}/audit?target=${encodeURIComponent(`orgs/${ORG}/commons/users/user-yaml`)}`,
      );
      const actions = (audit.body.items as Array<{ action: string; outcome: string }>).map(
        (item) => `${item.action}:${item.outcome}`,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          'cluster.act:success',
          'user-yaml.deploy:success',
          'user-yaml.usersync:success',
          'user-yaml.deploy:failure',
        ]),
      );
      const text = JSON.stringify(audit.body.items);
      for (const user of ['first-user', 'second-user', 'third-user', 'fourth-user'])
        expect(text).not.toContain(`${user}@example.org`);
    });

    it('on prod a second person of the approver role approves the save; then it deploys and usersync runs, approved by them', async () => {
      const settings = await csoc.admin.get(`/api/v1/orgs/${ORG}/settings`);
      const changed = await csoc.admin.patch(
        `/api/v1/orgs/${ORG}/settings`,
        { requireSecondApproverForProd: true },
        { 'if-match': settings.headers.get('etag')! },
      );
      expect(changed.status, changed.text).toBe(200);
      await commonsWithAgent('live', 'prod');
      const content = readerUserYaml('prod-user@example.org');
      const saved = await operator.put(userYamlPath('live'), {
        content,
        expectedVersion: 0,
        confirm: 'live',
      });
      expect(saved.status, saved.text).toBe(200);
      expect(saved.body.userYaml).toMatchObject({ state: 'pending-approval', deploy: null, usersync: null });
      expect((await fenceValues('live')).USER_YAML).toBeUndefined();

      const own = await operator.post(`${userYamlPath('live')}/versions/1/approve`);
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('approver_is_requester');
      // CSOC_APPROVER_MIN_ROLE (default admin) applies as to every approval: another operator is not enough.
      const belowRole = await secondOperator.post(`${userYamlPath('live')}/versions/1/approve`);
      expect(belowRole.status).toBe(403);
      expect(belowRole.body.error.code).toBe('approval_role_required');
      const approved = await approverAdmin.post(`${userYamlPath('live')}/versions/1/approve`);
      expect(approved.status, approved.text).toBe(200);
      expect(approved.body.userYaml).toMatchObject({
        state: 'deploying',
        approvedBy: 'admin-user-yaml@example.org',
      });
      expect((await fenceValues('live')).USER_YAML).toBe(content);
      const done = await settled('live', 1);
      expect(done.state, done.message ?? '').toBe('done');
      const usersync = (await viewer.get(`${actionsOf('live')}/${done.usersync!.id}`)).body;
      expect(usersync).toMatchObject({
        state: 'succeeded',
        requestedBy: 'op-user-yaml@example.org',
        approvedBy: 'admin-user-yaml@example.org',
      });
      const twice = await approverAdmin.post(`${userYamlPath('live')}/versions/1/approve`);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('user_yaml_not_pending');
    });
  },
);

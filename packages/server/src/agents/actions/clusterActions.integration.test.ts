// Gen3 operations end to end, nothing answered by the test: CSOC's API → the stored action → the hub →
// the real csoc-agent link → the agent's Kubernetes handlers → HTTP → simulated clusters. What a user
// notices: a restart brings new pods, usersync's output streams (and resumes), a failing job ends failed
// with its reason, viewers read but cannot act, prod needs a second person of the approver role, a secret
// a Job prints never reaches CSOC's API, stream, database or audit, and every step is audited.
import fs from 'node:fs';
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../../testing/testUsers.ts';
import { waitFor } from '../../testing/waitFor.ts';
import { readerUserYaml } from '../../testing/readerUserYaml.ts';

const ORG = 'cluster-actions-org';
type SimCluster = Awaited<ReturnType<typeof startSimulatedCommonsCluster>>;

describe('Gen3 operations as audited actions through the agent', { timeout: 600_000 }, () => {
  let csoc: TestCsoc;
  let operator: ApiClient;
  let secondOperator: ApiClient;
  let approverAdmin: ApiClient;
  let viewer: ApiClient;
  let databaseFile: string;
  const links: AgentLink[] = [];
  const clusters: SimCluster[] = [];
  const actionsOf = (commons: string) => `/api/v1/orgs/${ORG}/commons/${commons}/cluster/actions`;

  /** A commons with its own simulated cluster and a connected agent. */
  async function commonsWithAgent(name: string, environment: 'dev' | 'prod'): Promise<SimCluster> {
    const document = simCommonsDocument(name);
    document.spec.environment = environment;
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    const token = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/agent/join-token`, {});
    const cluster = await startSimulatedCommonsCluster({
      namespace: `gen3-${name}`,
      tickMs: 20,
      jobTicks: 5,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 2, kind: 'Deployment' }],
    });
    clusters.push(cluster);
    links.push(
      createAgentLink({
        csocUrl: csoc.url,
        identityStore: cluster.identityStore,
        readJoinToken: async () => token.body.token,
        handlers: cluster.handlers,
        reconnectInitialDelayMs: 50,
        reconnectMaxDelayMs: 500,
      }),
    );
    await waitFor(`${name}'s agent to connect`, async () => {
      const status = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/agent`);
      return status.body?.connected === true ? true : undefined;
    });
    return cluster;
  }

  const finished = (commons: string, id: string) =>
    waitFor(`action ${id} to finish`, async () => {
      const response = await csoc.admin.get(`${actionsOf(commons)}/${id}`);
      return ['succeeded', 'failed'].includes(response.body.state) ? response.body : undefined;
    });

  beforeAll(async () => {
    const databaseUrl = createSqliteTestDatabase();
    databaseFile = databaseUrl.slice('sqlite:'.length);
    csoc = await startTestCsoc({ databaseUrl });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    operator = await createSignedInUser(csoc, 'op-actions@example.org', ORG, 'operator');
    secondOperator = await createSignedInUser(csoc, 'op2-actions@example.org', ORG, 'operator');
    approverAdmin = await createSignedInUser(csoc, 'admin-actions@example.org', ORG, 'admin');
    viewer = await createSignedInUser(csoc, 'viewer-actions@example.org', ORG, 'viewer');
    await commonsWithAgent('dev', 'dev');
  });
  afterAll(async () => {
    for (const link of links) await link.stop();
    for (const cluster of clusters) await cluster.close();
    await csoc?.stop();
  });

  it('restarts a Deployment: its pods are replaced by new ones, and the action is audited', async () => {
    const fencePods = async () =>
      (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/dev/cluster/pods`)).body.pods
        .filter(
          (pod: { name: string; phase: string }) => pod.name.startsWith('fence-') && pod.phase === 'Running',
        )
        .map((pod: { name: string }) => pod.name) as string[];
    const before = await waitFor('two running fence pods', async () => {
      const names = await fencePods();
      return names.length === 2 ? names : undefined;
    });
    const asked = await operator.post(actionsOf('dev'), {
      action: 'restart',
      target: 'fence',
      confirm: 'dev',
    });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toMatchObject({
      action: 'restart',
      target: 'fence',
      requestedBy: 'op-actions@example.org',
    });
    const done = await finished('dev', asked.body.id);
    expect(done).toMatchObject({
      state: 'succeeded',
      result: expect.stringContaining('Deployment fence restarted'),
    });
    const after = await waitFor('two new running fence pods', async () => {
      const names = await fencePods();
      return names.length === 2 && names.every((name) => !before.includes(name)) ? names : undefined;
    });
    expect(after).toHaveLength(2);

    const audit = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/audit?target=${encodeURIComponent(`orgs/${ORG}/commons/dev/cluster/actions/${asked.body.id}`)}`,
    );
    const events = audit.body.items.map(
      (event: { action: string; actor: { label?: string } | string }) => event.action,
    );
    expect(events).toEqual(expect.arrayContaining(['cluster.act', 'cluster.action.succeeded']));
    expect(JSON.stringify(audit.body.items)).toContain('op-actions@example.org');
  });

  it('runs usersync with its output streamed as server-sent events, resumable from Last-Event-ID', async () => {
    const asked = await operator.post(actionsOf('dev'), { action: 'usersync', confirm: 'dev' });
    expect(asked.status, asked.text).toBe(202);
    const stream = await operator.get(`${actionsOf('dev')}/${asked.body.id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.text).toContain('event: output');
    expect(stream.text).toMatch(/reading user\.yaml/);
    expect(stream.text).toContain('usersync finished');
    expect(stream.text).toMatch(/event: end\ndata: \{"state":"succeeded"/);

    const stored = await finished('dev', asked.body.id);
    expect(stored.job).toMatch(/^usersync-csoc-/);
    expect(stored.output).toContain(`--- job ${stored.job} created ---`);
    const total = stored.outputBytes as number;
    const resumed = await operator.get(`${actionsOf('dev')}/${asked.body.id}/events`, {
      'last-event-id': String(total - 20),
    });
    const output = /id: (\d+)\nevent: output\ndata: (.*)\n/.exec(resumed.text)!;
    expect(Number(output[1])).toBe(total);
    expect(Buffer.byteLength(JSON.parse(output[2]!).text)).toBe(20);
    expect(stored.output.endsWith(JSON.parse(output[2]!).text)).toBe(true);
  });

  it('ends a job that fails in the cluster as failed, with its message and output', async () => {
    clusters[0]!.cluster.failService(
      'fence-db-migrate-cronjob',
      'alembic: target database is not up to date',
    );
    const asked = await operator.post(actionsOf('dev'), {
      action: 'cronjob',
      target: 'fence-db-migrate-cronjob',
      confirm: 'dev',
    });
    expect(asked.status, asked.text).toBe(202);
    const done = await finished('dev', asked.body.id);
    expect(done).toMatchObject({ state: 'failed', result: 'Job has reached the specified backoff limit' });
    expect(done.output).toContain('ERROR alembic: target database is not up to date');
    const audit = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/audit?action=cluster.action.failed&outcome=failure`,
    );
    expect(JSON.stringify(audit.body.items)).toContain(asked.body.id);
  });

  it('lets a viewer read the actions but not act (403), and names the field of bad input', async () => {
    const refused = await viewer.post(actionsOf('dev'), { action: 'usersync', confirm: 'dev' });
    expect(refused.status).toBe(403);
    const listed = await viewer.get(actionsOf('dev'));
    expect(listed.status).toBe(200);
    expect(listed.body.actions.length).toBeGreaterThanOrEqual(3);
    expect(listed.body.actions[0]).not.toHaveProperty('output');
    expect((await viewer.get(`${actionsOf('dev')}/${listed.body.actions[0].id}`)).status).toBe(200);
    expect((await viewer.post(`${actionsOf('dev')}/${listed.body.actions[0].id}/approve`)).status).toBe(403);

    const wrongConfirm = await operator.post(actionsOf('dev'), { action: 'usersync', confirm: 'prod' });
    expect(wrongConfirm.status).toBe(400);
    expect(wrongConfirm.body.error).toMatchObject({
      code: 'confirmation_required',
      details: [{ field: 'body.confirm', message: 'must equal dev' }],
    });
    const arbitrary = await operator.post(actionsOf('dev'), { action: 'bash', confirm: 'dev' });
    expect(arbitrary.status).toBe(400);
    expect(arbitrary.text).toContain('action');
    const noTarget = await operator.post(actionsOf('dev'), { action: 'restart', confirm: 'dev' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.details[0].field).toBe('body.target');
    const strayTarget = await operator.post(actionsOf('dev'), {
      action: 'etl',
      target: 'fence',
      confirm: 'dev',
    });
    expect(strayTarget.body.error.details[0].field).toBe('body.target');
    const badName = await operator.post(actionsOf('dev'), {
      action: 'restart',
      target: '../x',
      confirm: 'dev',
    });
    expect(badName.status).toBe(400);
    expect(badName.text).toContain('target');
    const unknown = await operator.post(actionsOf('dev'), {
      action: 'restart',
      target: 'nope',
      confirm: 'dev',
    });
    expect((await finished('dev', unknown.body.id)).state).toBe('failed');

    // A commons whose agent never connected: refused at once, nothing stored as running.
    expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('offline'))).status).toBe(
      201,
    );
    const offline = await operator.post(actionsOf('offline'), { action: 'usersync', confirm: 'offline' });
    expect(offline.status).toBe(503);
    expect(offline.body.error.code).toBe('agent_not_connected');
    expect((await viewer.get(actionsOf('offline'))).body.actions).toEqual([]);
  });

  // The whole way of a save to the cluster (GitOps deploy, then usersync) is userYamlRollout.integration.test.ts;
  // this commons has no Gen3 settings, so its save cannot be deployed and must say so.
  it('saves a validated user.yaml edit; a commons that cannot be deployed runs no usersync and says why', async () => {
    const userYaml = `/api/v1/orgs/${ORG}/commons/dev/user-yaml`;
    const valid = readerUserYaml('someone@example.org');
    expect((await viewer.get(userYaml)).status).toBe(404);
    const broken = await operator.put(userYaml, {
      content: valid.replace('role_ids: [reader]', 'role_ids: [raeder]'),
      expectedVersion: 0,
      confirm: 'dev',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({
      code: 'invalid_user_yaml',
      details: [
        {
          field: 'body.content.authz.policies[0].role_ids[0]',
          message: 'names role raeder, which authz.roles does not define (line 4)',
        },
      ],
    });
    expect((await viewer.put(userYaml, { content: valid, expectedVersion: 0, confirm: 'dev' })).status).toBe(
      403,
    );

    const usersyncsBefore = (await viewer.get(actionsOf('dev'))).body.actions.filter(
      (action: { action: string }) => action.action === 'usersync',
    ).length;
    const saved = await operator.put(userYaml, { content: valid, expectedVersion: 0, confirm: 'dev' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.userYaml).toMatchObject({
      version: 1,
      savedBy: 'op-actions@example.org',
      state: 'deploy-failed',
      deploy: null,
      usersync: null,
    });
    expect(saved.body.userYaml.message).toMatch(/no Gen3 settings.*usersync was not run/);
    expect((await viewer.get(userYaml)).body).toMatchObject({
      version: 1,
      content: valid,
      state: 'deploy-failed',
    });
    expect(
      (await viewer.get(actionsOf('dev'))).body.actions.filter(
        (action: { action: string }) => action.action === 'usersync',
      ),
    ).toHaveLength(usersyncsBefore);
    const stale = await operator.put(userYaml, { content: valid, expectedVersion: 0, confirm: 'dev' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('user_yaml_changed');

    const audit = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/audit?target=${encodeURIComponent(`orgs/${ORG}/commons/dev/user-yaml`)}`,
    );
    expect(audit.body.items.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit.body.items)).toContain('user-yaml.deploy');
    expect(JSON.stringify(audit.body.items)).not.toContain('someone@example.org');
  });

  it('on a prod commons waits for a second person of the approver role: not the requester, not an operator below it', async () => {
    const settings = await csoc.admin.get(`/api/v1/orgs/${ORG}/settings`);
    const changed = await csoc.admin.patch(
      `/api/v1/orgs/${ORG}/settings`,
      { requireSecondApproverForProd: true },
      { 'if-match': settings.headers.get('etag')! },
    );
    expect(changed.status, changed.text).toBe(200);
    await commonsWithAgent('live', 'prod');

    const asked = await operator.post(actionsOf('live'), { action: 'usersync', confirm: 'live' });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toMatchObject({ state: 'pending-approval', approvedBy: null });
    const own = await operator.post(`${actionsOf('live')}/${asked.body.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('approver_is_requester');
    expect((await csoc.admin.get(`${actionsOf('live')}/${asked.body.id}`)).body.state).toBe(
      'pending-approval',
    );

    // CSOC_APPROVER_MIN_ROLE (default admin) applies as for a planned run: another operator is not enough.
    const belowRole = await secondOperator.post(`${actionsOf('live')}/${asked.body.id}/approve`);
    expect(belowRole.status).toBe(403);
    expect(belowRole.body.error).toMatchObject({
      code: 'approval_role_required',
      message: expect.stringContaining('needs the admin role or higher in this CSOC; yours is operator'),
    });
    expect((await csoc.admin.get(`${actionsOf('live')}/${asked.body.id}`)).body.state).toBe(
      'pending-approval',
    );

    const approved = await approverAdmin.post(`${actionsOf('live')}/${asked.body.id}/approve`);
    expect(approved.status, approved.text).toBe(202);
    expect(approved.body).toMatchObject({ state: 'running', approvedBy: 'admin-actions@example.org' });
    expect((await finished('live', asked.body.id)).state).toBe('succeeded');
    const again = await approverAdmin.post(`${actionsOf('live')}/${asked.body.id}/approve`);
    expect(again.status).toBe(409);

    const audit = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/audit?target=${encodeURIComponent(`orgs/${ORG}/commons/live/cluster/actions/${asked.body.id}`)}`,
    );
    const trail = audit.body.items.map(
      (event: { action: string; outcome: string }) => `${event.action}:${event.outcome}`,
    );
    expect(trail).toEqual(
      expect.arrayContaining([
        'cluster.act:success',
        'cluster.approve:denied',
        'cluster.approve:success',
        'cluster.action.succeeded:success',
      ]),
    );
  });

  it('scrubs secrets a Job prints before they are stored or streamed: API, SSE, database, audit, log', async () => {
    const canaries = {
      password: 'PwCanary5mZq81',
      url: 'UrlCanary9rTw3',
      aws: 'AKIACANARY7X2Q9WLM4B',
      key: 'KeyCanaryQm7Rt2Xv',
      token: 'TokCanaryHx8Lp4Wd',
    };
    clusters[0]!.cluster.failService(
      'fence-db-migrate-cronjob',
      [
        `connecting with DB_PASSWORD=${canaries.password}`,
        `  url postgresql://fence:${canaries.url}@fence-db:5432/fence`,
        `  aws ${canaries.aws} token: ${canaries.token}`,
        '-----BEGIN OPENSSH PRIVATE KEY-----',
        `b3BlbnNzaC1rZXktdjEAAAAA${canaries.key}`,
        '-----END OPENSSH PRIVATE KEY-----',
        'giving up',
      ].join('\n'),
    );
    const asked = await operator.post(actionsOf('dev'), {
      action: 'db-migrate',
      confirm: 'dev',
    });
    expect(asked.status, asked.text).toBe(202);
    const stream = await operator.get(`${actionsOf('dev')}/${asked.body.id}/events`);
    const done = await finished('dev', asked.body.id);
    clusters[0]!.cluster.recover('fence-db-migrate-cronjob');
    expect(done.state).toBe('failed');
    // What a user sees: the line is there with the secret replaced.
    expect(done.output).toContain('DB_PASSWORD=[redacted]');
    expect(done.output).toContain('postgresql://fence:[redacted]@fence-db:5432/fence');
    expect(done.output).toContain('[redacted private key]');
    expect(done.output).toContain('giving up');
    expect(stream.text).toContain('[redacted]');
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=200`);
    const database = [databaseFile, `${databaseFile}-wal`]
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString('latin1'))
      .join('');
    const places = {
      api: JSON.stringify(done),
      sse: stream.text,
      audit: JSON.stringify(audit.body),
      database,
      log: csoc.capturedOutput(),
    };
    for (const [place, text] of Object.entries(places))
      for (const [what, canary] of Object.entries(canaries))
        expect(text.includes(canary), `the ${what} canary appears in the ${place}`).toBe(false);
  });
});

// The deploy path of csoc-agent on the default setup (SQLite, the embedded SIMULATED Argo CD): a sim commons
// labelled csoc.gen3.org/agent: enabled gets agent.yaml committed beside its other files and synced by its
// Application, the image being this CSOC's csoc-agent. The deploy creates the agent's join token and a run of
// kind store-agent-join-token writes it into the secret manager entry the ExternalSecret reads (ADR 0074), so
// the deploy ends Healthy, the simulated cluster's agent enrols by itself and the live view answers; a
// re-deploy keeps the enrolled agent and creates no token. A commons without the label gets no agent and ends
// Healthy; an unknown label value is refused naming the label. On Argo CD's own cluster the agent's read Role
// in Argo CD's namespace syncs through its own Application in the project csoc-agent-access (ADR 0083),
// which goes when the agent is turned off and when Gen3 is removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { csocServerVersion } from '../../backup/backupManifest.ts';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { runGit } from '../repository/runGit.ts';
import {
  createSimAccount,
  simApplyOutputs,
  simCommonsDocument,
  waitForRun,
} from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { waitFor } from '../../testing/waitFor.ts';
import { AGENT_LABEL } from './toRenderInput.ts';
import { removeGen3Deployment } from '../deploys/removeGen3Deployment.ts';

const ORG = 'agent-deploy-org';

describe('csoc-agent through a real deploy', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  const gitDir = () => path.join(csoc.dataDir, 'gitops', `${ORG}.git`);
  const show = async (file: string) =>
    (await runGit(['show', `HEAD:${ORG}/${file}`], { gitDir: gitDir(), okCodes: [128] })).stdout;

  async function createCommons(
    name: string,
    labels?: Record<string, string>,
    outputs: Record<string, unknown> = simApplyOutputs(name),
  ) {
    const document = simCommonsDocument(
      name,
      {},
      { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
    );
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, ...(labels ? { labels } : {}) },
    });
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs,
    });
    return created.body.id as string;
  }

  async function deployToTheEnd(name: string) {
    const started = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
    expect(started.body.status, started.text).toBe('committed');
    return waitFor(`the deploy of ${name} to finish`, async () => {
      const deploy = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${started.body.id}`))
        .body;
      return deploy.finishedAt ? deploy : undefined;
    });
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-deploy-')), 'csoc.db')}`,
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '200',
        CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('commits and syncs the agent of a labelled commons, delivers its join token, and the agent enrols', async () => {
    await createCommons('with-agent', { [AGENT_LABEL]: 'enabled' });
    const base = `/api/v1/orgs/${ORG}/commons/with-agent`;
    const deploy = await deployToTheEnd('with-agent');
    expect(deploy.status, deploy.message).toBe('healthy');
    const said = deploy.timeline.map((entry: { message: string }) => entry.message).join('\n');
    expect(said).toMatch(
      /agent: created a join token; run \S+ stores it in with-agent-with-agent-csoc-agent-join-token/,
    );

    // The agent in the simulated cluster enrolled with the token it read from the entry, by itself.
    const workloads = await waitFor('the agent to answer for the cluster', async () => {
      const response = await csoc.admin.get(`${base}/cluster/workloads`);
      return response.status === 200 ? response.body.workloads : undefined;
    });
    expect(workloads.map((workload: { name: string }) => workload.name)).toContain('fence');
    const enrolled = await csoc.admin.get(`${base}/agent`);
    expect(enrolled.body).toMatchObject({ enrolled: true, connected: true });

    const runs = async () =>
      (
        (await csoc.admin.get(`${base}/runs`)).body.items as Array<{
          id: string;
          kind: string;
          state: string;
        }>
      ).filter((run) => run.kind === 'store-agent-join-token');
    const delivered = await runs();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.state).toBe('succeeded');
    // The token is nowhere a user reads: not in the run's output, the deploy, the audit log or Git.
    const output = await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${delivered[0]!.id}/output`);
    expect(output.status).toBe(200);
    expect(output.text).toContain(
      'wrote the csoc-agent join token to with-agent-with-agent-csoc-agent-join-token',
    );
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit`);
    expect(audit.text).toContain('agent.join-token.deliver');
    const gitLog = (await runGit(['log', '-p', '--all'], { gitDir: gitDir() })).stdout;
    for (const text of [output.text, JSON.stringify(deploy), audit.text, gitLog])
      expect(text).not.toMatch(/csoc_join_[A-Za-z0-9_-]{20,}/);

    // A re-deploy keeps the enrolled agent: no new token, no new delivery.
    const again = await deployToTheEnd('with-agent');
    expect(again.status, again.message).toBe('healthy');
    expect(again.timeline.map((entry: { message: string }) => entry.message).join('\n')).toContain(
      `agent: ${enrolled.body.agentId} is enrolled and keeps its identity; no join token created`,
    );
    expect(await runs()).toHaveLength(1);
    expect((await csoc.admin.get(`${base}/agent`)).body).toMatchObject({
      agentId: enrolled.body.agentId,
      connected: true,
    });

    const agent = parseAllDocuments(await show('with-agent/agent.yaml')).map((doc) => doc.toJS());
    expect(agent.map((doc) => doc.kind)).toEqual([
      'ServiceAccount',
      'Role',
      'RoleBinding',
      'Secret',
      'Deployment',
    ]);
    const container = agent[4].spec.template.spec.containers[0];
    expect(container.image).toBe(`csoc-agent:${csocServerVersion()}`);
    expect(container.env).toContainEqual({ name: 'CSOC_URL', value: csoc.url });
    const app = parseAllDocuments(await show('with-agent/app.yaml'))
      .map((doc) => doc.toJS())
      .find((doc) => doc.metadata.name === 'gen3-with-agent');
    expect(app.spec.sources).toContainEqual(
      expect.objectContaining({ path: `${ORG}/with-agent`, directory: { include: 'agent.yaml' } }),
    );
    expect(await show('with-agent/secrets.yaml')).toContain('with-agent-with-agent-csoc-agent-join-token');
  });

  it('withdraws a join token the secret manager refused; the next deploy delivers a new one', async () => {
    await createCommons('refused', { [AGENT_LABEL]: 'enabled' });
    const base = `/api/v1/orgs/${ORG}/commons/refused`;
    const joinTokenRuns = async () =>
      ((await csoc.admin.get(`${base}/runs`)).body.items as Array<{ id: string; kind: string }>).filter(
        (run) => run.kind === 'store-agent-join-token',
      );
    // The simulator refuses a write signed with a token that is not its own (HTTP 401).
    const simulatorToken = csoc.context.simArgoCdToken;
    csoc.context.simArgoCdToken = 'not-the-simulator-token';
    try {
      const started = await csoc.admin.post(`${base}/deploys`, {});
      expect(started.body.status, started.text).toBe('committed');
    } finally {
      csoc.context.simArgoCdToken = simulatorToken;
    }
    const [refused] = await joinTokenRuns();
    const run = await waitForRun(csoc.admin, ORG, refused!.id, ['failed'], 180_000);
    expect(run.state, run.message).toBe('failed');
    expect(run.message).toContain('refused to write refused-refused-csoc-agent-join-token (HTTP 401');
    const output = await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${refused!.id}/output`);
    expect(output.text).toContain('The join token this run was to store was withdrawn');

    // Nothing unused is left, so the next deploy creates and stores a new token, and the agent enrols.
    const again = await deployToTheEnd('refused');
    expect(again.status, again.message).toBe('healthy');
    expect(await joinTokenRuns()).toHaveLength(2);
    await waitFor('the agent to enrol with the second token', async () => {
      const agent = await csoc.admin.get(`${base}/agent`);
      return agent.body.enrolled && agent.body.connected ? true : undefined;
    });
  });

  it("syncs the agent's Argo CD read Role on Argo CD's own cluster through csoc-agent-access, and removes it", async () => {
    const name = 'in-argo';
    const outputs = { ...simApplyOutputs(name), cluster_endpoint: 'https://kubernetes.default.svc' };
    const commonsId = await createCommons(name, { [AGENT_LABEL]: 'enabled' }, outputs);
    const deploy = await deployToTheEnd(name);
    expect(deploy.status, deploy.message).toBe('healthy');
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    const access = await waitFor('the access Application to sync', async () => {
      const application = await argo.getApplication(`csoc-agent-access-${name}`, { refresh: 'normal' });
      return application?.status?.sync.status === 'Synced' && application.status.health.status === 'Healthy'
        ? application
        : undefined;
    });
    expect(access.spec.project).toBe('csoc-agent-access');
    expect(await show(`${name}/agent-access.yaml`)).toContain(`name: csoc-agent-read-${name}`);
    expect(await show(`${name}/agent.yaml`)).not.toContain('namespace: argocd');
    // The org's project still permits only the commons' own namespaces.
    const orgProject = (await argo.getProject(ORG))!;
    expect(orgProject.spec.destinations.map((destination) => destination.namespace)).not.toContain('argocd');
    expect((await argo.getProject('csoc-agent-access'))!.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    ]);

    // Gen3 removed before a destroy: the access Application goes with it.
    const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
    const removed = await removeGen3Deployment(csoc.context, {
      orgId,
      commonsId,
      runId: 'test-destroy',
      requestedById: 'test',
      requestedBy: 'test',
      signal: new AbortController().signal,
      log: () => undefined,
    });
    expect(removed.removed, removed.message).toBe(true);
    expect(await argo.getApplication(`csoc-agent-access-${name}`)).toBeUndefined();
    expect(await argo.getApplication(`gen3-${name}`)).toBeUndefined();
  });

  it("deletes the agent's access Application when the agent is turned off", async () => {
    const name = 'in-argo-off';
    const outputs = { ...simApplyOutputs(name), cluster_endpoint: 'https://kubernetes.default.svc' };
    await createCommons(name, { [AGENT_LABEL]: 'enabled' }, outputs);
    expect((await deployToTheEnd(name)).status).toBe('healthy');
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    expect(await argo.getApplication(`csoc-agent-access-${name}`)).toBeDefined();
    const base = `/api/v1/orgs/${ORG}/commons/${name}`;
    const current = await csoc.admin.get(base);
    const { apiVersion, kind, metadata, spec } = current.body;
    const updated = await csoc.admin.put(
      base,
      { apiVersion, kind, spec, metadata: { ...metadata, labels: { [AGENT_LABEL]: 'disabled' } } },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(updated.status, updated.text).toBe(200);
    const off = await deployToTheEnd(name);
    expect(off.status, off.message).toBe('healthy');
    // app.yaml no longer names it (a deploy leaves unnamed files of the folder in Git, unread by Argo CD).
    expect(await show(`${name}/app.yaml`)).not.toContain('csoc-agent-access');
    await waitFor('the access Application to go', async () =>
      (await argo.getApplication(`csoc-agent-access-${name}`)) ? undefined : true,
    );
  });

  it('renders no agent for a commons without the label', async () => {
    await createCommons('no-agent');
    const deploy = await deployToTheEnd('no-agent');
    expect(deploy.status, deploy.message).toBe('healthy');
    expect(await show('no-agent/agent.yaml')).toBe('');
    expect(await show('no-agent/secrets.yaml')).not.toContain('csoc-agent');
  });

  it('refuses a label value it does not know, naming the label', async () => {
    await createCommons('bad-label', { [AGENT_LABEL]: 'on' });
    const refused = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/bad-label/deploys`, {});
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.details).toContainEqual({
      field: `metadata.labels.${AGENT_LABEL}`,
      message: expect.stringContaining('use enabled'),
    });
  });
});

// The SIMULATED Argo CD and cluster refuse what a real one would (docs/adr/0030), end to end on SQLite with
// the embedded simulator: a sim commons applied by the sim plugin, which created every secret and role the
// rendered files name in the namespace they deploy to, becomes Healthy with every check run; one seam each of
// the plugin's real outputs — a login secret the operator did not store, roles and secrets made for another
// namespace, a secret or a role left out — ends the deploy Degraded with the reason; a gen3 chart version
// helm.gen3.org never published is a ComparisonError a deploy does not wait out; and a Gen3 application
// synced before the cluster add-ons fails on the missing CRDs, retried with backoff, until the add-ons come;
// and csoc-agent's read Role in Argo CD's namespace syncs only through its own Application in the project
// csoc-agent-access: from the commons' Application (the org's project) it is refused, as is any other kind
// or namespace from the access Application (ADR 0083).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { CommonsSpec } from '@csoc/common';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import type { ApiClient } from '../../testing/ApiClient.ts';
import { readmeTourCommands } from '../../testing/readmeTourCommands.ts';
import {
  createSimAccount,
  simApplyOutputs,
  simCommonsDocument,
  waitForRun,
} from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import type { ArgoApplication, ArgoCdClient } from '../deploys/argoCdClient.ts';
import { describeCondition, errorConditionsOf, isUnhealable } from '../deploys/argoCdConditions.ts';
import { renderCommonsFiles } from '../deploys/deployService.ts';
import {
  applicationsOf,
  ensureAgentAccessProject,
  registerClusterAndProject,
} from '../deploys/prepareArgoCd.ts';
import { AGENT_LABEL } from '../rendering/toRenderInput.ts';
import { repoRoot } from '../releases/readReleaseCatalogSources.ts';
import { nextRelease } from '../releases/releaseCatalog.ts';
import { createGitopsReadToken } from '../repository/gitopsReadTokens.ts';

const ORG = 'seams-org';

async function waitForDeploy(client: ApiClient, commons: string, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deploy = (await client.get(`/api/v1/orgs/${ORG}/commons/${commons}/deploys/${id}`)).body;
    if (deploy.finishedAt) return deploy;
    if (Date.now() > deadline)
      throw new Error(`deploy ${commons} still ${deploy.status} after ${timeoutMs} ms: ${deploy.message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForApplication(
  argo: ArgoCdClient,
  name: string,
  done: (application: ArgoApplication) => boolean,
  timeoutMs = 60_000,
): Promise<ArgoApplication> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const application = await argo.getApplication(name, { refresh: 'normal' });
    if (application && done(application)) return application;
    if (Date.now() > deadline)
      throw new Error(`${name} not there after ${timeoutMs} ms: ${JSON.stringify(application?.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a SIMULATED cluster refuses what a real one would', () => {
  let csoc: TestCsoc;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '100',
        CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
        CSOC_DEPLOY_CONDITION_GRACE_SECONDS: '1',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  const gen3 = (name: string) => ({ release: '2025.06', hostname: `${name}.sim.example.org` });

  /**
   * A sim commons whose infrastructure is recorded as the sim plugin reports it (its inventory included:
   * simulatedInventoryOutputs, checked against a real apply in plugins/sim/src/runSim.test.ts); returns its
   * rendered Applications.
   */
  async function commonsWithInventory(name: string) {
    const document = simCommonsDocument(name, {}, { gen3: gen3(name) });
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    const outputs = simApplyOutputs(name);
    const rendered = renderCommonsFiles(csoc.context, ORG, {
      name,
      spec: document.spec as unknown as CommonsSpec,
      infraStatus: 'provisioned',
      outputs,
    }).rendered.files;
    await recordInfrastructure(csoc.context.database, created.body.id, { status: 'provisioned', outputs });
    return applicationsOf(rendered['app.yaml'], name);
  }

  /** A sim commons planned, approved and applied through the API: the sim plugin's real outputs. */
  async function appliedCommons(name: string, inputs: Record<string, unknown>, settings = {}) {
    const document = simCommonsDocument(name, inputs, { gen3: { ...gen3(name), ...settings } });
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    const run = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    expect((await waitForRun(csoc.admin, ORG, run.body.id, ['planned'], 120_000)).state).toBe('planned');
    await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    const applied = await waitForRun(csoc.admin, ORG, run.body.id, [], 120_000);
    expect(applied.state, applied.result_message ?? applied.resultMessage).toBe('succeeded');
    const outputs = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}`)).body.status?.outputs;
    return outputs as Record<string, unknown> | undefined;
  }

  async function deploy(name: string) {
    const started = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
    expect(started.status, started.text).toBe(201);
    return waitForDeploy(csoc.admin, name, started.body.id);
  }

  it('deploys to Healthy what the sim plugin created, and ends Degraded with the reason for each seam of its real outputs', async () => {
    const okta = {
      loginProviders: [
        {
          kind: 'okta',
          name: 'okta',
          clientId: 'gen3',
          discoveryUrl: 'https://okta.example.org/.well-known/openid-configuration',
        },
      ],
    };
    // Each seam is the sim plugin's own: the operator stored the login secret or not, the simulated cloud
    // created the roles and secrets for another namespace, or left one out.
    const cases = [
      ['whole', { operatorSecrets: ['okta-client-secret'] }, okta],
      ['no-login', {}, okta],
      ['wrong-ns', { simulation: { namespace: 'gen3' } }, {}],
      ['no-key', { simulation: { skipResources: ['secret["no-key-fence-jwt-keys"]'] } }, {}],
      ['no-role', { simulation: { skipResources: ['role["fence"]'] } }, {}],
    ] as const;
    for (const [name, inputs, settings] of cases) await appliedCommons(name, inputs, settings);
    const [whole, noLogin, wrongNamespace, noKey, noRole] = await Promise.all(
      cases.map(([name]) => deploy(name)),
    );
    expect(whole.status, whole.message).toBe('healthy');
    // Every check ran: nothing was skipped for want of an output.
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    const wholeApp = await argo.getApplication('gen3-whole');
    expect(wholeApp!.status!.conditions ?? []).toEqual([]);

    expect(noLogin.status).toBe('degraded');
    expect(noLogin.message).toContain('reads "no-login-no-login-okta-client-secret"');
    expect(wrongNamespace.status).toBe('degraded');
    expect(wrongNamespace.message).toMatch(
      /created the commons' roles and secrets for namespace "gen3", but the application deploys to "wrong-ns"/,
    );
    expect(noKey.status).toBe('degraded');
    expect(noKey.message).toContain('reads "no-key-no-key-fence-jwt-keys"');
    expect(noKey.message).toMatch(/which the secret manager does not hold/);
    expect(noRole.status).toBe('degraded');
    expect(noRole.message).toContain(
      'names role arn:aws:iam::000000000000:role/no-role-no-role-fence, which the IaC plugin did not create',
    );
    // The other seams each name only their own problem.
    expect(noRole.message).not.toMatch(/secret manager|namespace/);
    expect(noKey.message).not.toMatch(/names role|namespace "/);
  }, 400_000);

  it("deploys and upgrades the README tour's commons Healthy with every default, every check run", async () => {
    // The commons document exactly as the tour writes it (alpha.yaml), through plan, approve and apply.
    const command = readmeTourCommands(readFileSync(join(repoRoot, 'README.md'), 'utf8')).find((line) =>
      line.startsWith('cat > alpha.yaml'),
    )!;
    const document = YAML.parse(command.split('\n').slice(1, -1).join('\n'));
    expect(document.spec.plugin.name).toBe('sim');
    const name = document.metadata.name as string;
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    const run = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, { kind: 'plan' });
    expect((await waitForRun(csoc.admin, ORG, run.body.id, ['planned'], 120_000)).state).toBe('planned');
    await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    expect((await waitForRun(csoc.admin, ORG, run.body.id, [], 120_000)).state).toBe('succeeded');
    const first = await deploy(name);
    expect(first.status, first.message).toBe('healthy');

    // csoc upgrade --to the next release: the same commons at the next release, deployed again.
    const next = nextRelease(document.spec.gen3.release)!.version;
    const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}`);
    const upgraded = await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/${name}`,
      { ...document, spec: { ...document.spec, gen3: { ...document.spec.gen3, release: next } } },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(upgraded.status, upgraded.text).toBe(200);
    const second = await deploy(name);
    expect(second.status, second.message).toBe('healthy');
    const application = await csoc.context.gitops.argoCdFor(ORG)!.getApplication(`gen3-${name}`);
    expect(application!.status!.conditions ?? []).toEqual([]);
  }, 300_000);

  it('ends a deploy at once when Argo CD cannot be told about the cluster, saying which output is missing', async () => {
    const document = simCommonsDocument('no-ca', {}, { gen3: gen3('no-ca') });
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, document);
    expect(created.status, created.text).toBe(201);
    const { cluster_ca: _ca, ...withoutCa } = simApplyOutputs('no-ca');
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: withoutCa,
    });
    const ended = await deploy('no-ca');
    expect(ended.status).toBe('degraded');
    expect(ended.message).toMatch(
      /^Argo CD refused the commons before any sync: the IaC plugin reports no cluster CA \(cluster_certificate_authority_data\)/,
    );
    // Nothing reached Argo CD: no Application for it.
    expect(await csoc.context.gitops.argoCdFor(ORG)!.getApplication('gen3-no-ca')).toBeUndefined();
  }, 60_000);

  it('reports an unpublished gen3 chart as a condition a deploy ends with, not waits out', async () => {
    const applications = await commonsWithInventory('old-chart');
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    const gen3App = applications.gen3!;
    const sources = (gen3App.spec.sources as Array<Record<string, unknown>>).map((source) =>
      source.chart === 'gen3' ? { ...source, targetRevision: '0.2.70' } : source,
    );
    await registerClusterAndProject(argo, {
      org: ORG,
      commons: 'old-chart',
      repositoryUrl: csoc.context.gitops.repository.repoUrl(ORG),
      outputs: { ...simApplyOutputs('old-chart') },
      applications: [gen3App],
    });
    await argo.upsertApplication({ ...gen3App, spec: { ...gen3App.spec, sources } });
    const stuck = await waitForApplication(
      argo,
      gen3App.metadata.name,
      (application) => errorConditionsOf(application.status).length > 0,
    );
    const condition = errorConditionsOf(stuck.status)[0]!;
    expect(describeCondition(condition)).toMatch(
      /ComparisonError: .*chart "gen3" version "0.2.70" not found in https:\/\/helm.gen3.org repository/,
    );
    expect(isUnhealable(condition)).toBe(true);
    expect(stuck.status!.sync.status).toBe('Unknown');
  }, 60_000);

  it("refuses csoc-agent's Role in Argo CD's namespace from the commons' Application, and syncs it from its own", async () => {
    // A commons with the agent on Argo CD's own cluster, as the existing-cluster plugin deploys one
    const name = 'in-argo';
    const document = simCommonsDocument(name, {}, { gen3: gen3(name) });
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } },
    });
    expect(created.status, created.text).toBe(201);
    // (the sim plugin names a cluster of its own unless told Argo CD's: plugins/sim toGen3RenderOutputs.ts).
    const outputs = { ...simApplyOutputs(name), cluster_endpoint: 'https://kubernetes.default.svc' };
    const rendered = renderCommonsFiles(csoc.context, ORG, {
      name,
      spec: document.spec as unknown as CommonsSpec,
      labels: { [AGENT_LABEL]: 'enabled' },
      infraStatus: 'provisioned',
      outputs,
    }).rendered;
    const { gen3: gen3App, addons, agentAccess } = applicationsOf(rendered.files['app.yaml'], name);
    expect(agentAccess!.spec.project).toBe('csoc-agent-access');
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    const repoUrl = csoc.context.gitops.repository.repoUrl(ORG);
    const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
    await registerClusterAndProject(argo, {
      org: ORG,
      commons: name,
      repositoryUrl: repoUrl,
      outputs,
      applications: [gen3App!, addons!],
    });
    // The layout before ADR 0083: the Role and RoleBinding in Argo CD's namespace inside agent.yaml.
    const oldLayout = {
      ...rendered.files,
      'agent.yaml': `${rendered.files['agent.yaml']}${rendered.files['agent-access.yaml']!.replace(/^#.*\n/gm, '')}`,
    };
    delete (oldLayout as Record<string, string | undefined>)['agent-access.yaml'];
    await csoc.context.gitops.repository.commit(ORG, {
      directory: rendered.directory,
      files: oldLayout,
      author: { name: 'test', email: 'test@example.org' },
      message: 'in-argo files, the old layout',
    });
    const { token } = await createGitopsReadToken(csoc.context.database.db, orgId, 'argocd', 'test', {
      replaceSameName: true,
    });
    await argo.upsertRepository({ repo: repoUrl, username: 'argocd', password: token });
    await argo.upsertApplication(addons!);
    await argo.syncApplication(addons!.metadata.name);
    await waitForApplication(argo, addons!.metadata.name, (app) => app.status?.health.status === 'Healthy');
    const noRetry = (application: ArgoApplication) => ({
      ...application,
      spec: { ...application.spec, syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } },
    });
    await argo.upsertApplication(noRetry(gen3App!));
    await argo.syncApplication(gen3App!.metadata.name);
    const refused = await waitForApplication(
      argo,
      gen3App!.metadata.name,
      (application) => application.status?.operationState?.phase === 'Failed',
    );
    expect(refused.status!.operationState!.message).toContain(
      `namespace argocd is not permitted in project '${ORG}'`,
    );
    expect(refused.status!.health.status).toBe('Degraded');

    // The layout of ADR 0083: the commons' Application syncs; the access Application syncs the Role.
    await csoc.context.gitops.repository.commit(ORG, {
      directory: rendered.directory,
      files: rendered.files,
      author: { name: 'test', email: 'test@example.org' },
      message: 'in-argo files',
    });
    await argo.syncApplication(gen3App!.metadata.name);
    await waitForApplication(
      argo,
      gen3App!.metadata.name,
      (application) =>
        application.status?.sync.status === 'Synced' && application.status.health.status === 'Healthy',
    );
    // Without its project the access Application is refused; with it, it syncs.
    expect(await argo.upsertApplication(agentAccess!).catch((error: Error) => error.message)).toMatch(
      /references project csoc-agent-access which does not exist/,
    );
    await ensureAgentAccessProject(argo, repoUrl);
    await argo.upsertApplication(noRetry(agentAccess!));
    await argo.syncApplication(agentAccess!.metadata.name);
    const access = await waitForApplication(
      argo,
      agentAccess!.metadata.name,
      (application) =>
        application.status?.sync.status === 'Synced' && application.status.health.status === 'Healthy',
    );
    expect(access.status!.operationState!.phase).toBe('Succeeded');

    // The access project permits nothing else: not another kind in Argo CD's namespace, not another namespace.
    const withDeployment = `${rendered.files['agent-access.yaml']}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sneaky\n  namespace: argocd\n`;
    await csoc.context.gitops.repository.commit(ORG, {
      directory: rendered.directory,
      files: { ...rendered.files, 'agent-access.yaml': withDeployment },
      author: { name: 'test', email: 'test@example.org' },
      message: 'in-argo access with a Deployment',
    });
    await argo.syncApplication(agentAccess!.metadata.name);
    const wrongKind = await waitForApplication(
      argo,
      agentAccess!.metadata.name,
      (application) => application.status?.operationState?.phase === 'Failed',
    );
    expect(wrongKind.status!.operationState!.message).toContain(
      'resource apps:Deployment is not permitted in project csoc-agent-access',
    );
    expect(
      await argo
        .upsertApplication({
          ...agentAccess!,
          spec: {
            ...agentAccess!.spec,
            destination: { server: 'https://kubernetes.default.svc', namespace: 'kube-system' },
          },
        })
        .catch((error: Error) => error.message),
    ).toMatch(/do not match any of the allowed destinations in project 'csoc-agent-access'/);
  }, 120_000);

  it('fails a Gen3 application synced before the cluster add-ons on the missing CRDs, then syncs once they exist', async () => {
    const applications = await commonsWithInventory('no-addons');
    const argo = csoc.context.gitops.argoCdFor(ORG)!;
    const { gen3: gen3App, addons } = applications;
    const orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id as string;
    await registerClusterAndProject(argo, {
      org: ORG,
      commons: 'no-addons',
      repositoryUrl: csoc.context.gitops.repository.repoUrl(ORG),
      outputs: { ...simApplyOutputs('no-addons') },
      applications: [gen3App!, addons!],
    });
    // Nothing was committed for this commons: commit its files the way a deploy does, without following.
    const files = renderCommonsFiles(csoc.context, ORG, {
      name: 'no-addons',
      spec: simCommonsDocument('no-addons', {}, { gen3: gen3('no-addons') }).spec as unknown as CommonsSpec,
      infraStatus: 'provisioned',
      outputs: simApplyOutputs('no-addons'),
    }).rendered;
    await csoc.context.gitops.repository.commit(ORG, {
      directory: files.directory,
      files: files.files,
      author: { name: 'test', email: 'test@example.org' },
      message: 'no-addons files',
    });
    // Argo CD reads the repository with an org read token, as a deploy registers it.
    const { token } = await createGitopsReadToken(csoc.context.database.db, orgId, 'argocd', 'test', {
      replaceSameName: true,
    });
    await argo.upsertRepository({
      repo: csoc.context.gitops.repository.repoUrl(ORG),
      username: 'argocd',
      password: token,
    });
    // No retries: the first failed attempt is the end.
    const noRetry = {
      ...gen3App!,
      spec: { ...gen3App!.spec, syncPolicy: { automated: {}, syncOptions: [] } },
    };
    await argo.upsertApplication(noRetry);
    await argo.syncApplication(gen3App!.metadata.name);
    const failed = await waitForApplication(
      argo,
      gen3App!.metadata.name,
      (application) => application.status?.operationState?.phase === 'Failed',
    );
    expect(failed.status!.health.status).toBe('Degraded');
    expect(failed.status!.operationState!.message).toMatch(
      /could not find external-secrets.io\/(ExternalSecret|SecretStore) .*Make sure the "(ExternalSecret|SecretStore)" CRD is installed on the destination cluster/,
    );
    expect(errorConditionsOf(failed.status).map((condition) => condition.type)).toContain('SyncError');

    // With retries (many and short here, so the add-ons surely arrive in time), the add-ons installed
    // between two attempts let the same revision sync.
    const retrying = {
      ...gen3App!,
      spec: {
        ...gen3App!.spec,
        syncPolicy: {
          ...(gen3App!.spec.syncPolicy as object),
          retry: { limit: 200, backoff: { duration: '1s', factor: 1 } },
        },
      },
    };
    await argo.upsertApplication(retrying);
    await argo.syncApplication(gen3App!.metadata.name);
    await waitForApplication(argo, gen3App!.metadata.name, (application) =>
      /Retrying attempt #\d+ .*could not find external-secrets.io/.test(
        application.status?.operationState?.message ?? '',
      ),
    );
    await argo.upsertApplication(addons!);
    await argo.syncApplication(addons!.metadata.name);
    const synced = await waitForApplication(
      argo,
      gen3App!.metadata.name,
      (application) =>
        application.status?.sync.status === 'Synced' && application.status.health.status === 'Healthy',
    );
    expect(synced.status!.operationState!.phase).toBe('Succeeded');
  }, 90_000);
});

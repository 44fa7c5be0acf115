// The cluster registration and the org's AppProject as CSOC sends them to Argo CD: their bodies hold only
// fields of Argo CD's v1alpha1 Cluster and AppProject, the client sends them on Argo CD's REST paths, and the
// simulated Argo CD accepts them and refuses, as a real one would, what breaks its rules.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimArgoCd, type RunningSimArgoCd } from '../sim-argocd/startSimArgoCd.ts';
import { ArgoCdError, createArgoCdClient, type ArgoApplication } from './argoCdClient.ts';
import { ensureAgentAccessProject, ensureOrgProject } from './prepareArgoCd.ts';
import {
  agentAccessProjectWith,
  CLUSTER_SCOPED_ALLOW_LIST,
  ClusterRegistrationError,
  clusterRegistrationOf,
  orgProjectWith,
  SIM_INVENTORY_ANNOTATION,
} from './argoCdRegistration.ts';

const EKS = 'https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com';
const REPO = 'https://git.csoc.example.org/acme/gitops.git';
const awsOutputs = {
  cluster_name: 'brain',
  cluster_endpoint: EKS,
  cluster_certificate_authority_data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
  argocd_role_arn: 'arn:aws:iam::123456789012:role/brain-argocd',
};

/** Fields of Argo CD's v1alpha1.Cluster and ClusterConfig (Argo CD API reference, swagger definitions). */
const CLUSTER_FIELDS = [
  'server',
  'name',
  'config',
  'namespaces',
  'clusterResources',
  'project',
  'labels',
  'annotations',
  'shard',
];
const CLUSTER_CONFIG_FIELDS = [
  'awsAuthConfig',
  'bearerToken',
  'disableCompression',
  'execProviderConfig',
  'password',
  'proxyUrl',
  'tlsClientConfig',
  'username',
];
const PROJECT_SPEC_FIELDS = [
  'sourceRepos',
  'destinations',
  'description',
  'roles',
  'clusterResourceWhitelist',
  'clusterResourceBlacklist',
  'namespaceResourceBlacklist',
  'namespaceResourceWhitelist',
  'orphanedResources',
  'syncWindows',
  'signatureKeys',
  'sourceNamespaces',
  'permitOnlyProjectScopedClusters',
  'destinationServiceAccounts',
];

describe('the request bodies CSOC sends Argo CD', () => {
  it('registers an EKS cluster by its endpoint, CA and an EKS token of the role its access entry grants', () => {
    const cluster = clusterRegistrationOf({
      org: 'acme',
      commons: 'brain',
      server: EKS,
      outputs: awsOutputs,
    })!;
    expect(cluster).toEqual({
      server: EKS,
      name: 'brain',
      config: {
        awsAuthConfig: { clusterName: 'brain', roleARN: 'arn:aws:iam::123456789012:role/brain-argocd' },
        tlsClientConfig: { caData: awsOutputs.cluster_certificate_authority_data, insecure: false },
      },
      clusterResources: true,
      labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/org': 'acme' },
    });
    for (const field of Object.keys(cluster)) expect(CLUSTER_FIELDS).toContain(field);
    for (const field of Object.keys(cluster.config)) expect(CLUSTER_CONFIG_FIELDS).toContain(field);
    // No secret: Argo CD asks EKS for a short-lived token; nothing to leak.
    expect(JSON.stringify(cluster)).not.toMatch(/bearerToken|password|keyData/);
  });

  it('needs no registration for Argo CD’s own cluster and says which output is missing otherwise', () => {
    expect(
      clusterRegistrationOf({
        org: 'acme',
        commons: 'brain',
        server: 'https://kubernetes.default.svc',
        outputs: {},
      }),
    ).toBeUndefined();
    const noCa = () =>
      clusterRegistrationOf({
        org: 'acme',
        commons: 'brain',
        server: EKS,
        outputs: { ...awsOutputs, cluster_certificate_authority_data: undefined },
      });
    expect(noCa).toThrow(ClusterRegistrationError);
    expect(noCa).toThrow(/cluster_certificate_authority_data/);
  });

  it('carries the sim plugin’s inventory on a simulated cluster only, read from its outputs', () => {
    const simulated = clusterRegistrationOf({
      org: 'acme',
      commons: 'alpha',
      server: 'https://alpha.sim.gen3.local',
      outputs: {
        simulated: true,
        cluster_name: 'alpha',
        cluster_ca: 'U0lNVUxBVEVE',
        namespace: 'alpha',
        secret_manager_keys: ['alpha-alpha-fence-config', 'alpha-aurora-master-password'],
        role_arns: { fence: 'arn:sim:iam::000000000000:role/alpha-fence' },
      },
    })!;
    expect(simulated.config.awsAuthConfig).toEqual({ clusterName: 'alpha' });
    expect(JSON.parse(simulated.annotations![SIM_INVENTORY_ANNOTATION]!)).toEqual({
      namespace: 'alpha',
      secretManagerKeys: ['alpha-aurora-master-password', 'alpha-alpha-fence-config'].sort(),
      roleArns: ['arn:aws:iam::000000000000:role/alpha-fence'],
    });
    const real = clusterRegistrationOf({ org: 'acme', commons: 'brain', server: EKS, outputs: awsOutputs })!;
    expect(real.annotations).toBeUndefined();
  });

  it('keeps one AppProject per org: its repository and chart repositories, its destinations, an allow-list', () => {
    const first = orgProjectWith('acme', REPO, undefined, [{ server: EKS, namespace: 'brain' }]);
    expect(first.metadata).toMatchObject({ name: 'acme', namespace: 'argocd' });
    expect(first.spec.sourceRepos).toEqual([
      REPO,
      'https://helm.gen3.org',
      'https://charts.external-secrets.io',
      'https://aws.github.io/eks-charts',
      'https://helm.elastic.co',
    ]);
    expect(first.spec.sourceRepos).not.toContain('*');
    expect(first.spec.clusterResourceWhitelist).toEqual(CLUSTER_SCOPED_ALLOW_LIST);
    expect(first.spec.clusterResourceWhitelist).not.toContainEqual({ group: '*', kind: '*' });
    for (const field of Object.keys(first.spec)) expect(PROJECT_SPEC_FIELDS).toContain(field);
    // A second commons adds its destinations; the first keeps its own.
    const second = orgProjectWith('acme', REPO, first, [
      { server: 'https://other.eks.amazonaws.com', namespace: 'heart' },
      { server: EKS, namespace: 'brain' },
    ]);
    expect(second.spec.destinations).toEqual([
      { server: EKS, namespace: 'brain' },
      { server: 'https://other.eks.amazonaws.com', namespace: 'heart' },
    ]);
    // The org's project never gains Argo CD's own namespace: csoc-agent's Role goes through its own project.
    expect(second.spec.destinations.map((destination) => destination.namespace)).not.toContain('argocd');
  });

  it("keeps csoc-agent's access project to Argo CD's namespace, Roles and RoleBindings, GitOps repositories", () => {
    const first = agentAccessProjectWith(REPO, undefined);
    expect(first.metadata).toMatchObject({ name: 'csoc-agent-access', namespace: 'argocd' });
    expect(first.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    ]);
    expect(first.spec.clusterResourceWhitelist).toEqual([]);
    expect(first.spec.namespaceResourceWhitelist).toEqual([
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ]);
    expect(first.spec.sourceRepos).toEqual([REPO]);
    for (const field of Object.keys(first.spec)) expect(PROJECT_SPEC_FIELDS).toContain(field);
    // Another org's repository on a shared Argo CD is kept; anything else widened is reset.
    const widened = {
      ...first,
      spec: {
        ...first.spec,
        destinations: [{ server: '*', namespace: '*' }],
        namespaceResourceWhitelist: [],
      },
    };
    const second = agentAccessProjectWith('https://git.csoc.example.org/beta/gitops.git', widened);
    expect(second.spec.sourceRepos).toEqual([REPO, 'https://git.csoc.example.org/beta/gitops.git']);
    expect(second.spec.destinations).toEqual(first.spec.destinations);
    expect(second.spec.namespaceResourceWhitelist).toEqual(first.spec.namespaceResourceWhitelist);
  });
});

describe('the Argo CD client sends them on Argo CD’s REST paths', () => {
  const requests: Array<{ method: string; url: string; body: unknown }> = [];
  let server: http.Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        requests.push({
          method: request.method!,
          url: request.url!,
          body: text ? JSON.parse(text) : undefined,
        });
        response.setHeader('content-type', 'application/json');
        response.end(text || '{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the Cluster itself with upsert as a query parameter, and the project inside { project, upsert }', async () => {
    const client = createArgoCdClient({ baseUrl, token: 't' });
    const cluster = clusterRegistrationOf({
      org: 'acme',
      commons: 'brain',
      server: EKS,
      outputs: awsOutputs,
    })!;
    const project = orgProjectWith('acme', REPO, undefined, [{ server: EKS, namespace: 'brain' }]);
    await client.upsertCluster(cluster);
    await client.getCluster(EKS);
    await client.upsertProject(project);
    await client.getProject('acme');
    await client.createProject(project);
    await client.updateProject({ ...project, metadata: { ...project.metadata, resourceVersion: '7' } });
    expect(requests).toEqual([
      { method: 'POST', url: '/api/v1/clusters?upsert=true', body: cluster },
      { method: 'GET', url: `/api/v1/clusters/${encodeURIComponent(EKS)}`, body: undefined },
      { method: 'POST', url: '/api/v1/projects', body: { project, upsert: true } },
      { method: 'GET', url: '/api/v1/projects/acme', body: undefined },
      { method: 'POST', url: '/api/v1/projects', body: { project } },
      {
        method: 'PUT',
        url: '/api/v1/projects/acme',
        body: { project: { ...project, metadata: { ...project.metadata, resourceVersion: '7' } } },
      },
    ]);
  });
});

describe('the SIMULATED Argo CD accepts and refuses them as Argo CD does', () => {
  let sim: RunningSimArgoCd;
  beforeAll(async () => {
    sim = await startSimArgoCd({ syncDelayMs: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const application = (spec: Record<string, unknown>): ArgoApplication => ({
    metadata: { name: 'gen3-brain', namespace: 'argocd' },
    spec: {
      project: 'acme',
      destination: { server: EKS, namespace: 'brain' },
      sources: [{ repoURL: REPO, targetRevision: 'HEAD', ref: 'values' }],
      ...spec,
    },
  });
  const refusal = async (task: Promise<unknown>) => {
    const error = await task.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArgoCdError);
    expect((error as ArgoCdError).status).toBe(400);
    return (error as Error).message;
  };

  it('refuses Applications until their cluster and project exist, then only what the project permits', async () => {
    const argo = createArgoCdClient({ baseUrl: `${sim.url}/argocd/acme`, token: sim.token });
    expect(await refusal(argo.upsertApplication(application({})))).toMatch(
      /references project acme which does not exist/,
    );
    await argo.upsertProject(orgProjectWith('acme', REPO, undefined, [{ server: EKS, namespace: 'brain' }]));
    expect(await refusal(argo.upsertApplication(application({})))).toMatch(
      /destination cluster .* which does not exist/,
    );
    // A cluster body Argo CD refuses: no CA, no credentials.
    const cluster = clusterRegistrationOf({
      org: 'acme',
      commons: 'brain',
      server: EKS,
      outputs: awsOutputs,
    })!;
    expect(
      await refusal(
        argo.upsertCluster({
          ...cluster,
          config: { ...cluster.config, tlsClientConfig: { caData: '', insecure: false } },
        }),
      ),
    ).toMatch(/neither caData nor insecure/);
    expect(
      await refusal(
        argo.upsertCluster({ ...cluster, config: { tlsClientConfig: cluster.config.tlsClientConfig } }),
      ),
    ).toMatch(/no credentials/);
    await argo.upsertCluster(cluster);
    expect(await argo.getCluster(EKS)).toMatchObject({ server: EKS, name: 'brain' });

    expect(
      await refusal(
        argo.upsertApplication(
          application({ sources: [{ repoURL: 'https://github.com/evil/charts', chart: 'x' }] }),
        ),
      ),
    ).toMatch(/repo https:\/\/github.com\/evil\/charts is not permitted in project 'acme'/);
    expect(
      await refusal(
        argo.upsertApplication(application({ destination: { server: EKS, namespace: 'kube-system' } })),
      ),
    ).toMatch(/do not match any of the allowed destinations in project 'acme'/);
    await argo.upsertApplication(application({}));
    expect((await argo.getApplication('gen3-brain'))?.spec.project).toBe('acme');
  });

  it('keeps every destination when deploys of one org change its project at the same time', async () => {
    const argo = createArgoCdClient({ baseUrl: `${sim.url}/argocd/race`, token: sim.token });
    const servers = Array.from({ length: 12 }, (_, index) => `https://c${index}.sim.gen3.local`);
    await Promise.all(
      servers.map((server) => ensureOrgProject(argo, 'race', REPO, [{ server, namespace: 'gen3' }])),
    );
    const project = (await argo.getProject('race'))!;
    expect(project.spec.destinations.map((destination) => destination.server).sort()).toEqual(
      [...servers].sort(),
    );
    // A replacement at a version read before another write is a conflict, as in Kubernetes.
    const stale = { ...project, metadata: { ...project.metadata, resourceVersion: '1' } };
    const conflict = await argo.updateProject(stale).catch((error: unknown) => error);
    expect((conflict as ArgoCdError).status).toBe(409);
    expect((conflict as Error).message).toMatch(/the object has been modified/);
  });

  it("resets csoc-agent's access project to what CSOC renders when someone widened it", async () => {
    const argo = createArgoCdClient({ baseUrl: `${sim.url}/argocd/access`, token: sim.token });
    await ensureAgentAccessProject(argo, REPO);
    const created = (await argo.getProject('csoc-agent-access'))!;
    expect(created.spec.namespaceResourceWhitelist).toEqual(
      agentAccessProjectWith(REPO, undefined).spec.namespaceResourceWhitelist,
    );
    await argo.updateProject({
      ...created,
      spec: { ...created.spec, destinations: [{ server: '*', namespace: '*' }] },
    });
    await ensureAgentAccessProject(argo, REPO);
    expect((await argo.getProject('csoc-agent-access'))!.spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    ]);
    // Deploys of orgs sharing one Argo CD, at the same time: every GitOps repository is kept.
    const repos = Array.from(
      { length: 8 },
      (_, index) => `https://git.csoc.example.org/org${index}/gitops.git`,
    );
    await Promise.all(repos.map((repo) => ensureAgentAccessProject(argo, repo)));
    expect((await argo.getProject('csoc-agent-access'))!.spec.sourceRepos).toEqual([REPO, ...repos].sort());
  });

  it('refuses a project body without a name and a destination without a namespace', async () => {
    const argo = createArgoCdClient({ baseUrl: `${sim.url}/argocd/acme`, token: sim.token });
    const project = orgProjectWith('acme', REPO, undefined, []);
    expect(await refusal(argo.upsertProject({ ...project, metadata: { name: '' } }))).toMatch(
      /metadata.name is required/,
    );
    expect(
      await refusal(
        argo.upsertProject({
          ...project,
          spec: { ...project.spec, destinations: [{ server: EKS, namespace: '' }] },
        }),
      ),
    ).toMatch(/namespace is required/);
  });
});

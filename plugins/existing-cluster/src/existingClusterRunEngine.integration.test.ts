// The existing-cluster plugin through the CSOC run engine (process runner, real Terraform over terraform_data,
// CSOC's state backend) against the plugin SDK's fake Kubernetes API server over TLS: access granted -> plan,
// approve, apply, outputs render; a missing permission, a wrong token and an exec kubeconfig each fail the run
// with the reason named; the kubeconfig's token is in no run output, run record or state version.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { waitForRun } from '@csoc/server/testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import {
  FAKE_CLUSTER_TOKEN,
  GEN3_DEPLOYER_ROLE_RULES,
  startFakeCluster,
  type FakeCluster,
} from './testing/startFakeCluster.ts';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
const ORG = 'onprem-org';
const TOKEN_CANARY = 'CANARY-7f3a9c1e5b';

const gen3 = {
  release: '2025.09',
  hostname: 'data.onprem.example.org',
  dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
  // No bucket on this cluster: usersync reads user.yaml from the operator's own object store.
  userYamlSource: 'https://minio.onprem.example.org/gen3-config/user.yaml',
};

function commonsDocument(name: string, account: string, inputs: Record<string, unknown> = {}) {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'Commons',
    metadata: { name },
    spec: {
      environment: 'prod',
      plugin: { name: 'existing-cluster', version: manifest.version },
      account,
      inputs: {
        clusterName: 'onprem-k8s',
        secretsNamespace: 'gen3-secrets',
        postgres: { host: 'postgres.databases.svc.cluster.local' },
        searchEndpoint: 'http://elasticsearch.search.svc.cluster.local:9200',
        clusterIssuer: 'internal-ca',
        ...inputs,
      },
      gen3,
    },
  };
}

describe('the existing-cluster plugin in the CSOC run engine (fake API server)', () => {
  let csoc: TestCsoc;
  let cluster: FakeCluster;
  let narrow: FakeCluster;

  beforeAll(async () => {
    cluster = await startFakeCluster({
      namespaces: ['heart', 'gen3-secrets', 'lung', 'kidney', 'liver', 'pancreas'],
    });
    // Bound without cronjobs in namespace "lung": what an operator who copied an old Role would have.
    narrow = await startFakeCluster({
      namespaces: ['lung', 'gen3-secrets'],
      permissions: GEN3_DEPLOYER_ROLE_RULES.map((rule) => ({
        ...rule,
        resources: rule.resources?.filter((resource) => resource !== 'cronjobs'),
        namespaces: ['lung', 'gen3-secrets'],
      })),
    });
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: { CSOC_GITOPS_REMOTE_URL: 'https://git.example.invalid/acme/gen3-gitops.git' },
    });
    await ensureOrg(csoc, ORG);
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await csoc?.stop();
    await cluster?.close();
    await narrow?.close();
  });

  async function registerAccount(name: string, server: string, kubeconfig: string) {
    const account = await csoc.admin.post(`/api/v1/orgs/${ORG}/accounts`, {
      kind: 'kubernetes',
      name,
      public: { server },
      secrets: { kubeconfig },
    });
    expect(account.status, account.text).toBe(201);
  }

  /** The run's log as a user reads it: log text, and every recorded event and state as JSON. */
  async function runOutput(runId: string): Promise<string> {
    const response = await csoc.admin.get(`/api/v1/orgs/${ORG}/runs/${runId}/output?limit=5000`);
    expect(response.status, response.text).toBe(200);
    return (response.body.items as Array<{ kind: string; data: unknown }>)
      .map((item) => (item.kind === 'log' ? String(item.data) : JSON.stringify(item.data)))
      .join('\n');
  }

  async function plan(name: string, account: string) {
    const commons = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, commonsDocument(name, account));
    expect(commons.status, commons.text).toBe(201);
    const run = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, {});
    expect(run.status, run.text).toBe(201);
    const ended = await waitForRun(csoc.admin, ORG, run.body.id, ['planned'], 180_000);
    return { run: ended, output: await runOutput(run.body.id) };
  }

  it('checks access, plans and applies with real Terraform, and the outputs render with zero errors', async () => {
    await registerAccount('onprem', cluster.url, cluster.kubeconfig());
    const reviewsBefore = cluster.api.accessReviews.length;
    const { run, output } = await plan('heart', 'onprem');
    expect(run.state, run.message).toBe('planned');
    expect(output).toMatch(/checking access of kubeconfig user "csoc-deployer" to namespace "heart"/);
    expect(output).toMatch(/access granted: \d+ checks passed/);
    expect(cluster.api.accessReviews.length - reviewsBefore).toBeGreaterThan(100);
    expect(cluster.api.accessReviews.slice(reviewsBefore).map((review) => review.namespace)).toContain(
      'gen3-secrets',
    );
    const addresses = run.plan.resources.map((resource: any) => resource.address).sort();
    expect(addresses).toEqual([
      'terraform_data.cluster',
      'terraform_data.database',
      'terraform_data.ingress',
      'terraform_data.namespace',
      'terraform_data.search',
    ]);

    const approved = await csoc.admin.post(`/api/v1/orgs/${ORG}/runs/${run.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const applied = await waitForRun(csoc.admin, ORG, run.id, [], 180_000);
    expect(applied.state, applied.message).toBe('succeeded');
    const commons = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/heart`)).body;
    expect(commons.status.infrastructure).toBe('provisioned');
    expect(commons.status.outputs).toMatchObject({
      cluster_name: 'onprem-k8s',
      namespace: 'heart',
      secrets_namespace: 'gen3-secrets',
      api_server: cluster.url,
      postgres_port: 5432,
      postgres_admin_password_secret: { name: 'postgres-admin', key: 'password' },
      search_endpoint: 'http://elasticsearch.search.svc.cluster.local:9200',
      ingress_class_name: 'nginx',
      cluster_issuer: 'internal-ca',
    });
    expect(commons.status.outputs).not.toHaveProperty('buckets');

    // The GitOps files from the applied outputs, through the plugin's mapping (cloud kubernetes).
    const rendered = await csoc.admin.post(`/api/v1/orgs/${ORG}/gitops/render`, {
      apiVersion: commons.apiVersion,
      kind: commons.kind,
      metadata: { name: 'heart' },
      spec: commons.spec,
    });
    expect(rendered.status, rendered.text).toBe(200);
    expect(rendered.body.placeholders).toBe(false);
    const secrets = rendered.body.files['secrets.yaml'] as string;
    expect(secrets).toContain('remoteNamespace: gen3-secrets');
    const values = parseYaml(rendered.body.files['values.yaml']);
    expect(values.global.environment).toBe('onprem-k8s');

    // The token is nowhere: run output, the run record (plan included), the state, CSOC's own logs.
    const state = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/heart/state/versions`)).body.items;
    expect(state.length).toBeGreaterThan(0);
    const download = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/commons/heart/state/versions/${state[0].id}/download`,
    );
    expect(download.status, download.text).toBe(200);
    expect(download.text).toContain('terraform_data');
    const everywhere = [
      output,
      await runOutput(run.id),
      JSON.stringify(applied),
      download.text,
      JSON.stringify(commons),
      csoc.capturedOutput(),
    ].join('\n');
    expect(everywhere).not.toContain(TOKEN_CANARY);
    expect(everywhere).not.toContain(FAKE_CLUSTER_TOKEN);
    expect(everywhere).not.toContain('certificate-authority-data');
  }, 400_000);

  it('re-checks access in the drift check: a revoked permission fails it by name', async () => {
    // Commons "heart" was applied by the test above (same CSOC, same fake cluster).
    const first = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/heart/runs`, { kind: 'drift' });
    expect(first.status, first.text).toBe(201);
    const clean = await waitForRun(csoc.admin, ORG, first.body.id, [], 180_000);
    expect(clean.state, clean.message).toBe('succeeded');

    const rules = cluster.api.permissions;
    const saved = rules.map((rule) => ({ ...rule }));
    for (const rule of rules) rule.resources = rule.resources?.filter((resource) => resource !== 'ingresses');
    try {
      const second = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/heart/runs`, { kind: 'drift' });
      const revoked = await waitForRun(csoc.admin, ORG, second.body.id, [], 180_000);
      expect(revoked.state).toBe('failed');
      expect(revoked.message).toContain('missing create networking.k8s.io/ingresses in namespace "heart"');
    } finally {
      rules.splice(0, rules.length, ...saved);
    }
  }, 400_000);

  it('fails the plan naming the missing permission (verb, group, resource, namespace)', async () => {
    await registerAccount('narrow', narrow.url, narrow.kubeconfig());
    const { run, output } = await plan('lung', 'narrow');
    expect(run.state).toBe('failed');
    expect(run.message).toMatch(
      /kubeconfig user "csoc-deployer" may not do what the Gen3 deploy needs: missing create batch\/cronjobs in namespace "lung"/,
    );
    for (const verb of ['create', 'get', 'list', 'watch', 'patch', 'delete'])
      expect(output).toContain(`- ${verb} batch/cronjobs in namespace "lung"`);
    expect(output).not.toContain('batch/jobs in namespace');
    expect(run.plan ?? null).toBeNull();
  }, 300_000);

  it('refuses bad inputs when the commons is saved, naming the field', async () => {
    const bad = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      commonsDocument('spleen', 'onprem', { searchEndpoint: 'elasticsearch:9200', clusterName: 'On_Prem' }),
    );
    expect(bad.status, bad.text).toBe(400);
    const fields = bad.body.error.details.map((detail: { field: string }) => detail.field);
    expect(fields).toContain('body.spec.inputs.searchEndpoint');
    expect(fields).toContain('body.spec.inputs.clusterName');
  });

  it("refuses a kubeconfig for another cluster than the account's server", async () => {
    await registerAccount('swapped', 'https://api.other.example.org:6443', cluster.kubeconfig());
    const reviewsBefore = cluster.api.accessReviews.length;
    const { run } = await plan('pancreas', 'swapped');
    expect(run.state).toBe('failed');
    expect(run.message).toContain(
      `The kubeconfig's server (${cluster.url}) is not the account's server (https://api.other.example.org:6443)`,
    );
    expect(cluster.api.accessReviews.length).toBe(reviewsBefore);
  }, 300_000);

  it('fails with a clear error when the token is wrong', async () => {
    await registerAccount('stale-token', cluster.url, cluster.kubeconfig({ token: 'revoked-token-0001' }));
    const { run } = await plan('kidney', 'stale-token');
    expect(run.state).toBe('failed');
    expect(run.message).toMatch(
      /refused the credentials of kubeconfig user "csoc-deployer" \(401 Unauthorized\).*update the cloud account's kubeconfig/,
    );
    expect(run.message).not.toContain('revoked-token-0001');
  }, 300_000);

  it('refuses a kubeconfig that authenticates with an exec plugin, saying what to use instead', async () => {
    await registerAccount('eks-exec', cluster.url, cluster.kubeconfig({ exec: true }));
    const reviewsBefore = cluster.api.accessReviews.length;
    const { run } = await plan('liver', 'eks-exec');
    expect(run.state).toBe('failed');
    expect(run.message).toMatch(
      /authenticates with an exec plugin \(aws\).*no cloud CLIs.*kubectl create token/,
    );
    expect(cluster.api.accessReviews.length).toBe(reviewsBefore);
  }, 300_000);
});

// The output contract of the gcp plugin: every output its terraform/outputs.tf declares (names parsed from
// the file, so a renamed output breaks this test), with values in the shape `terraform output -json` gives,
// goes through the plugin's mapping (pluginOutputMappings) and the renderer with zero errors. The values are
// the plugin's placeholders: the google provider cannot be installed here, so no plan or apply produces
// them (docs/plugins/gcp.md). Also: the golden GCP commons' outputs map to exactly the golden fixture.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { placeholderOutputs } from '@csoc/plugin-gcp';
import { InputError } from '../../errors.ts';
import { loadFixture } from './gitopsTestFixtures.ts';
import { findPluginOutputMapping } from './pluginOutputMappings.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { toRenderInput } from './toRenderInput.ts';

const repoDir = fileURLToPath(new URL('../../../../../', import.meta.url));
const outputsTf = readFileSync(join(repoDir, 'plugins', 'gcp', 'terraform', 'outputs.tf'), 'utf8');
const declaredOutputs = [...outputsTf.matchAll(/^output "([^"]+)"/gm)].map((match) => match[1]!);
const COMMONS = 'lung';
const GITOPS_REPO = 'https://git.csoc.example.org/uni-lab/gitops.git';

/** `terraform output -json` for the declared outputs, values from the plugin's placeholders. */
function terraformOutputJson(values: Record<string, unknown>) {
  return Object.fromEntries(
    declaredOutputs.map((name) => [name, { value: values[name], type: 'dynamic', sensitive: false }]),
  ) as Record<string, { value: unknown; sensitive: boolean }>;
}

/** What the plugin SDK puts in the outputs event: the values of the outputs that are not sensitive. */
function outputsEventValues(json: Record<string, { value: unknown; sensitive: boolean }>) {
  return Object.fromEntries(
    Object.entries(json)
      .filter(([, output]) => !output.sensitive)
      .map(([name, output]) => [name, output.value]),
  );
}

function renderFor(outputs: Record<string, unknown>) {
  return renderCommonsGitOps(
    toRenderInput(
      {
        org: 'uni-lab',
        name: COMMONS,
        spec: {
          environment: 'prod',
          plugin: { name: 'gcp' },
          account: 'gcp-prod',
          inputs: {},
          gen3: {
            release: '2025.09',
            hostname: 'lung.example.org',
            dictionaryUrl: 'https://dictionary.example.org/lung.json',
            services: [
              'arborist',
              'etl',
              'fence',
              'guppy',
              'indexd',
              'metadata',
              'peregrine',
              'portal',
              'revproxy',
              'sheepdog',
            ],
          },
        } as never,
        infraStatus: 'provisioned',
        outputs,
      },
      GITOPS_REPO,
    ),
  );
}

function fieldErrors(render: () => unknown): Array<{ field: string; message: string }> {
  try {
    render();
  } catch (error) {
    if (error instanceof InputError) return error.details as Array<{ field: string; message: string }>;
    throw error;
  }
  return [];
}

const placeholders = placeholderOutputs({
  environment: 'gen3-prod',
  projectId: 'uni-lab-gen3',
  region: 'us-central1',
  namespace: COMMONS,
});
const outputs = outputsEventValues(terraformOutputJson(placeholders));

describe('gcp plugin outputs -> renderer', () => {
  it('has a value for every output outputs.tf declares', () => {
    expect(declaredOutputs.length).toBeGreaterThan(20);
    expect(declaredOutputs.filter((name) => !(name in placeholders))).toEqual([]);
    expect(Object.keys(placeholders).filter((name) => !declaredOutputs.includes(name))).toEqual([]);
  });

  it('is the mapping CSOC uses for the gcp plugin, for the gcp renderer', () => {
    expect(findPluginOutputMapping('gcp')?.cloud).toBe('gcp');
  });

  it('renders the mapped outputs with zero errors, wiring Workload Identity, Secret Manager and search', () => {
    expect(fieldErrors(() => renderFor(outputs))).toEqual([]);
    const rendered = renderFor(outputs);
    const values = parseYaml(rendered.files['values.yaml']!);
    const accounts = outputs.service_accounts as Record<string, { email: string }>;
    expect(values.global.gcp).toEqual({
      enabled: true,
      projectID: 'uni-lab-gen3',
      secretStoreServiceAccount: accounts.external_secrets!.email,
    });
    expect(values.global.postgres.master.host).toBe(outputs.postgres_private_ip);
    expect(values.fence.serviceAccount.annotations['iam.gke.io/gcp-service-account']).toBe(
      accounts.fence!.email,
    );
    // Elasticsearch 7 inside the namespace, plain HTTP, in the form each chart wants.
    expect(values.etl.esEndpoint).toBe('gen3-elasticsearch-master');
    expect(values.guppy.esEndpoint).toBe('gen3-elasticsearch-master:9200');
    expect(values.metadata.esEndpoint).toBe('http://gen3-elasticsearch-master:9200');

    const docs = parseAllDocuments(rendered.files['secrets.yaml']!).map((doc) => doc.toJS());
    const store = docs.find((doc) => doc?.kind === 'SecretStore');
    expect(store.spec.provider.gcpsm).toEqual({
      projectID: 'uni-lab-gen3',
      auth: {
        workloadIdentity: {
          clusterLocation: outputs.cluster_location,
          clusterName: outputs.cluster_name,
          serviceAccountRef: { name: 'gcp-secret-store-sa' },
        },
      },
    });
    // The SecretStore's Kubernetes service account is the one the plugin's Workload Identity binding trusts.
    const storeAccount = docs.find((doc) => doc?.kind === 'ServiceAccount');
    expect(storeAccount.metadata.name).toBe(
      (outputs.service_accounts as Record<string, { name: string }>).external_secrets!.name,
    );
    expect(storeAccount.metadata.namespace).toBe(
      (outputs.service_accounts as Record<string, { namespace: string }>).external_secrets!.namespace,
    );
    // Every database credential the renderer reads is one the plugin creates.
    const remoteKeys = new Set(
      docs
        .filter((doc) => doc?.kind === 'ExternalSecret' && String(doc.metadata.name).endsWith('-dbcreds'))
        .flatMap((doc) => doc.spec.data.map((entry: { remoteRef: { key: string } }) => entry.remoteRef.key)),
    );
    const created = new Set(Object.values(outputs.db_secret_names as Record<string, string>));
    expect(remoteKeys.size).toBeGreaterThan(3);
    expect([...remoteKeys].filter((key) => !created.has(key))).toEqual([]);
    // Every entry any ExternalSecret reads exists: the plugin creates it (empty for operator-written values).
    const everyRemoteKey = docs
      .filter((doc) => doc?.kind === 'ExternalSecret')
      .flatMap((doc) => [
        ...(doc.spec.data ?? []).map((entry: { remoteRef: { key: string } }) => entry.remoteRef.key),
        ...(doc.spec.dataFrom ?? []).map((entry: { extract?: { key: string } }) => entry.extract?.key),
      ])
      .filter(Boolean);
    const secretIds = new Set(Object.values(outputs.secret_ids as Record<string, string>));
    expect(everyRemoteKey.length).toBeGreaterThan(remoteKeys.size);
    expect(everyRemoteKey.filter((key) => !secretIds.has(key))).toEqual([]);
  });

  it('reports a missing required output naming the field', () => {
    const { postgres_private_ip: _dropped, ...withoutDatabase } = outputs;
    const errors = fieldErrors(() => renderFor(withoutDatabase));
    expect(errors).toContainEqual({ field: 'outputs.postgres_host', message: expect.any(String) });
    const { service_accounts: _accounts, ...withoutIdentities } = outputs;
    expect(fieldErrors(() => renderFor(withoutIdentities)).map((error) => error.field)).toContain(
      'outputs.service_accounts',
    );
  });

  it('maps the golden GCP commons to exactly the golden fixture input, which renders the golden files', () => {
    const fixture = loadFixture('gcp');
    const golden = fixture.outputs;
    const accountKey = (email: string) => email.split('@')[0]!;
    const pluginOutputs = {
      ...placeholderOutputs({
        environment: golden.cluster_name,
        projectId: golden.project_id,
        region: golden.region,
        namespace: fixture.commons,
      }),
      cluster_endpoint: golden.cluster_endpoint,
      postgres_private_ip: golden.postgres_host,
      es_endpoint: golden.es_endpoint,
      data_bucket_name: golden.buckets.data,
      service_accounts: Object.fromEntries(
        Object.entries(golden.service_accounts as Record<string, string>).map(([key, email]) => [
          key,
          { email, namespace: fixture.commons, name: accountKey(email) },
        ]),
      ),
    };
    const mapped = findPluginOutputMapping('gcp')!.toRenderOutputs(pluginOutputs, {
      namespace: fixture.commons,
    });
    expect({ ...mapped, buckets: { data: (mapped.buckets as { data: string }).data } }).toEqual(golden);
    // ... so they render exactly golden/gcp/* (the SecretStore on Secret Manager with Workload Identity).
    const rendered = renderCommonsGitOps({ ...fixture, outputs: { ...mapped, buckets: golden.buckets } });
    for (const name of ['values.yaml', 'secrets.yaml', 'app.yaml'] as const) {
      const goldenFile = readFileSync(new URL(`./golden/gcp/${name}`, import.meta.url), 'utf8');
      expect(rendered.files[name], `golden/gcp/${name}`).toBe(goldenFile);
    }
  });
});

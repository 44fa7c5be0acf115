// The output contract of the azure plugin: every output terraform/outputs.tf declares (names parsed from the
// file, so a renamed output breaks this test), with values in the shape `terraform output -json` gives — the
// plugin's placeholders, since no apply can run here — goes through the plugin's mapping (pluginOutputMappings)
// and the renderer with zero errors, and lands where Gen3 reads it: workload identity annotations, the Key
// Vault SecretStore, the revproxy Ingress and the Elasticsearch endpoints.
import { describe, expect, it, beforeAll } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { placeholderOutputs } from '@csoc/plugin-azure';
import { readTerraformModule } from '@csoc/plugin-azure/testing/readTerraformModule.ts';
import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.ts';
import { loadFixture } from './gitopsTestFixtures.ts';
import { findPluginOutputMapping } from './pluginOutputMappings.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { toRenderInput } from './toRenderInput.ts';

const COMMONS = 'heart';
const GITOPS_REPO = 'https://git.csoc.example.org/contoso/gitops.git';

/** `terraform output -json`: name -> { value, type, sensitive }. */
type TerraformOutputJson = Record<string, { value: unknown; type?: unknown; sensitive: boolean }>;

/** What the plugin SDK puts in the outputs event: the values of the outputs that are not sensitive. */
function outputsEventValues(json: TerraformOutputJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(json)
      .filter(([, output]) => !output.sensitive)
      .map(([name, output]) => [name, output.value]),
  );
}

function renderFor(outputs: Record<string, unknown>, name = COMMONS) {
  const input = toRenderInput(
    {
      org: 'contoso',
      name,
      spec: {
        environment: 'prod',
        plugin: { name: 'azure' },
        account: 'azure-prod',
        inputs: {},
        gen3: {
          release: '2025.09',
          hostname: 'heart.gen3.contoso.net',
          dictionaryUrl: 'https://dictionary.contoso.net/heart/schema.json',
          // An Azure commons names its user.yaml (no S3 bucket): the renderer reads an https object URL.
          userYamlSource: 'https://heartgen3000000.blob.core.windows.net/useryaml/user.yaml',
          services: [
            'arborist',
            'audit',
            'etl',
            'fence',
            'guppy',
            'hatchery',
            'indexd',
            'manifestservice',
            'metadata',
            'peregrine',
            'portal',
            'revproxy',
            'sheepdog',
            'wts',
          ],
        },
      } as never,
      infraStatus: 'provisioned',
      outputs,
    },
    GITOPS_REPO,
  );
  return renderCommonsGitOps(input);
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

describe('azure plugin outputs -> renderer', () => {
  let declared: string[];
  let outputs: Record<string, unknown>;

  beforeAll(async () => {
    declared = (await readTerraformModule()).outputs;
    const placeholders = placeholderOutputs({
      environment: 'gen3-prod',
      location: 'westeurope',
      namespace: COMMONS,
      wafEnabled: true,
    });
    const json: TerraformOutputJson = Object.fromEntries(
      declared.map((name) => [name, { value: placeholders[name], sensitive: false }]),
    );
    outputs = outputsEventValues(json);
  });

  it('has a placeholder for every output outputs.tf declares, and no other', () => {
    const placeholders = placeholderOutputs({ environment: 'x-dev', location: 'eastus', namespace: COMMONS });
    expect(declared.length).toBeGreaterThan(20);
    expect(Object.keys(placeholders).sort()).toEqual([...declared].sort());
  });

  it('is registered for the azure cloud', () => {
    expect(findPluginOutputMapping('azure')?.cloud).toBe('azure');
  });

  it('renders the mapped outputs with zero errors, where Gen3 reads them', () => {
    expect(fieldErrors(() => renderFor(outputs))).toEqual([]);
    const rendered = renderFor(outputs);
    const clientIds = outputs.workload_identity_client_ids as Record<string, string>;
    const values = parseYaml(rendered.files['values.yaml']!);
    expect(values.fence.serviceAccount.annotations['azure.workload.identity/client-id']).toBe(
      clientIds.fence,
    );
    expect(values.hatchery.serviceAccount.annotations['azure.workload.identity/client-id']).toBe(
      clientIds.hatchery,
    );
    // AKS gives a pod its federated token only when the pod is labelled for it, not for the annotation alone.
    for (const chart of ['fence', 'hatchery']) {
      expect(values[chart].extraLabels, chart).toEqual({ 'azure.workload.identity/use': 'true' });
    }
    expect(values.revproxy.ingress).toMatchObject({
      enabled: true,
      className: 'azure-application-gateway',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' },
      tls: [{ secretName: 'revproxy-tls', hosts: ['heart.gen3.contoso.net'] }],
    });
    // Elasticsearch 7 in the commons namespace, plain HTTP as tube and guppy expect.
    const host = `gen3-elasticsearch-master.${COMMONS}.svc.cluster.local`;
    expect(values.etl.esEndpoint).toBe(host);
    expect(values.guppy.esEndpoint).toBe(`${host}:9200`);
    expect(values.metadata.esEndpoint).toBe(`http://${host}:9200`);
    expect(values.global.dataUploadBucket).toBe('data');
    // The secret store: Key Vault through the external_secrets identity, in the plugin's tenant.
    const store = parseAllDocuments(rendered.files['secrets.yaml']!)
      .map((doc) => doc.toJS())
      .find((doc) => doc?.kind === 'SecretStore');
    expect(store.spec.provider.azurekv).toEqual({
      authType: 'WorkloadIdentity',
      vaultUrl: outputs.key_vault_url,
      serviceAccountRef: { name: 'secret-store-sa' },
    });
    const storeAccount = parseAllDocuments(rendered.files['secrets.yaml']!)
      .map((doc) => doc.toJS())
      .find((doc) => doc?.kind === 'ServiceAccount' && doc.metadata.name === 'secret-store-sa');
    expect(storeAccount.metadata.annotations).toMatchObject({
      'azure.workload.identity/client-id': clientIds.external_secrets,
      'azure.workload.identity/tenant-id': outputs.tenant_id,
    });
  });

  it('uses one namespace for the federated credentials and the renderer: the commons name', () => {
    const trusted = outputs.service_accounts as Record<string, { namespace: string; name: string }>;
    expect(Object.values(trusted).every((account) => account.namespace === COMMONS)).toBe(true);
    expect(trusted.external_secrets!.name).toBe('secret-store-sa');
    const app = parseAllDocuments(renderFor(outputs).files['app.yaml']!)
      .map((doc) => doc.toJS())
      .find((doc) => doc?.metadata?.name === `gen3-${COMMONS}`);
    expect(app.spec.destination.namespace).toBe(COMMONS);
  });

  it('reports a missing required output by its field', () => {
    const { key_vault_url: _removed, ...withoutVault } = outputs;
    const errors = fieldErrors(() => renderFor(withoutVault));
    expect(errors.map((error) => error.field)).toContain('outputs.key_vault_url');
    const clientIds = { ...(outputs.workload_identity_client_ids as Record<string, string>) };
    delete clientIds.external_secrets;
    const missingIdentity = fieldErrors(() =>
      renderFor({ ...outputs, workload_identity_client_ids: clientIds }),
    );
    expect(missingIdentity.map((error) => error.field)).toContain(
      'outputs.workload_identity_client_ids.external_secrets',
    );
  });

  it('fails unmapped: outputs as outputs.tf names them do not fit the renderer', () => {
    const input = toRenderInput(
      {
        org: 'contoso',
        name: COMMONS,
        spec: {
          environment: 'prod',
          plugin: { name: 'azure' },
          account: 'a',
          inputs: {},
          gen3: {
            release: '2025.09',
            hostname: 'heart.gen3.contoso.net',
            dictionaryUrl: 'https://dictionary.contoso.net/heart/schema.json',
            userYamlSource: 'https://heartgen3000000.blob.core.windows.net/useryaml/user.yaml',
          },
        } as never,
        infraStatus: 'provisioned',
        outputs,
      },
      GITOPS_REPO,
    );
    const errors = fieldErrors(() => renderCommonsGitOps({ ...input, outputs } as never));
    expect(errors.map((error) => error.field)).toContain('outputs.buckets');
  });
});

describe('azure plugin outputs -> the azure golden files', () => {
  it('renders golden/azure exactly from plugin outputs that map onto testdata/azure.json', async () => {
    const input = loadFixture('azure');
    const golden = input.outputs as Record<string, any>;
    // The plugin's outputs, as outputs.tf names them, carrying the fixture's values.
    const placeholders = placeholderOutputs({
      environment: golden.cluster_name,
      location: golden.location,
      namespace: input.commons,
    });
    const pluginOutputs: Record<string, unknown> = {
      ...placeholders,
      cluster_name: golden.cluster_name,
      cluster_endpoint: golden.cluster_endpoint,
      tenant_id: golden.tenant_id,
      key_vault_url: golden.key_vault_url,
      postgres_host: golden.postgres_host,
      es_endpoint: golden.es_endpoint,
      blob_containers: { ...golden.buckets, user_yaml: 'useryaml' },
      workload_identity_client_ids: golden.workload_identity_client_ids,
      ingress_class_name: golden.ingress_class_name,
      cluster_issuer: golden.cluster_issuer,
    };
    expect(Object.keys(pluginOutputs).sort()).toEqual([...(await readTerraformModule()).outputs].sort());
    const mapped = findPluginOutputMapping('azure')!.toRenderOutputs(pluginOutputs, {
      namespace: input.commons,
    });
    expect(mapped).toEqual(golden);
    const rendered = renderCommonsGitOps({ ...input, outputs: mapped } as never);
    for (const name of ['app.yaml', 'secrets.yaml', 'values.yaml'] as const) {
      const file = new URL(`./golden/azure/${name}`, import.meta.url);
      expect(rendered.files[name], `golden/azure/${name}`).toBe(readFileSync(file, 'utf8'));
    }
  });
});

// The azure plugin through the CSOC run engine (API, process runner, the plugin's bundle, real Terraform). The
// azurerm provider cannot be installed on this machine, so the plan must reach `terraform init` and fail there
// with a run error naming the missing provider — not crash, not hang — and the account's client secret must
// appear nowhere in the run's output or CSOC's logs. A real plan or apply needs an Azure subscription.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '@csoc/server/testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
const devInputs = JSON.parse(fs.readFileSync(path.join(pluginDir, 'examples', 'dev.inputs.json'), 'utf8'));
const CANARY = 'azure-sp-secret-CANARY-41d9';

describe('the azure plugin in the CSOC run engine', () => {
  let csoc: TestCsoc;
  let mirrorRoot: string;
  beforeAll(async () => {
    // A provider mirror without azurerm: what this machine has, made explicit so nothing is downloaded.
    mirrorRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-azure-mirror-'));
    fs.mkdirSync(path.join(mirrorRoot, 'registry.terraform.io'));
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_TF_PLUGIN_MIRROR: mirrorRoot,
        // A real commons' Argo CD reads an https repository (only the simulator may use the local http one);
        // nothing is pushed here.
        CSOC_GITOPS_REMOTE_URL: 'https://git.example.invalid/contoso/gen3-gitops.git',
      },
    });
    await ensureOrg(csoc, 'azure-org');
  });
  afterAll(async () => {
    await csoc?.stop();
    fs.rmSync(mirrorRoot, { recursive: true, force: true });
  });

  it('installs, runs a plan that stops at terraform init naming the missing azurerm provider, and leaks no secret', async () => {
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);
    const account = await csoc.admin.post('/api/v1/orgs/azure-org/accounts', {
      kind: 'azure',
      name: 'azure-dev',
      public: {
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        subscriptionId: '0b1f6471-1bf0-4dda-aec3-111122223333',
        clientId: '8f6b2c1e-1111-2222-3333-444455556666',
      },
      secrets: { clientSecret: CANARY },
    });
    expect(account.status, account.text).toBe(201);
    const commons = await csoc.admin.post('/api/v1/orgs/azure-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'heart' },
      spec: {
        environment: 'dev',
        plugin: { name: 'azure', version: manifest.version },
        account: 'azure-dev',
        inputs: devInputs,
      },
    });
    expect(commons.status, commons.text).toBe(201);

    // A bad input is refused by the manifest's schema before any run, naming the field.
    const bad = await csoc.admin.post('/api/v1/orgs/azure-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'lung' },
      spec: {
        environment: 'dev',
        plugin: { name: 'azure', version: manifest.version },
        account: 'azure-dev',
        inputs: { ...devInputs, vnetCidr: '10.0.0.0/8' },
      },
    });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.text).toContain('vnetCidr');

    const run = await csoc.admin.post('/api/v1/orgs/azure-org/commons/heart/runs', {});
    expect(run.status, run.text).toBeLessThan(300);
    const finished = await waitForRun(csoc.admin, 'azure-org', run.body.id, ['planned'], 240_000);
    expect(finished.state).toBe('failed');
    const output = (await csoc.admin.get(`/api/v1/orgs/azure-org/runs/${run.body.id}/output?limit=5000`))
      .text;
    expect(`${finished.message ?? ''}\n${output}`).toMatch(
      /provider registry\.terraform\.io\/hashicorp\/azurerm was not found/,
    );
    expect(output).toMatch(/\(init\)/);
    expect(output).not.toContain(CANARY);
    expect(JSON.stringify(finished)).not.toContain(CANARY);
    expect(csoc.capturedOutput()).not.toContain(CANARY);
  }, 300_000);

  it('previews the Gen3 files of an Azure commons before its apply, from the plugin placeholders through its mapping', async () => {
    // The plugin and account come from the test above (same CSOC).
    const document = {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'kidney' },
      spec: {
        environment: 'dev',
        plugin: { name: 'azure', version: manifest.version },
        account: 'azure-dev',
        inputs: { ...devInputs, wafEnabled: true },
        gen3: {
          release: '2025.09',
          hostname: 'kidney.gen3.contoso.net',
          dictionaryUrl: 'https://dictionary.contoso.net/kidney/schema.json',
          userYamlSource: 'https://gen3devgen3000000.blob.core.windows.net/useryaml/user.yaml',
        },
      },
    };
    const preview = await csoc.admin.post('/api/v1/orgs/azure-org/gitops/render', document);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.placeholders).toBe(true);
    const values = preview.body.files['values.yaml'] as string;
    expect(values).toContain('azure.workload.identity/client-id: 00000000-0000-4000-8000-000000000001');
    expect(values).toContain('className: azure-application-gateway');
    expect(values).toContain('esEndpoint: http://gen3-elasticsearch-master.kidney.svc.cluster.local:9200');
    expect(preview.body.files['secrets.yaml']).toContain(
      'vaultUrl: https://kv-gen3-dev-0000.vault.placeholder.invalid/',
    );
  }, 120_000);
});

// A plan of the gcp plugin through the CSOC run engine (process runner, real Terraform), as far as this
// machine allows: the google provider cannot be installed here (no registry access; the local mirror holds
// only hashicorp/aws), so the run must get through the request, the credentials and the variables, reach
// `terraform init`, and fail there with the missing provider named: never a crash, never a hang, never the
// key in the output. A real plan or apply is not exercised (no Google Cloud account, no provider).
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

const SERVICE_ACCOUNT_KEY = JSON.stringify({
  type: 'service_account',
  project_id: 'acme-gen3-dev',
  private_key_id: 'CANARYKEYID',
  private_key: '-----BEGIN PRIVATE KEY-----\nCANARYPRIVATEKEY\n-----END PRIVATE KEY-----\n',
  client_email: 'csoc@acme-gen3-dev.iam.gserviceaccount.com',
});

describe('the gcp plugin in the CSOC run engine', () => {
  let csoc: TestCsoc;
  let emptyMirror: string;

  beforeAll(async () => {
    // An air-gapped CSOC whose provider mirror lacks hashicorp/google: init fails at once, deterministically.
    emptyMirror = await mkdtemp(path.join(tmpdir(), 'csoc-gcp-mirror-'));
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        CSOC_TF_PLUGIN_MIRROR: emptyMirror,
        CSOC_GITOPS_REMOTE_URL: 'https://git.example.invalid/acme/gen3-gitops.git',
      },
    });
    await ensureOrg(csoc, 'gcp-org');
  }, 300_000);
  afterAll(async () => {
    await csoc?.stop();
    await rm(emptyMirror, { recursive: true, force: true });
  });

  it('installs, registers a gcp account, and refuses bad inputs at commons creation naming the field', async () => {
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);
    const account = await csoc.admin.post('/api/v1/orgs/gcp-org/accounts', {
      kind: 'gcp',
      name: 'gcp-dev',
      public: { projectId: 'acme-gen3-dev', region: 'us-central1' },
      secrets: { serviceAccountJson: SERVICE_ACCOUNT_KEY },
    });
    expect(account.status, account.text).toBe(201);
    const refused = await csoc.admin.post('/api/v1/orgs/gcp-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'bad-inputs' },
      spec: {
        environment: 'dev',
        plugin: { name: 'gcp', version: manifest.version },
        account: 'gcp-dev',
        inputs: { ...devInputs, size: 'huge' },
      },
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.text).toMatch(/inputs[./]size/);
  }, 120_000);

  it('runs a plan through the process runner up to terraform init, which names the missing google provider', async () => {
    const commons = await csoc.admin.post('/api/v1/orgs/gcp-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'lung' },
      spec: {
        environment: 'dev',
        plugin: { name: 'gcp', version: manifest.version },
        account: 'gcp-dev',
        inputs: devInputs,
      },
    });
    expect(commons.status, commons.text).toBe(201);
    const run = await csoc.admin.post('/api/v1/orgs/gcp-org/commons/lung/runs', {});
    expect(run.status, run.text).toBe(201);
    const ended = await waitForRun(csoc.admin, 'gcp-org', run.body.id, ['failed', 'planned'], 240_000);
    expect(ended.state, ended.message).toBe('failed');
    const output = (await csoc.admin.get(`/api/v1/orgs/gcp-org/runs/${run.body.id}/output?limit=5000`)).text;
    // It got through the plugin's own steps (credentials, variables) to Terraform's init ...
    expect(output).toMatch(/initializing the working directory \(init\)/);
    // ... and the failure names the provider it could not install.
    expect(ended.message).toMatch(/Failed to query available provider packages/);
    expect(ended.message).toMatch(/provider registry\.terraform\.io\/hashicorp\/google was not found/);
    expect(output).not.toMatch(/CANARY/);
    expect(csoc.capturedOutput()).not.toMatch(/CANARY/);
  }, 300_000);

  it('previews the Gen3 values of a commons not yet applied from the plugin placeholders, through its mapping', async () => {
    const preview = await csoc.admin.post('/api/v1/orgs/gcp-org/gitops/render', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'heart' },
      spec: {
        environment: 'prod',
        plugin: { name: 'gcp', version: manifest.version },
        account: 'gcp-dev',
        inputs: { ...devInputs, projectId: 'acme-gen3-dev' },
        gen3: {
          release: '2025.09',
          hostname: 'heart.example.org',
          dictionaryUrl: 'https://dictionary.example.org/heart.json',
        },
      },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.placeholders).toBe(true);
    const values = preview.body.files['values.yaml'] as string;
    expect(values).toContain('projectID: acme-gen3-dev');
    expect(values).toContain(
      'iam.gke.io/gcp-service-account: gen3-dev-fence@acme-gen3-dev.iam.gserviceaccount.com',
    );
    expect(preview.body.files['secrets.yaml']).toContain('gcpsm:');
  }, 120_000);
});

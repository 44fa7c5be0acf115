// The digitalocean plugin through the CSOC run engine (process runner, real Terraform): installed from its
// folder, a plan of the dev example runs the plugin's bundle, which puts the account's token into the
// provider's environment and starts Terraform. The digitalocean provider cannot be installed on this machine
// (no registry access; the mirror given to plugins has none), so the run must end at `terraform init` with a
// failed state that names the provider — never a crash or a hang — and the token must appear nowhere.
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
const TOKEN = 'dop_v1_CANARYTOKEN0123456789abcdef';
const SPACES_SECRET = 'SpacesSecretCANARY0123456789abcdefghijklmn';

describe('the digitalocean plugin in the CSOC run engine', () => {
  let csoc: TestCsoc;
  let emptyMirror: string;
  beforeAll(async () => {
    emptyMirror = await mkdtemp(path.join(tmpdir(), 'csoc-do-mirror-'));
    csoc = await startTestCsoc({
      databaseUrl: createSqliteTestDatabase(),
      env: {
        // The provider mirror CSOC hands plugins: it has no digitalocean provider, as on this machine.
        CSOC_TF_PLUGIN_MIRROR: emptyMirror,
        // Plugin environment pairs may hold secrets: CSOC must not log them at start.
        CSOC_PLUGIN_ENV: 'CSOC_DO_TEST_MARKER=PluginEnvCANARY0123',
        CSOC_GITOPS_REMOTE_URL: 'https://git.example.invalid/ocean/gen3-gitops.git',
      },
    });
    await ensureOrg(csoc, 'do-org');
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
    if (emptyMirror) await rm(emptyMirror, { recursive: true, force: true });
  });

  it('installs, runs a plan that stops at terraform init naming the missing provider, and leaks no token', async () => {
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);
    const account = await csoc.admin.post('/api/v1/orgs/do-org/accounts', {
      kind: 'digitalocean',
      name: 'do-dev',
      public: { region: 'nyc3' },
      secrets: {
        token: TOKEN,
        spacesAccessKeyId: 'DO00EXAMPLEKEY012345',
        spacesSecretAccessKey: SPACES_SECRET,
      },
    });
    expect(account.status, account.text).toBe(201);
    const commons = await csoc.admin.post('/api/v1/orgs/do-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'reef' },
      spec: {
        environment: 'dev',
        plugin: { name: 'digitalocean', version: manifest.version },
        account: 'do-dev',
        inputs: devInputs,
      },
    });
    expect(commons.status, commons.text).toBe(201);
    const run = await csoc.admin.post('/api/v1/orgs/do-org/commons/reef/runs', {});
    expect(run.status, run.text).toBeLessThan(300);
    const finished = await waitForRun(csoc.admin, 'do-org', run.body.id, ['failed', 'planned'], 240_000);
    expect(finished.state).toBe('failed');
    console.log(`digitalocean plan stopped as expected: ${finished.message}`);
    const output = (await csoc.admin.get(`/api/v1/orgs/do-org/runs/${run.body.id}/output?limit=5000`)).text;
    // The plugin got as far as terraform init, which names the provider it could not install.
    expect(finished.message).toMatch(/Failed to query available provider packages/);
    expect(output).toMatch(/provider registry\.terraform\.io\/digitalocean\/digitalocean was not found/);
    expect(output).not.toMatch(/has no Spaces key/);
    for (const text of [output, JSON.stringify(finished), csoc.capturedOutput()]) {
      expect(text).not.toContain('CANARY');
    }
  }, 300_000);

  it('refuses a DigitalOcean account with half a Spaces key, naming the missing field', async () => {
    const account = await csoc.admin.post('/api/v1/orgs/do-org/accounts', {
      kind: 'digitalocean',
      name: 'do-half',
      public: { region: 'nyc3' },
      secrets: { token: TOKEN, spacesAccessKeyId: 'DO00EXAMPLEKEY012345' },
    });
    expect(account.status).toBe(400);
    expect(account.text).toContain('secrets.spacesSecretAccessKey');
    expect(account.text).not.toContain('CANARY');
  }, 120_000);

  it('refuses inputs the manifest refuses, naming the field, before any run', async () => {
    const commons = await csoc.admin.post('/api/v1/orgs/do-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'bad-reef' },
      spec: {
        environment: 'dev',
        plugin: { name: 'digitalocean', version: manifest.version },
        account: 'do-dev',
        inputs: { ...devInputs, region: 'us-east-1' },
      },
    });
    expect(commons.status).toBe(400);
    expect(commons.text).toMatch(/region/);
  }, 120_000);
});

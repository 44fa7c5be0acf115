// The azure plugin run in-process the way the host runs it, with real Terraform. The azurerm provider cannot be
// installed on this machine (no network, no mirror of it), so a plan goes as far as `terraform init` and must
// stop there with an error that names the missing provider — and the service principal's secret, put in the
// provider's environment, must appear in no event and no file of the working directory.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventStreamParser,
  type PluginCredentials,
  type PluginEvent,
  type PluginRequest,
} from '@csoc/plugin-sdk';
import { runAzure } from './runAzure.ts';

const CANARY_SECRET = 'azure-client-secret-CANARY-7c1f';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUBSCRIPTION = '0b1f6471-1bf0-4dda-aec3-111122223333';
const CLIENT = '8f6b2c1e-1111-2222-3333-444455556666';

let root: string;
/** A provider mirror holding no azurerm: the situation of this machine, made explicit and offline. */
let emptyMirror: string;
let secretsFile: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-azure-run-'));
  emptyMirror = join(root, 'mirror');
  await mkdir(join(emptyMirror, 'registry.terraform.io'), { recursive: true });
  secretsFile = join(root, 'account-secrets.json');
  await writeFile(secretsFile, JSON.stringify({ clientSecret: CANARY_SECRET }), { mode: 0o600 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

interface AzureRun {
  code: number;
  events: PluginEvent[];
  workDir: string;
}

let count = 0;
async function plan(credentials: PluginCredentials, inputs: Record<string, unknown>): Promise<AzureRun> {
  count += 1;
  const workDir = join(root, `work-${count}`);
  await mkdir(workDir);
  const requestFile = join(root, `request-${count}.json`);
  const request: PluginRequest = {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb: 'plan',
    runId: `run-${count}`,
    commons: { org: 'contoso', name: 'heart' },
    inputs,
    credentials,
    workDir,
    options: { includePlanJson: false },
  };
  await writeFile(requestFile, JSON.stringify(request));
  const stdout = new PassThrough();
  const events: PluginEvent[] = [];
  const parser = createEventStreamParser({ onEvent: (event) => events.push(event) });
  stdout.on('data', (chunk: Buffer) => parser.push(chunk));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CSOC_REQUEST_FILE: requestFile,
    CSOC_TF_PLUGIN_MIRROR: emptyMirror,
    CHECKPOINT_DISABLE: '1',
  };
  const code = await runAzure({ argv: ['node', 'main.ts', 'plan'], env, stdout, handleSignals: false });
  parser.end();
  return { code, events, workDir };
}

async function filesBelow(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesBelow(full)));
    else if ((await stat(full)).size < 5_000_000) files.push(full);
  }
  return files;
}

const azureAccount = (): PluginCredentials => ({
  kind: 'azure',
  public: { tenantId: TENANT, subscriptionId: SUBSCRIPTION, clientId: CLIENT },
  secretsFile,
});

describe('the azure plugin, run as the host runs it', () => {
  let run: AzureRun;
  beforeAll(async () => {
    run = await plan(azureAccount(), { environment: 'gen3-dev', location: 'eastus', namespace: 'gen3' });
  }, 300_000);

  it('reaches terraform init and fails there, naming the provider that cannot be installed', () => {
    expect(run.code).not.toBe(0);
    const errors = run.events.filter((event) => event.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const messages = errors.map((event) => JSON.stringify(event)).join('\n');
    expect(messages).toMatch(/provider registry\.terraform\.io\/hashicorp\/azurerm was not found/);
    // The last phase reached is init: planning never started.
    const phases = run.events.flatMap((event) => (event.type === 'progress' ? [event.message] : []));
    expect(phases.at(-1)).toMatch(/\(init\)/);
    expect(phases.some((phase) => /^planning/.test(String(phase)))).toBe(false);
  });

  it('writes the commons namespace into the variables, and says it ignored the input namespace', async () => {
    const tfvars = JSON.parse(
      await readFile(join(run.workDir, 'terraform', 'terraform.tfvars.json'), 'utf8'),
    );
    expect(tfvars).toMatchObject({ environment: 'gen3-dev', location: 'eastus', namespace: 'heart' });
    expect(Object.keys(tfvars).filter((name) => /client|tenant|subscription|secret/i.test(name))).toEqual([]);
    expect(JSON.stringify(run.events)).toMatch(/input namespace .{1,3}gen3.{1,3} is not used/);
  });

  it('leaks the client secret into no event and no file of the working directory', async () => {
    expect(JSON.stringify(run.events)).not.toContain(CANARY_SECRET);
    const files = await filesBelow(run.workDir);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toContain(CANARY_SECRET);
  });

  it('refuses an account of another cloud before Terraform starts, saying what to do', async () => {
    const other = await plan(
      { kind: 'aws', public: { accountId: '123456789012' } },
      {
        environment: 'gen3-dev',
        location: 'eastus',
      },
    );
    expect(other.code).not.toBe(0);
    expect(JSON.stringify(other.events)).toMatch(/needs an azure cloud account, not a aws one/);
    await expect(stat(join(other.workDir, 'terraform'))).rejects.toThrow();
  }, 120_000);
});

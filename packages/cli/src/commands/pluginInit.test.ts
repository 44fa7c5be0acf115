// `csoc plugin init` as an author outside the CSOC repository meets it: the plugin is generated into a
// temporary folder whose node_modules holds @csoc/plugin-sdk installed from `npm pack packages/plugin-sdk`
// (the route the README gives; its dependencies and tsx linked from this checkout), with no server and no
// login. The generated plugin then passes the conformance kit in full with real Terraform, `terraform fmt
// -check` and the TypeScript compiler, as generated.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONTRACT_VERSION, hostSupportsContract, runConformance, validateManifest } from '@csoc/plugin-sdk';
import { CLOUDS } from '@csoc/plugin-sdk/manifest-schema';
import {
  analyzeTerraformSchema,
  checkTerraformSchema,
  providerSchemaCheck,
} from '@csoc/plugin-sdk/terraform-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../CommandContext.ts';
import { COMMANDS, runCli } from '../runCli.ts';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SDK_DIR = path.join(REPO_ROOT, 'packages', 'plugin-sdk');
/** What `npm install` of the generated package.json would bring, besides the SDK itself. */
const LINKED_PACKAGES = ['tsx', 'typescript', 'vitest', '@types/node', '@types/semver'];

async function csoc(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // No saved context and no server: the command must not need either.
  const io: Io = { stdout, stderr, stdin: new PassThrough(), env: { XDG_CONFIG_HOME: '/nonexistent-csoc' } };
  const code = await runCli(argv, io);
  return { code, stdout: out, stderr: err };
}

let work: string;

/** Installs the SDK as a packed tarball into `<work>/node_modules`, with its dependencies linked. */
async function installSdkFromTarball(): Promise<void> {
  const packed = await run('npm', ['pack', SDK_DIR, '--pack-destination', work, '--silent'], {
    cwd: work,
    timeout: 120_000,
  });
  const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1)!);
  const sdkTarget = path.join(work, 'node_modules', '@csoc', 'plugin-sdk');
  fs.mkdirSync(sdkTarget, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', sdkTarget, '--strip-components=1'], { timeout: 60_000 });
  const sdkPackage = JSON.parse(fs.readFileSync(path.join(sdkTarget, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of [...Object.keys(sdkPackage.dependencies), ...LINKED_PACKAGES]) {
    const link = path.join(work, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', name), link, 'dir');
  }
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-plugin-init-'));
  await installSdkFromTarball();
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('csoc plugin init', () => {
  describe('a generated azure plugin', () => {
    let pluginDir: string;
    beforeAll(async () => {
      pluginDir = path.join(work, 'acme-azure');
      const created = await csoc(['plugin', 'init', 'acme-azure', '--cloud', 'azure', '--dir', pluginDir]);
      expect(created.stderr).toMatch(/^Created plugin acme-azure for azure in .* \(11 files\)/);
      expect(created.code).toBe(0);
    });

    it('writes the whole plugin: manifest, main file, terraform, test, README', () => {
      const files = fs.readdirSync(pluginDir, { recursive: true, encoding: 'utf8' }).sort();
      expect(files).toEqual(
        expect.arrayContaining([
          'README.md',
          'manifest.json',
          'package.json',
          'src/main.ts',
          'src/plugin.test.ts',
          'terraform/main.tf',
          'terraform/outputs.tf',
          'terraform/variables.tf',
          'terraform/versions.tf',
        ]),
      );
      const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({
        name: 'acme-azure',
        version: '0.1.0',
        contract: `^${CONTRACT_VERSION}`,
        clouds: ['azure'],
        tier: 'experimental',
        permissions: [{ cloud: 'azure', actions: [expect.stringMatching(/^TODO:/)] }],
      });
      expect(fs.readFileSync(path.join(pluginDir, 'src/main.ts'), 'utf8')).toContain('runTerraformPlugin');
      const versions = fs.readFileSync(path.join(pluginDir, 'terraform/versions.tf'), 'utf8');
      expect(versions).toMatch(/#\s+source\s+= "hashicorp\/azurerm"\n\s+#\s+version = "4\.55\.0"/);
      expect(versions).not.toMatch(/^\s*required_providers/m);
    });

    it('passes the conformance kit as generated: describe, plan, apply, outputs, drift, destroy, provider schemas', async () => {
      const report = await runConformance({
        pluginDir,
        full: true,
        timeoutSeconds: 240,
        checks: [providerSchemaCheck([], { strict: true })],
      });
      expect(report.violations).toEqual([]);
      expect(report.verbs.map((verb) => `${verb.verb}:${verb.exitCode}`)).toEqual([
        'describe:0',
        'plan:0',
        'apply:0',
        'outputs:0',
        'drift:0',
        'destroy:0',
      ]);
    }, 600_000);

    it('passes its own generated test file (conformance, provider schemas, an input refused by field)', async () => {
      const vitest = path.join(work, 'node_modules', 'vitest', 'vitest.mjs');
      const result = await run(process.execPath, [vitest, 'run', '--reporter=verbose'], {
        cwd: pluginDir,
        env: { PATH: process.env.PATH ?? '', HOME: work, CI: '1', NO_COLOR: '1' },
        timeout: 480_000,
      }).catch((error: { stdout?: string; stderr?: string }) => ({
        stdout: `${error.stdout ?? ''}${error.stderr ?? String(error)}`,
      }));
      expect(result.stdout).toMatch(/Tests\s+2 passed \(2\)/);
      expect(result.stdout).toContain('refuses inputs its schema does not allow, naming the field');
    }, 600_000);

    it('has Terraform that terraform fmt -check accepts', async () => {
      const cliConfig = path.join(work, 'terraformrc');
      fs.writeFileSync(cliConfig, 'disable_checkpoint = true\n');
      const fmt = await run('terraform', ['fmt', '-check', '-diff', '-recursive', 'terraform'], {
        cwd: pluginDir,
        env: { PATH: process.env.PATH ?? '', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig },
        timeout: 120_000,
      });
      expect(fmt.stdout).toBe('');
    }, 180_000);

    it("keeps Terraform's published schemas (the provider-schema checker, strict: no unchecked provider)", async () => {
      const analysis = await analyzeTerraformSchema({
        terraformDir: path.join(pluginDir, 'terraform'),
        schemas: [],
        strict: true,
      });
      expect(analysis).toEqual({ problems: [], unchecked: [] });
    });

    it('compiles with the TypeScript compiler against the installed SDK', async () => {
      const tsc = path.join(work, 'node_modules', 'typescript', 'bin', 'tsc');
      const result = await run(process.execPath, [tsc, '-p', '.'], {
        cwd: pluginDir,
        timeout: 240_000,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
      expect(result.stdout).toBe('');
    }, 300_000);
  });

  it.each(CLOUDS)('writes a valid experimental manifest for %s', async (cloud) => {
    const dir = path.join(work, `every-cloud-${cloud}`);
    const created = await csoc(['plugin', 'init', `acme-${cloud}`, '--cloud', cloud, '--dir', dir]);
    expect(created.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(validateManifest(manifest).problems).toEqual([]);
    expect(hostSupportsContract(manifest.contract)).toBe(true);
    expect(manifest.network).toBe(cloud === 'sim' ? 'none' : 'cloud');
    expect(manifest.examples.inputs.region).toBe(manifest.inputs.properties.region.default);
    const terraformDir = path.join(dir, 'terraform');
    expect(await checkTerraformSchema({ terraformDir, schemas: [], strict: true })).toEqual([]);
  });

  it('offers exactly the clouds of the SDK to --cloud', () => {
    const init = COMMANDS.find((command) => command.name === 'plugin init')!;
    expect(init.flags!.cloud!.choices).toEqual([...CLOUDS]);
  });

  it('refuses a bad NAME or --cloud, naming what to fix', async () => {
    const badName = await csoc([
      'plugin',
      'init',
      'Acme_Cloud',
      '--cloud',
      'aws',
      '--dir',
      path.join(work, 'x'),
    ]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/^csoc: NAME "Acme_Cloud" is not a plugin name: use lower-case letters/);
    const badCloud = await csoc(['plugin', 'init', 'acme', '--cloud', 'mars', '--dir', path.join(work, 'x')]);
    expect(badCloud.code).toBe(2);
    expect(badCloud.stderr).toBe(
      'csoc: --cloud must be one of aws, azure, gcp, digitalocean, kubernetes, sim (got "mars")\n',
    );
    const noCloud = await csoc(['plugin', 'init', 'acme', '--dir', path.join(work, 'x')]);
    expect(noCloud.code).toBe(2);
    expect(noCloud.stderr).toMatch(/needs --cloud, one of aws, azure/);
    expect(fs.existsSync(path.join(work, 'x'))).toBe(false);
  });

  it('never writes into a folder that is not empty', async () => {
    const dir = path.join(work, 'occupied');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), 'mine');
    const refused = await csoc(['plugin', 'init', 'acme', '--cloud', 'gcp', '--dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--dir .*occupied is not empty; csoc plugin init never overwrites files/);
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('mine');
  });
});

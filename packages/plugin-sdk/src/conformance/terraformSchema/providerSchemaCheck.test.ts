// The provider-schema check inside the conformance kit: through runConformance and through the kit's
// command line (`--provider-schema`), a plugin's terraform/ mistakes become `terraform.schema` violations.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatConformanceReport, runConformance } from '../runConformance.ts';
import { providerSchemaCheck } from './providerSchemaCheck.ts';
import { readProviderSchemaFile } from './readProviderSchemaFile.ts';

const repoRoot = join(import.meta.dirname, '../../../../..');
const digitaloceanAssembly = join(repoRoot, 'node_modules/@cdktf/provider-digitalocean/.jsii');
const cliPath = join(import.meta.dirname, '../cli.ts');

let root: string;
let pluginDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-schema-conformance-'));
  // A plugin folder with a manifest the kit cannot run (no runtime command): the static checks still run.
  pluginDir = join(root, 'plugin');
  await mkdir(pluginDir);
  await writeFile(
    join(pluginDir, 'manifest.json'),
    JSON.stringify({ apiVersion: 'csoc.gen3.org/v1', kind: 'IacPlugin' }),
  );
  await cp(join(import.meta.dirname, 'testdata/digitalocean/bad'), join(pluginDir, 'terraform'), {
    recursive: true,
  });
  await writeFile(
    join(pluginDir, 'terraform', 'random.tf'),
    'resource "random_id" "suffix" {\n  byte_length = 4\n}\n',
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the provider-schema conformance check', { timeout: 180_000 }, () => {
  it('reports each problem as a terraform.schema violation with file:line and the suggestion, and notes unchecked providers', async () => {
    const schemas = await readProviderSchemaFile(join(repoRoot, 'node_modules/@cdktf/provider-digitalocean'));
    const report = await runConformance({ pluginDir, checks: [providerSchemaCheck(schemas)] });
    const schemaViolations = report.violations.filter((v) => v.check === 'terraform.schema');
    expect(schemaViolations.map((v) => v.message)).toContain(
      'terraform/main.tf:3: digitalocean_kubernetes_cluster.main: unsupported argument or block "regoin"; did you mean "region"?',
    );
    expect(schemaViolations).toHaveLength(4);
    expect(report.notes).toEqual([
      'terraform/random.tf:1: not checked: no schema for provider "random" (random_id)',
    ]);
    expect(formatConformanceReport(report)).toContain('note: terraform/random.tf:1: not checked');
  });

  it('fails an unchecked provider when strict', async () => {
    const schemas = await readProviderSchemaFile(digitaloceanAssembly);
    const report = await runConformance({
      pluginDir,
      checks: [providerSchemaCheck(schemas, { strict: true })],
    });
    expect(report.violations.map((v) => v.message)).toContain(
      'terraform/random.tf:1: not checked: no schema for provider "random" (random_id)',
    );
    expect(report.notes).toBeUndefined();
  });

  it('says so when the plugin has no terraform/ folder', async () => {
    const empty = join(root, 'no-terraform');
    await mkdir(empty, { recursive: true });
    const check = providerSchemaCheck(await readProviderSchemaFile(digitaloceanAssembly));
    const result = await check(empty);
    expect(result.violations.map((v) => v.message)).toEqual([
      'no terraform/ folder in the plugin to check against the provider schemas (drop --provider-schema for a plugin without Terraform)',
    ]);
  });

  it('runs from the kit command line with --provider-schema', async () => {
    const result = await runCli([pluginDir, '--provider-schema', digitaloceanAssembly, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { violations: { check: string; message: string }[] };
    expect(report.violations.filter((v) => v.check === 'terraform.schema').map((v) => v.message)).toContain(
      'terraform/main.tf:7: data.digitalocean_kubernetes_version.current: the digitalocean/digitalocean provider (@cdktf/provider-digitalocean@13.14.1) has no data source "digitalocean_kubernetes_version"; did you mean "digitalocean_kubernetes_versions"?',
    );
  });

  it('refuses a schema path that is not a schema, naming it (usage error, exit 2)', async () => {
    const result = await runCli([pluginDir, '--provider-schema', join(root, 'missing.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--provider-schema: ${join(root, 'missing.json')} does not exist`);
  });
});

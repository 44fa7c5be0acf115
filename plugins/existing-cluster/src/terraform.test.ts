// The existing-cluster Terraform module with real Terraform: formatted, and — since it uses only the built-in
// terraform_data resource, no provider — initialised and validated offline (the other new clouds' providers
// cannot be installed here; this one needs none).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const terraformDir = fileURLToPath(new URL('../terraform', import.meta.url));

describe('existing-cluster terraform module', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  const terraform = (args: string[], cwd: string) =>
    spawnSync('terraform', args, { cwd, env, encoding: 'utf8', timeout: 180_000 });

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'csoc-existing-cluster-tf-'));
    const cliConfig = join(root, 'terraform.rc');
    // No registry: any provider the module asked for would fail init here.
    writeFileSync(
      cliConfig,
      'provider_installation {\n  filesystem_mirror {\n    path = "/nonexistent"\n  }\n}\n',
    );
    env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1' };
    cpSync(terraformDir, join(root, 'module'), { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is formatted (terraform fmt -check)', () => {
    const result = terraform(['fmt', '-check', '-recursive', '-diff'], terraformDir);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('initialises without any provider and validates', () => {
    const module = join(root, 'module');
    const init = terraform(['init', '-backend=false', '-input=false', '-no-color'], module);
    expect(init.status, init.stderr).toBe(0);
    const validate = terraform(['validate', '-json', '-no-color'], module);
    const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: unknown[] };
    expect(report.diagnostics).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('declares no provider, no module and no resource but terraform_data', () => {
    const hcl = readdirSync(terraformDir)
      .filter((name) => name.endsWith('.tf'))
      .map((name) => readFileSync(join(terraformDir, name), 'utf8'))
      .join('\n');
    expect(hcl).not.toMatch(/^\s*(provider|module)\s+"/m);
    expect(hcl).not.toMatch(/required_providers/);
    const types = [...hcl.matchAll(/^resource "([^"]+)"/gm)].map((match) => match[1]);
    expect(new Set(types)).toEqual(new Set(['terraform_data']));
  });
});

// The gcp module with real Terraform, up to where this machine allows: `terraform fmt -check` runs for real;
// the google provider cannot be installed here, so `terraform validate` and `plan` are impossible and
// `init` must stop at the provider with the provider named (the schema checker replaces validate:
// providerSchema.test.ts). Plus the module's rules: hashicorp/google 6.50.0 only, no registry modules,
// generated passwords only through write-only arguments.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMONS_SECRET_NAMES } from './placeholderOutputs.ts';

const terraformDir = fileURLToPath(new URL('../terraform', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('gcp plugin Terraform module', () => {
  let root: string;
  let files: Record<string, string>;
  const terraform = (args: string[], cwd: string) =>
    new Promise<Result>((resolve, reject) => {
      const child = spawn('terraform', args, {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: root,
          CHECKPOINT_DISABLE: '1',
          TF_IN_AUTOMATION: '1',
          TF_CLI_CONFIG_FILE: join(root, 'terraform.rc'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'csoc-gcp-tf-'));
    // A provider mirror with nothing in it: exactly an air-gapped CSOC without the google provider.
    await writeFile(
      join(root, 'terraform.rc'),
      `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(join(root, 'mirror'))}\n  }\n}\n`,
    );
    const names = (await readdir(terraformDir)).filter((name) => name.endsWith('.tf'));
    files = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await readFile(join(terraformDir, name), 'utf8')])),
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is formatted (terraform fmt -check)', async () => {
    const result = await terraform(['fmt', '-check', '-recursive', '-no-color', terraformDir], root);
    expect(result.stdout + result.stderr).not.toMatch(/\.tf/);
    expect(result.code).toBe(0);
  }, 120_000);

  it('requires exactly hashicorp/google 6.50.0 and no other provider or module', () => {
    const all = Object.values(files).join('\n');
    expect(files['versions.tf']).toMatch(
      /google = \{\s*source\s*=\s*"hashicorp\/google"\s*version\s*=\s*"6\.50\.0"\s*\}/,
    );
    expect(all).not.toMatch(/^\s*module\s+"/m);
    expect(all).not.toMatch(/hashicorp\/google-beta|provider\s*=\s*google-beta/);
    const types = [...all.matchAll(/^(?:resource|data)\s+"([^"]+)"/gm)].map((match) => match[1]!);
    expect(types.length).toBeGreaterThan(25);
    expect(types.filter((type) => !type.startsWith('google_'))).toEqual([]);
    const sources = [...all.matchAll(/source\s*=\s*"([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual(['hashicorp/google']);
  });

  it('covers the issue: GKE with Workload Identity, private Cloud SQL, CMEK buckets, Secret Manager, Cloud Armor, Cloud KMS', () => {
    const all = Object.values(files).join('\n');
    for (const type of [
      'google_container_cluster',
      'google_container_node_pool',
      'google_sql_database_instance',
      'google_service_networking_connection',
      'google_storage_bucket',
      'google_secret_manager_secret',
      'google_compute_security_policy',
      'google_kms_crypto_key',
      'google_service_account_iam_member',
    ]) {
      expect(all, type).toMatch(new RegExp(`resource "${type}"`));
    }
    expect(files['gke.tf']).toMatch(/workload_pool = local\.workload_pool/);
    expect(files['gke.tf']).toMatch(/mode = "GKE_METADATA"/);
    expect(files['cloudsql.tf']).toMatch(/ipv4_enabled\s*=\s*false/);
    expect(files['buckets.tf']).toMatch(/uniform_bucket_level_access = true/);
    expect(files['buckets.tf']).toMatch(/default_kms_key_name = google_kms_crypto_key\.main\.id/);
  });

  it('sends generated passwords only through write-only arguments and declares no credential variable', () => {
    const all = Object.values(files).join('\n');
    // A plain `password =`, `root_password =` or `secret_data =` argument would put the value into the plan
    // and the state (the `password` key inside secret_data_wo's JSON is write-only with it).
    // Every resource block of a type, each up to its closing brace at the start of a line.
    const blocks = (type: string) =>
      [...all.matchAll(new RegExp(`^resource "${type}"[\\s\\S]*?^}`, 'gm'))].map((m) => m[0]);
    const block = (type: string) => blocks(type).join('\n');
    expect(block('google_sql_user')).not.toMatch(/^\s*password\s*=/m);
    expect(block('google_sql_database_instance')).not.toMatch(/root_password/);
    expect(block('google_secret_manager_secret_version')).not.toMatch(/^\s*secret_data\s*=/m);
    expect(block('google_sql_user')).toMatch(/password_wo\s*=/);
    const versions = blocks('google_secret_manager_secret_version');
    expect(versions.length).toBe(2);
    for (const version of versions) expect(version).toMatch(/secret_data_wo\s*=/);
    const variables = [...all.matchAll(/^variable "([^"]+)"/gm)].map((match) => match[1]!);
    expect(variables.filter((name) => /credential|password|secret|token|key/.test(name))).toEqual([]);
    expect(files['providers.tf']).not.toMatch(/credentials\s*=/);
  });

  it('creates the secret entries the placeholders (and the output contract test) assume', () => {
    const list = files['secrets.tf']!.match(/commons_secret_names = \[([^\]]*)\]/)?.[1] ?? '';
    expect([...list.matchAll(/"([^"]+)"/g)].map((match) => match[1])).toEqual(COMMONS_SECRET_NAMES);
    // The entries the module writes a value into are among them.
    const generated =
      files['secrets.tf']!.match(/generated_secret_names = concat\(\s*\[([^\]]*)\]/)?.[1] ?? '';
    const named = [...generated.matchAll(/"([^"]+)"/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !COMMONS_SECRET_NAMES.includes(name))).toEqual([]);
  });

  it('stops `terraform init` at the missing google provider, naming it (the boundary of this machine)', async () => {
    const module = join(root, 'module');
    await cp(terraformDir, module, { recursive: true });
    const result = await terraform(['init', '-backend=false', '-input=false', '-no-color'], module);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/hashicorp\/google/);
    expect(result.stderr).toMatch(
      /6\.50\.0|Failed to query available provider packages|no available releases/,
    );
  }, 120_000);
});

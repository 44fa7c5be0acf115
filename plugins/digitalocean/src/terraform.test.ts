// The digitalocean plugin's Terraform, run for real as far as this machine allows: `terraform fmt -check`,
// `terraform providers` (reads the configuration without a provider), and `terraform init`, which fails,
// naming the provider, because digitalocean/digitalocean cannot be installed here (no registry access, no
// mirror). `validate` and `plan` need the provider, so they are not run: providerSchema.test.ts checks every
// resource, argument and block against the provider's published schema instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertTerraformAvailable,
  createTerraformSandbox,
  MODULE_DIR,
  type TerraformSandbox,
} from './testing/createTerraformSandbox.ts';

const files = readdirSync(MODULE_DIR).filter((name) => name.endsWith('.tf'));
const source = (name: string) => readFileSync(join(MODULE_DIR, name), 'utf8');
const allSource = files.map(source).join('\n');

describe('digitalocean plugin Terraform', () => {
  let sandbox: TerraformSandbox;
  beforeAll(async () => {
    assertTerraformAvailable();
    sandbox = await createTerraformSandbox();
  });
  afterAll(async () => {
    await sandbox?.remove();
  });

  it('is formatted (terraform fmt -check)', async () => {
    const result = await sandbox.run(['fmt', '-check', '-diff', '-no-color']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('requires only digitalocean/digitalocean, pinned to 2.71.0, and no module', async () => {
    const result = await sandbox.run(['providers', '-no-color']);
    expect(result.code, result.stderr).toBe(0);
    const providers = [...result.stdout.matchAll(/provider\[([^\]]+)\](?:[ \t]+([0-9][^\s]*))?/g)]
      .filter((m) => !m[1]!.startsWith('terraform.io/builtin/'))
      .map((m) => `${m[1]} ${m[2]}`);
    expect([...new Set(providers)]).toEqual(['registry.terraform.io/digitalocean/digitalocean 2.71.0']);
    // terraform_data comes with Terraform itself: no provider to install.
    expect(result.stdout).not.toMatch(/hashicorp\//);
    expect(allSource).not.toMatch(/^\s*module\s+"/m);
  }, 120_000);

  it('fails terraform init with a named error about the missing provider, without hanging', async () => {
    const result = await sandbox.run(['init', '-backend=false', '-input=false', '-no-color']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/digitalocean\/digitalocean/);
    expect(result.stderr).toContain(sandbox.mirror);
  }, 180_000);

  it('creates DigitalOcean resources only (plus the built-in terraform_data step)', () => {
    const types = [...allSource.matchAll(/^resource "([a-z0-9_]+)"/gm)].map((m) => m[1]!);
    expect(types.filter((type) => !type.startsWith('digitalocean_') && type !== 'terraform_data')).toEqual(
      [],
    );
    for (const type of [
      'digitalocean_vpc',
      'digitalocean_kubernetes_cluster',
      'digitalocean_kubernetes_node_pool',
      'digitalocean_database_cluster',
      'digitalocean_database_firewall',
      'digitalocean_database_db',
      'digitalocean_database_user',
      'digitalocean_spaces_bucket',
      'digitalocean_spaces_key',
    ]) {
      expect(types).toContain(type);
    }
  });

  it('takes no credential as a variable: the provider block is empty and reads its environment', () => {
    expect(source('providers.tf')).toMatch(/^provider "digitalocean" \{\}$/m);
    expect(source('variables.tf')).not.toMatch(/token|spaces_access|secret_key|password/i);
  });

  it('puts no secret in an output: outputs name hosts, buckets and secret names only', () => {
    const outputs = source('outputs.tf');
    expect(outputs).not.toMatch(/\.(password|secret_key|access_key|kube_config|uri|private_uri|token)\b/);
    expect(outputs).not.toMatch(/local\.cluster_secrets\b(?!\))/);
    expect(outputs).not.toMatch(/sensitive\s*=\s*true/);
  });

  it('passes the credentials to the write-cluster-secrets step only as sensitive values', () => {
    const secrets = source('secrets.tf');
    for (const name of ['CSOC_DO_KUBE_CA', 'CSOC_DO_KUBE_TOKEN', 'CSOC_DO_SECRETS']) {
      expect(secrets).toMatch(new RegExp(`${name}\\s*=\\s*sensitive\\(`));
    }
    // The trigger holds a hash of the values, never the values.
    expect(secrets).toMatch(/values\s*=\s*sha256\(jsonencode\(local\.cluster_secrets\)\)/);
  });

  it('keeps the database reachable from the cluster only, and the buckets private and versioned', () => {
    expect(source('postgres.tf')).toMatch(
      /type\s*=\s*"k8s"\s*\n\s*value\s*=\s*digitalocean_kubernetes_cluster\.main\.id/,
    );
    expect(source('postgres.tf')).toMatch(/private_network_uuid\s*=\s*digitalocean_vpc\.main\.id/);
    expect(source('spaces.tf')).toMatch(/acl\s*=\s*"private"/);
    expect(source('spaces.tf')).toMatch(/versioning \{\s*enabled = true/);
  });
});

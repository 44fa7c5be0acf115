// The gcp plugin's manifest: valid for the SDK, its example inputs accepted, bad inputs refused by the
// inputs JSON Schema naming the field (before Terraform or Google see them), every input backed by a
// Terraform variable, and the outputs schema naming exactly the outputs terraform/outputs.tf declares.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateManifest } from '@csoc/plugin-sdk';
import { fieldsOf, loadPluginManifestFixtures } from '@csoc/plugin-sdk/testing/pluginManifestFixtures.ts';
import { describe, expect, it } from 'vitest';
import { placeholderOutputs } from './placeholderOutputs.ts';
import { toSnakeCase } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const terraformDir = join(pluginDir, 'terraform');
const { manifest, examples, validateInputs, validateOutputs } = loadPluginManifestFixtures(pluginDir);

/** Names declared by `<kind> "<name>"` blocks in the module's .tf files. */
function declared(kind: 'variable' | 'output'): string[] {
  return readdirSync(terraformDir)
    .filter((file) => file.endsWith('.tf'))
    .flatMap((file) =>
      [
        ...readFileSync(join(terraformDir, file), 'utf8').matchAll(new RegExp(`^${kind} "([^"]+)"`, 'gm')),
      ].map((match) => match[1]!),
    );
}

const minimal = { environment: 'gen3-dev', region: 'us-central1' };

describe('gcp plugin manifest', () => {
  it('is a valid contract v1 manifest for the SDK, for the gcp cloud only', () => {
    const result = validateManifest(manifest);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(manifest.clouds).toEqual(['gcp']);
    expect(manifest.permissions.every((permission: { cloud: string }) => permission.cloud === 'gcp')).toBe(
      true,
    );
  });

  it('accepts its example inputs, and the manifest example is the dev commons', () => {
    expect(Object.keys(examples).sort()).toEqual(['dev.inputs.json', 'production.inputs.json']);
    for (const [name, inputs] of Object.entries(examples)) {
      expect(validateInputs(inputs), `${name}: ${JSON.stringify(validateInputs.errors)}`).toBe(true);
    }
    expect(manifest.examples.inputs).toEqual(examples['dev.inputs.json']);
    expect(validateInputs(minimal)).toBe(true);
  });

  it.each([
    ['environment', { environment: 'Gen3_Dev' }],
    ['environment', { environment: 'a-very-long-environment' }],
    ['environment', { environment: 'gen3--dev' }],
    ['region', { region: 'us-central' }],
    ['projectId', { projectId: 'UPPER-case-project' }],
    ['size', { size: 'huge' }],
    ['masterCidr', { masterCidr: '172.16.0.0/24' }],
    ['subnetCidr', { subnetCidr: '10.40.0.0' }],
    ['masterAuthorizedCidrs', { masterAuthorizedCidrs: ['0.0.0.0/0', 'everyone'] }],
    ['releaseChannel', { releaseChannel: 'NIGHTLY' }],
    ['nodeMaxCount', { nodeMaxCount: 0 }],
    ['postgresVersion', { postgresVersion: 'POSTGRES_9_6' }],
    ['postgresTier', { postgresTier: 'db-n1-standard-1' }],
    ['databaseServices', { databaseServices: ['fence', 'mongodb'] }],
    ['labels', { labels: { 'Cost Center': 'gen3' } }],
    ['logRetentionDays', { logRetentionDays: 0 }],
    ['cloudArmorRateLimitPerMinute', { cloudArmorRateLimitPerMinute: 1 }],
    ['vpcCidr', { vpcCidr: '10.0.0.0/16' }],
  ])('refuses a bad %s, naming it', (field, change) => {
    expect(validateInputs({ ...minimal, ...change })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toContain(field);
  });

  it.each(['environment', 'region'])('requires %s', (field) => {
    const inputs: Record<string, unknown> = { ...minimal };
    delete inputs[field];
    expect(validateInputs(inputs)).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toEqual([field]);
  });

  it('backs every input with a Terraform variable of the same name in snake_case', () => {
    const variables = declared('variable');
    const missing = Object.keys(manifest.inputs.properties).filter(
      (input) => !variables.includes(toSnakeCase(input)),
    );
    expect(missing).toEqual([]);
  });

  it('describes exactly the outputs terraform/outputs.tf declares, all required', () => {
    const outputs = declared('output');
    expect(outputs.length).toBeGreaterThan(20);
    expect(Object.keys(manifest.outputs.properties).sort()).toEqual([...outputs].sort());
    expect([...manifest.outputs.required].sort()).toEqual([...outputs].sort());
  });

  it('accepts the placeholder outputs, and refuses a service account that is not a Google one', () => {
    const outputs = placeholderOutputs({
      environment: 'gen3-dev',
      projectId: 'acme-gen3',
      region: 'us-central1',
      namespace: 'lung',
    });
    expect(validateOutputs(outputs), JSON.stringify(validateOutputs.errors)).toBe(true);
    const accounts = structuredClone(outputs.service_accounts) as Record<string, { email: string }>;
    accounts.fence!.email = 'fence@example.org';
    expect(validateOutputs({ ...outputs, service_accounts: accounts })).toBe(false);
    expect(validateOutputs.errors?.[0]?.instancePath).toBe('/service_accounts/fence/email');
  });
});

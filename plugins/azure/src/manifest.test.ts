// The azure plugin's manifest: valid for the SDK, its example inputs accepted, bad inputs refused by the inputs
// JSON Schema naming the field (before Terraform or Azure see them), every input backed by a Terraform variable
// with the same default, and the outputs schema naming exactly the outputs terraform/outputs.tf declares.
import { fileURLToPath } from 'node:url';
import { validateManifest } from '@csoc/plugin-sdk';
import { fieldsOf, loadPluginManifestFixtures } from '@csoc/plugin-sdk/testing/pluginManifestFixtures.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeholderOutputs } from './placeholderOutputs.ts';
import { toSnakeCase } from './toTerraformVariables.ts';
import { readTerraformModule, type TerraformModule } from './testing/readTerraformModule.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const { manifest, examples, validateInputs, validateOutputs } = loadPluginManifestFixtures(pluginDir);

const minimal = { environment: 'gen3-dev', location: 'eastus' };

describe('azure plugin manifest', () => {
  let module: TerraformModule;
  beforeAll(async () => {
    module = await readTerraformModule();
  });

  it('is a valid contract v1 manifest for the SDK, for the azure cloud', () => {
    const result = validateManifest(manifest);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(manifest.name).toBe('azure');
    expect(manifest.clouds).toEqual(['azure']);
    expect(manifest.permissions.every((permission: { cloud: string }) => permission.cloud === 'azure')).toBe(
      true,
    );
  });

  it('accepts its example inputs, and the manifest example is the dev commons', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'dev.inputs.json',
      'large.inputs.json',
      'production.inputs.json',
    ]);
    for (const [name, inputs] of Object.entries(examples)) {
      expect(validateInputs(inputs), `${name}: ${JSON.stringify(validateInputs.errors)}`).toBe(true);
    }
    expect(manifest.examples.inputs).toEqual(examples['dev.inputs.json']);
    expect(validateInputs(minimal)).toBe(true);
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ['no environment', { location: 'eastus' }, 'environment'],
    ['no location', { environment: 'gen3-dev' }, 'location'],
    ['an upper-case environment', { ...minimal, environment: 'Gen3-Dev' }, 'environment'],
    ['an environment with a double hyphen', { ...minimal, environment: 'gen3--dev' }, 'environment'],
    [
      'an environment too long for the storage account name',
      { ...minimal, environment: 'gen3-dev-commons' },
      'environment',
    ],
    ['an environment ending in a hyphen', { ...minimal, environment: 'gen3-' }, 'environment'],
    ['a location with a space', { ...minimal, location: 'East US' }, 'location'],
    ['an unknown size tier', { ...minimal, size: 'xlarge' }, 'size'],
    ['a virtual network too large (/8)', { ...minimal, vnetCidr: '10.0.0.0/8' }, 'vnetCidr'],
    ['a virtual network too small (/24)', { ...minimal, vnetCidr: '10.0.0.0/24' }, 'vnetCidr'],
    ['an octet over 255', { ...minimal, vnetCidr: '10.300.0.0/16' }, 'vnetCidr'],
    ['a Kubernetes patch version', { ...minimal, kubernetesVersion: '1.32.4' }, 'kubernetesVersion'],
    [
      'the whole internet on the API',
      { ...minimal, apiServerAuthorizedIpRanges: ['0.0.0.0/0'] },
      'apiServerAuthorizedIpRanges',
    ],
    [
      'an address without prefix on the API',
      { ...minimal, apiServerAuthorizedIpRanges: ['203.0.113.7'] },
      'apiServerAuthorizedIpRanges',
    ],
    ['an unsupported PostgreSQL version', { ...minimal, postgresVersion: '12' }, 'postgresVersion'],
    ['a database name with a space', { ...minimal, databaseServices: ['fence db'] }, 'databaseServices'],
    ['a WAF mode Azure does not know', { ...minimal, wafMode: 'Block' }, 'wafMode'],
    ['wafEnabled as a string', { ...minimal, wafEnabled: 'yes' }, 'wafEnabled'],
    ['an issuer with upper case', { ...minimal, tlsClusterIssuer: 'LetsEncrypt' }, 'tlsClusterIssuer'],
    [
      'an Elasticsearch URL with a path',
      { ...minimal, elasticsearchUrl: 'http://es:9200/index' },
      'elasticsearchUrl',
    ],
    [
      'an Elasticsearch URL without scheme',
      { ...minimal, elasticsearchUrl: 'es.search.svc:9200' },
      'elasticsearchUrl',
    ],
    ['a log retention below Log Analytics minimum', { ...minimal, logRetentionDays: 7 }, 'logRetentionDays'],
    ['a soft delete of 0 days', { ...minimal, blobSoftDeleteDays: 0 }, 'blobSoftDeleteDays'],
    ['a tag name with a slash', { ...minimal, tags: { 'a/b': 'x' } }, 'tags'],
    [
      'an input the plugin does not know',
      { ...minimal, subscriptionId: '00000000-0000-0000-0000-000000000000' },
      'subscriptionId',
    ],
  ];

  it.each(badInputs)('refuses %s, naming the field', (_what, inputs, field) => {
    expect(validateInputs(inputs)).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toContain(field);
  });

  it('backs every input with a Terraform variable whose default equals the schema default', () => {
    const properties = manifest.inputs.properties as Record<string, { default?: unknown }>;
    for (const [name, property] of Object.entries(properties)) {
      const variable = module.variables[toSnakeCase(name)];
      expect(variable, `input ${name} has no variable ${toSnakeCase(name)}`).toBeDefined();
      if ('default' in property) expect(variable!.default, name).toEqual(property.default);
      else expect(variable, `${name} is required: its variable has no default`).not.toHaveProperty('default');
    }
    // And no variable without an input: nothing is settable only by hand.
    const inputVariables = Object.keys(properties).map(toSnakeCase).sort();
    expect(Object.keys(module.variables).sort()).toEqual(inputVariables);
  });

  it('declares exactly the outputs terraform/outputs.tf has, all required', () => {
    expect(Object.keys(manifest.outputs.properties).sort()).toEqual([...module.outputs].sort());
    expect([...manifest.outputs.required].sort()).toEqual([...module.outputs].sort());
  });

  it('accepts the placeholders of a dev and a WAF commons as outputs', () => {
    for (const wafEnabled of [false, true]) {
      const outputs = placeholderOutputs({
        environment: 'gen3-dev',
        location: 'eastus',
        namespace: 'heart',
        wafEnabled,
      });
      expect(validateOutputs(outputs), JSON.stringify(validateOutputs.errors)).toBe(true);
    }
  });
});

// The digitalocean plugin's manifest: valid for the SDK, its example inputs accepted, bad inputs refused by
// the inputs JSON Schema naming the field (before Terraform or DigitalOcean see them), every input backed by
// a Terraform variable and every output of outputs.tf declared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateManifest } from '@csoc/plugin-sdk';
import { fieldsOf, loadPluginManifestFixtures } from '@csoc/plugin-sdk/testing/pluginManifestFixtures.ts';
import { describe, expect, it } from 'vitest';
import { placeholderOutputs } from './placeholderOutputs.ts';
import { DRIVER_VARIABLES, toSnakeCase } from './toTerraformVariables.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const { manifest, examples, validateInputs, validateOutputs } = loadPluginManifestFixtures(pluginDir, {
  useDefaults: true,
});
const terraformFile = (name: string) => readFileSync(join(pluginDir, 'terraform', name), 'utf8');

const minimal = { environment: 'gen3-dev' };

describe('digitalocean plugin manifest', () => {
  it('is a valid contract v1 manifest for the SDK, for the digitalocean cloud', () => {
    const result = validateManifest(manifest);
    expect(result.problems).toEqual([]);
    expect(manifest.clouds).toEqual(['digitalocean']);
    expect(
      manifest.permissions.every((permission: { cloud: string }) => permission.cloud === 'digitalocean'),
    ).toBe(true);
  });

  it('accepts its example inputs, and the manifest example is the dev commons', () => {
    expect(Object.keys(examples).sort()).toEqual(['dev.inputs.json', 'production.inputs.json']);
    for (const [name, inputs] of Object.entries(examples)) {
      expect(
        validateInputs(structuredClone(inputs)),
        `${name}: ${JSON.stringify(validateInputs.errors)}`,
      ).toBe(true);
    }
    expect(manifest.examples.inputs).toEqual(examples['dev.inputs.json']);
  });

  it('fills the defaults a user leaves out (small tier, Kubernetes 1.33, PostgreSQL 16, gen3-secrets)', () => {
    const inputs: Record<string, unknown> = { ...minimal };
    expect(validateInputs(inputs)).toBe(true);
    expect(inputs).toMatchObject({
      sizeTier: 'small',
      kubernetesVersion: '1.33',
      postgresVersion: '16',
      secretsNamespace: 'gen3-secrets',
      ingressClassName: 'nginx',
      bucketForceDestroy: false,
    });
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ['an upper-case environment name', { environment: 'Gen3-Dev' }, 'environment'],
    ['an underscore in the environment name', { environment: 'gen3_dev' }, 'environment'],
    ['a double hyphen in the environment name', { environment: 'gen3--dev' }, 'environment'],
    ['an environment name starting with a digit', { environment: '3gen' }, 'environment'],
    ['a two-letter environment name', { environment: 'ab' }, 'environment'],
    ['an environment name over 20 characters', { environment: 'a'.repeat(21) }, 'environment'],
    ['an AWS region', { region: 'us-east-1' }, 'region'],
    ['a region without Spaces or DOKS (nyc2)', { region: 'nyc2' }, 'region'],
    ['a size tier that does not exist', { sizeTier: 'huge' }, 'sizeTier'],
    ['a Kubernetes version DOKS does not run', { kubernetesVersion: '1.20' }, 'kubernetesVersion'],
    ['a Kubernetes patch version', { kubernetesVersion: '1.33.1' }, 'kubernetesVersion'],
    ['a public VPC range', { vpcIpRange: '8.8.0.0/20' }, 'vpcIpRange'],
    ['a VPC range too large (/8)', { vpcIpRange: '10.0.0.0/8' }, 'vpcIpRange'],
    ['a VPC range without its prefix', { vpcIpRange: '10.20.0.0' }, 'vpcIpRange'],
    [
      'an API address that is not one',
      { controlPlaneAllowedAddresses: ['example.org'] },
      'controlPlaneAllowedAddresses',
    ],
    [
      'the whole internet as API address',
      { controlPlaneAllowedAddresses: ['0.0.0.0/0'] },
      'controlPlaneAllowedAddresses',
    ],
    ['a PostgreSQL version DigitalOcean does not offer', { postgresVersion: '9.6' }, 'postgresVersion'],
    ['a database service Gen3 does not have', { databaseServices: ['mysql'] }, 'databaseServices'],
    ['the same database service twice', { databaseServices: ['fence', 'fence'] }, 'databaseServices'],
    ['a log retention of zero days', { logRetentionDays: 0 }, 'logRetentionDays'],
    ['an upper-case secrets namespace', { secretsNamespace: 'Gen3-Secrets' }, 'secretsNamespace'],
    ['a search endpoint without a scheme', { searchEndpoint: 'es.search.svc:9200' }, 'searchEndpoint'],
    [
      'a search endpoint with a path',
      { searchEndpoint: 'http://es.search.svc:9200/_search' },
      'searchEndpoint',
    ],
    ['an ingress class with spaces', { ingressClassName: 'my nginx' }, 'ingressClassName'],
    ['an upper-case cluster issuer', { clusterIssuer: 'LetsEncrypt' }, 'clusterIssuer'],
    [
      'a Spaces key as an input (credentials come from the environment)',
      { spacesAccessKeyId: 'DO00' },
      'spacesAccessKeyId',
    ],
    ['an API token as an input', { token: 'dop_v1_x' }, 'token'],
  ];

  it.each(badInputs)('refuses %s, naming the field', (_what, patch, field) => {
    expect(validateInputs({ ...minimal, ...patch })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toContain(field);
  });

  it('refuses inputs without an environment, naming it', () => {
    expect(validateInputs({ region: 'nyc3' })).toBe(false);
    expect(fieldsOf(validateInputs.errors)).toEqual(['environment']);
  });

  it('backs every input with the Terraform variable of the same name in snake_case', () => {
    const variables = [...terraformFile('variables.tf').matchAll(/^variable "([a-z0-9_]+)"/gm)].map(
      (m) => m[1],
    );
    const fromInputs = Object.keys(manifest.inputs.properties).map(toSnakeCase);
    // write_cluster_secrets: only tests turn the step off; no input reaches it.
    expect([...new Set([...fromInputs, ...DRIVER_VARIABLES, 'write_cluster_secrets'])].sort()).toEqual(
      [...variables].sort(),
    );
  });

  it('declares exactly the outputs outputs.tf has, and accepts the placeholders of each', () => {
    const declared = [...terraformFile('outputs.tf').matchAll(/^output "([a-z0-9_]+)"/gm)].map((m) => m[1]);
    expect([...manifest.outputs.required].sort()).toEqual([...declared].sort());
    expect(Object.keys(manifest.outputs.properties).sort()).toEqual([...declared].sort());
    const outputs = placeholderOutputs({ environment: 'gen3-dev', region: 'nyc3', namespace: 'brain' });
    expect(Object.keys(outputs).sort()).toEqual([...declared].sort());
    expect(validateOutputs(outputs), JSON.stringify(validateOutputs.errors)).toBe(true);
    expect(validateOutputs({ ...outputs, postgres_port: '25060' })).toBe(false);
  });
});

// The existing-cluster plugin's manifest: valid for the SDK, its examples accepted, bad inputs refused by the
// inputs schema naming the field (as a run reports them, before anything reaches the cluster), its declared
// permissions exactly what the access check asks, and its outputs exactly terraform/outputs.tf.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCached, formatSchemaErrors, validateManifest } from '@csoc/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { manifestPermissions } from './manifestPermissions.ts';

const pluginDir = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
const examples: Record<string, Record<string, unknown>> = Object.fromEntries(
  readdirSync(join(pluginDir, 'examples')).map((name) => [
    name,
    JSON.parse(readFileSync(join(pluginDir, 'examples', name), 'utf8')),
  ]),
);

/** The problems a run would report for these inputs: `inputs.<field>: <message>`. */
function problems(inputs: unknown): string[] {
  const validate = compileCached(manifest.inputs, { useDefaults: true });
  const copy = structuredClone(inputs);
  if (validate(copy)) return [];
  return formatSchemaErrors(validate.errors, 'inputs').map((p) => `${p.path}: ${p.message}`);
}

const minimal = {
  clusterName: 'onprem',
  postgres: { host: 'db.example.org' },
  searchEndpoint: 'https://es.example.org:9200',
};

describe('existing-cluster plugin manifest', () => {
  it('is a valid contract v1 manifest for cloud kubernetes', () => {
    const result = validateManifest(manifest);
    expect(result.problems).toEqual([]);
    expect(manifest.clouds).toEqual(['kubernetes']);
    expect(manifest.name).toBe('existing-cluster');
  });

  it('accepts its examples and the minimal inputs, filling the defaults', () => {
    for (const [name, inputs] of Object.entries(examples)) expect(problems(inputs), name).toEqual([]);
    expect(problems(manifest.examples.inputs)).toEqual([]);
    const validate = compileCached(manifest.inputs, { useDefaults: true });
    const filled = structuredClone(minimal) as Record<string, any>;
    expect(validate(filled)).toBe(true);
    expect(filled).toMatchObject({
      ingressClassName: 'nginx',
      allowInsecureTls: false,
      postgres: {
        port: 5432,
        adminUser: 'postgres',
        adminPasswordSecret: { name: 'postgres-admin', key: 'password' },
      },
    });
  });

  it.each([
    ['no cluster name', { ...minimal, clusterName: undefined }, 'clusterName'],
    ['an upper-case cluster name', { ...minimal, clusterName: 'OnPrem' }, 'inputs.clusterName'],
    ['no PostgreSQL host', { ...minimal, postgres: {} }, 'host'],
    ['a port out of range', { ...minimal, postgres: { host: 'db', port: 70000 } }, 'inputs.postgres.port'],
    [
      'a password instead of a Secret reference',
      { ...minimal, postgres: { host: 'db', password: 'hunter2' } },
      'password',
    ],
    [
      'a search endpoint without scheme',
      { ...minimal, searchEndpoint: 'es.example.org:9200' },
      'inputs.searchEndpoint',
    ],
    ['a namespace that is not a DNS label', { ...minimal, namespace: 'Gen3_NS' }, 'inputs.namespace'],
    ['buckets without data', { ...minimal, buckets: { logs: 'x-logs' } }, 'data'],
    ['an unknown input', { ...minimal, kubeconfig: 'apiVersion: v1' }, 'kubeconfig'],
  ])('refuses %s, naming the field', (_label, inputs, field) => {
    const found = problems(JSON.parse(JSON.stringify(inputs)));
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toContain(field);
  });

  it('declares exactly the permissions the access check asks', () => {
    expect(manifest.permissions).toEqual(manifestPermissions());
    const actions = manifest.permissions.flatMap((permission: { actions: string[] }) => permission.actions);
    expect(actions).toContain('create apps/deployments');
    expect(actions).toContain('create external-secrets.io/externalsecrets');
    expect(actions).toContain('get pods/log');
  });

  it('declares as outputs exactly the outputs of terraform/outputs.tf', () => {
    const declared = [
      ...readFileSync(join(pluginDir, 'terraform', 'outputs.tf'), 'utf8').matchAll(/^output "([^"]+)"/gm),
    ].map((match) => match[1]);
    expect(Object.keys(manifest.outputs.properties).sort()).toEqual(declared.sort());
    // Terraform leaves null outputs out of `terraform output -json`: the optional ones are not required.
    expect(declared.filter((name) => !manifest.outputs.required.includes(name)).sort()).toEqual([
      'buckets',
      'cluster_issuer',
    ]);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaCompiler } from './compileCached.ts';
import { loadSemver } from './contractVersion.ts';
import { ManifestError, readManifest, validateManifest } from './validateManifest.ts';

// validateManifest is synchronous: it uses the compiler and semver the SDK's index loads (a plugin's verb
// loads what it needs first, readManifest).
beforeAll(() => Promise.all([loadSchemaCompiler(), loadSemver()]));

function validManifest(): Record<string, unknown> {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'IacPlugin',
    name: 'my-cloud',
    version: '1.2.3',
    contract: '^1.0.0',
    clouds: ['aws'],
    tier: 'community',
    maintainers: [{ name: 'Ada', email: 'ada@example.org' }],
    permissions: [{ cloud: 'aws', actions: ['ec2:CreateVpc'], reason: 'the commons network' }],
    inputs: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    outputs: { type: 'object', properties: { cluster_name: { type: 'string' } } },
    capabilities: ['plan', 'apply', 'destroy'],
    network: 'cloud',
    runtime: { image: 'ghcr.io/example/my-cloud:1.2.3', digest: `sha256:${'a'.repeat(64)}` },
    examples: { inputs: { name: 'demo' } },
  };
}

function paths(document: unknown): string[] {
  const result = validateManifest(document);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validateManifest', () => {
  it('accepts a complete manifest', () => {
    const result = validateManifest(validManifest());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reports every schema problem with its path, not just the first', () => {
    const manifest = {
      ...validManifest(),
      name: 'My_Cloud',
      version: '1.0',
      tier: 'gold',
      clouds: ['aws', 'mars'],
      maintainers: [{ name: 'Ada', email: 'not-an-email' }],
      capabilities: ['plan', 'teleport'],
      colour: 'blue',
    };
    delete (manifest as Record<string, unknown>).network;
    const problems = paths(manifest);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: must match .*kebab-case/),
        expect.stringMatching(/^version: must match .*semantic version/),
        'tier: must be one of: "core", "community", "experimental", "official"',
        expect.stringMatching(
          /^clouds\[1\]: must be one of: "aws", "azure", "gcp", "digitalocean", "kubernetes", "sim"/,
        ),
        expect.stringMatching(/^maintainers\[0\]\.email: must be a valid email/),
        expect.stringMatching(/^capabilities\[1\]: must be one of/),
        'network: is required',
        expect.stringMatching(/^colour: is not a known field/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('refuses a contract range this host does not implement, and says what to do', () => {
    expect(paths({ ...validManifest(), contract: '^2.0.0' })).toEqual([
      expect.stringMatching(
        /^contract: \^2\.0\.0 does not include contract 1\.1\.0.*declare a range that includes it/,
      ),
    ]);
    expect(paths({ ...validManifest(), contract: 'whenever' })).toEqual([
      'contract: must be a semver range such as ^1.0.0',
    ]);
  });

  it('checks the rules a schema cannot express', () => {
    const problems = paths({
      ...validManifest(),
      capabilities: ['apply'],
      permissions: [{ cloud: 'gcp', actions: ['compute.networks.create'], reason: 'network' }],
      inputs: { type: 'array' },
      outputs: { type: 'object', properties: { x: { type: 'no-such-type' } } },
      runtime: { digest: 'sha256:short' },
    });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^runtime\.digest: must match/)]));
    const semantic = paths({
      ...validManifest(),
      capabilities: ['apply'],
      permissions: [{ cloud: 'gcp', actions: ['compute.networks.create'], reason: 'network' }],
      inputs: { type: 'array' },
      outputs: { type: 'object', properties: { x: { type: 'no-such-type' } } },
    });
    expect(semantic).toEqual([
      'capabilities: must include "plan" (every IaC plugin can plan)',
      'permissions[0].cloud: "gcp" is not one of the plugin\'s clouds (aws)',
      'inputs.type: must be "object" (the top level is an object of fields)',
      expect.stringMatching(/^outputs: is not a valid JSON Schema/),
    ]);
  });

  it('checks the example inputs against the input schema', () => {
    expect(paths({ ...validManifest(), examples: { inputs: { nom: 'demo' } } })).toEqual([
      'examples.inputs.name: is required',
    ]);
  });

  it('leaves the schema documents and examples to the installer when told, never the shape', () => {
    const broken = { ...validManifest(), outputs: { type: 'no-such-type' }, examples: { inputs: {} } };
    expect(validateManifest(broken, { checkSchemas: false }).ok).toBe(true);
    expect(validateManifest(broken).ok).toBe(false);
    const shapeless = { ...validManifest(), capabilities: ['fly'] };
    expect(validateManifest(shapeless, { checkSchemas: false }).ok).toBe(false);
  });

  it('accepts the shipped sim manifest', async () => {
    const manifest = await readManifest(join(import.meta.dirname, '../../../plugins/sim'));
    expect(manifest.name).toBe('sim');
  });

  it('readManifest says which file is missing or broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csoc-manifest-'));
    await expect(readManifest(dir)).rejects.toThrow(/cannot read .*manifest\.json/);
    await writeFile(join(dir, 'manifest.json'), '{ nope');
    await expect(readManifest(dir)).rejects.toBeInstanceOf(ManifestError);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...validManifest(), tier: 'gold' }));
    await expect(readManifest(dir)).rejects.toThrow(/manifest\.json is invalid:\ntier: must be one of/);
    await rm(dir, { recursive: true, force: true });
  });
});

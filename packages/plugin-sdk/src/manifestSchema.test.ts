// Support tiers: the three the catalog shows, and manifests written before them ("official") still valid.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaCompiler } from './compileCached.ts';
import { loadSemver } from './contractVersion.ts';
import { SUPPORT_TIERS } from './manifestSchema.ts';
import { supportTierOf } from './supportTier.ts';
import { validateManifest } from './validateManifest.ts';

// validateManifest is synchronous: it uses the compiler and semver the SDK's index loads (a plugin's verb
// loads what it needs first, readManifest).
beforeAll(() => Promise.all([loadSchemaCompiler(), loadSemver()]));

function manifestWithTier(tier: string): Record<string, unknown> {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'IacPlugin',
    name: 'tiered',
    version: '1.0.0',
    contract: '^1.0.0',
    clouds: ['sim'],
    tier,
    maintainers: [{ name: 'Ada' }],
    permissions: [],
    inputs: { type: 'object' },
    outputs: { type: 'object' },
    capabilities: ['plan'],
    network: 'none',
    runtime: { command: ['node', 'main.js'] },
  };
}

describe('support tiers', () => {
  it.each(SUPPORT_TIERS)('accepts a manifest of tier %s, which means itself', (tier) => {
    expect(validateManifest(manifestWithTier(tier)).problems).toEqual([]);
    expect(supportTierOf(tier)).toBe(tier);
  });

  it('still accepts "official" from older manifests and reads it as core', () => {
    expect(validateManifest(manifestWithTier('official')).ok).toBe(true);
    expect(supportTierOf('official')).toBe('core');
  });

  it('refuses any other tier, naming the field and the tiers it may be', () => {
    expect(validateManifest(manifestWithTier('gold')).problems).toEqual([
      { path: 'tier', message: 'must be one of: "core", "community", "experimental", "official"' },
    ]);
  });
});

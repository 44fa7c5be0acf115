// From the scaffold to the catalog, with the real binary against a real CSOC (SQLite): `csoc plugin init`
// writes a plugin, a platform admin installs its folder, and `csoc plugins list` shows it as experimental
// beside the core sim plugin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliTestFixture, type CliTestFixture } from '../testing/startCliTestFixture.ts';

describe('plugin tiers in csoc plugins list (SQLite)', () => {
  let fixture: CliTestFixture;
  let work: string;

  beforeAll(async () => {
    fixture = await startCliTestFixture({ org: 'tier-org', cliEntry: 'bundle' });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-plugin-tier-'));
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('lists a freshly generated plugin as experimental and the built-in sim as core', async () => {
    const pluginDir = path.join(work, 'acme-do');
    const created = await fixture.csoc([
      'plugin',
      'init',
      'acme-do',
      '--cloud',
      'digitalocean',
      '--dir',
      pluginDir,
    ]);
    expect(created.stderr).toContain('Created plugin acme-do for digitalocean');
    expect(created.code).toBe(0);

    const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'manifest.json'), 'utf8'));
    const installed = await fixture.server.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: pluginDir,
    });
    expect(installed.status, installed.text).toBe(201);

    const listed = await fixture.csoc(['plugins', 'list', '-o', 'json']);
    expect(listed.code, listed.stderr).toBe(0);
    const tiers = Object.fromEntries(
      (JSON.parse(listed.stdout) as { name: string; tier: string }[]).map((plugin) => [
        plugin.name,
        plugin.tier,
      ]),
    );
    expect(tiers).toMatchObject({ sim: 'core', 'acme-do': 'experimental' });

    const table = await fixture.csoc(['plugins', 'list']);
    expect(table.stdout).toMatch(/^acme-do\s+0\.1\.0\s+experimental\s+digitalocean\s/m);
  }, 120_000);
});

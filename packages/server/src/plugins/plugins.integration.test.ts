// The plugin registry over HTTP: the sim plugin is there from first start; platform admins install
// validated manifests (several versions side by side), refuse unsupported contracts with a clear
// message, enable and disable versions; commons pin one version.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { BUILTIN_PLUGIN_DIRS, installBuiltinPlugins } from './pluginRegistry.ts';

const simDir = BUILTIN_PLUGIN_DIRS[0]!;
const simManifest = () => JSON.parse(fs.readFileSync(path.join(simDir, 'manifest.json'), 'utf8'));

describe.each(testDatabaseTargets)('plugin registry on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'plug-org');
    await createSimAccount(csoc.admin, 'plug-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('has the sim plugin installed, core and labelled simulated, from first start', async () => {
    const list = await csoc.admin.get('/api/v1/plugins?name=sim');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      name: 'sim',
      tier: 'core',
      builtin: true,
      enabled: true,
      clouds: ['sim'],
    });
    expect(list.body.items[0].description).toMatch(/SIMULATED/);
  });

  it("keeps a built-in plugin's stored manifest in step with the one this CSOC ships", async () => {
    // As a database from an older CSOC would hold it: the same version, run through tsx.
    const old = { ...simManifest(), runtime: { command: ['node', '--import', 'tsx', 'src/main.ts'] } };
    await csoc.context.database.db
      .updateTable('plugins')
      .set({ manifest: JSON.stringify(old) })
      .where('name', '=', 'sim')
      .where('builtin', '=', 1)
      .execute();
    await installBuiltinPlugins(csoc.context.database);
    const sim = await csoc.admin.get(`/api/v1/plugins/sim/${simManifest().version}`);
    expect(sim.body.manifest.runtime.command).toEqual(['node', 'dist/main.mjs']);
  });

  it('installs another version side by side and lets commons pin either', async () => {
    const manifest = { ...simManifest(), version: '0.2.0-test' };
    const installed = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: simDir,
    });
    expect(installed.status, installed.text).toBe(201);
    expect(
      (await csoc.admin.post('/api/v1/plugins', { manifest, sourceKind: 'directory', source: simDir }))
        .status,
    ).toBe(409);
    const versions = (await csoc.admin.get('/api/v1/plugins?name=sim')).body.items.map(
      (plugin: any) => plugin.version,
    );
    expect(versions).toEqual(expect.arrayContaining(['0.1.0', '0.2.0-test']));
    const pinned = await csoc.admin.post('/api/v1/orgs/plug-org/commons', {
      ...simCommonsDocument('pinned'),
      spec: { ...simCommonsDocument('pinned').spec, plugin: { name: 'sim', version: simManifest().version } },
    });
    expect(pinned.body.spec.plugin.version).toBe(simManifest().version);
  });

  it('shows each support tier, and an older manifest\'s "official" as core', async () => {
    for (const [version, tier] of [
      ['0.4.0-official', 'official'],
      ['0.4.0-experimental', 'experimental'],
    ] as const) {
      const installed = await csoc.admin.post('/api/v1/plugins', {
        manifest: { ...simManifest(), version, tier },
        sourceKind: 'directory',
        source: simDir,
      });
      expect(installed.status, installed.text).toBe(201);
    }
    const tiers = Object.fromEntries(
      (await csoc.admin.get('/api/v1/plugins?name=sim')).body.items.map((plugin: any) => [
        plugin.version,
        plugin.tier,
      ]),
    );
    expect(tiers).toMatchObject({ '0.4.0-official': 'core', '0.4.0-experimental': 'experimental' });
    const gold = await csoc.admin.post('/api/v1/plugins', {
      manifest: { ...simManifest(), version: '0.4.0-gold', tier: 'gold' },
      sourceKind: 'directory',
      source: simDir,
    });
    expect(gold.status).toBe(400);
    expect(gold.body.error.details).toEqual([
      {
        field: 'body.manifest.tier',
        message: expect.stringContaining('"core", "community", "experimental"'),
      },
    ]);
  });

  it('refuses a plugin whose contract range this host cannot serve, saying so', async () => {
    const manifest = { ...simManifest(), version: '9.0.0', contract: '^2.0.0' };
    const refused = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: simDir,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unsupported_contract');
    expect(refused.body.error.message).toMatch(/contract \^2\.0\.0.*serves contract 1\./);
  });

  it('refuses invalid manifests with every problem named', async () => {
    const manifest = { ...simManifest(), version: 'one', name: 'Bad Name', capabilities: ['apply'] };
    const refused = await csoc.admin.post('/api/v1/plugins', {
      manifest,
      sourceKind: 'directory',
      source: simDir,
    });
    expect(refused.status).toBe(400);
    const fields = refused.body.error.details.map((detail: any) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['body.manifest.name', 'body.manifest.version']));
    const notAFolder = await csoc.admin.post('/api/v1/plugins', {
      manifest: { ...simManifest(), version: '0.3.0' },
      sourceKind: 'directory',
      source: os.tmpdir(),
    });
    expect(notAFolder.status).toBe(400);
    expect(notAFolder.body.error.details[0].field).toBe('body.source');
  });

  it('disables a version so no new commons can pin it, and only platform admins may', async () => {
    const owner = await createSignedInUser(csoc, 'plug-owner@example.org', 'plug-org', 'owner');
    expect((await owner.get('/api/v1/plugins')).status).toBe(200);
    expect((await owner.patch('/api/v1/plugins/sim/0.2.0-test', { enabled: false })).status).toBe(403);
    const current = await csoc.admin.get('/api/v1/plugins/sim/0.2.0-test');
    const disabled = await csoc.admin.patch(
      '/api/v1/plugins/sim/0.2.0-test',
      { enabled: false },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);
    const refused = await csoc.admin.post('/api/v1/orgs/plug-org/commons', {
      ...simCommonsDocument('on-disabled'),
      spec: { ...simCommonsDocument('on-disabled').spec, plugin: { name: 'sim', version: '0.2.0-test' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('plugin_disabled');
    const stale = await csoc.admin.patch(
      '/api/v1/plugins/sim/0.2.0-test',
      { enabled: true },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(stale.status).toBe(412);
  });
});

// Upgrading CSOC itself (ADR 0064, docs/operations/upgrade.md). A rolling upgrade runs version N−1 and N
// side by side on one database, so both directions are tried with real processes on SQLite and PostgreSQL:
// - the previous release (docs/operations/releases.json, checked out as a git worktree) against a database
//   this version migrated, and this version against a database the previous release made and filled;
// - this version against a database a newer CSOC migrated (a copy of this checkout with one more migration):
//   it runs beside an expand-only migration and refuses a contract one, naming it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from './credentials/masterKeyring.ts';
import { ApiClient } from './testing/ApiClient.ts';
import { type CheckoutCopy, checkoutRoot, copyCheckout } from './testing/copyCheckout.ts';
import { checkOutRelease, previousRelease, type ReleaseCheckout } from './testing/previousRelease.ts';
import { spawnCsocServer } from './testing/spawnCsocServer.ts';
import { testDatabaseTargets } from './testing/testDatabases.ts';

const run = promisify(execFile);
const ADMIN = { email: 'admin@upgrade.test', password: 'upgrade-test-password-123' };
const previous = previousRelease();
const skipReason = 'skipReason' in previous ? previous.skipReason : undefined;
if (skipReason) console.warn(`upgrade tests skipped: ${skipReason}`);

/** Migrates `databaseUrl` with the code of the checkout at `root`, in a child process as a start would. */
async function migrateWith(root: string, databaseUrl: string): Promise<string[]> {
  const script = path.join(root, 'packages/server/src/testing/migrateInChildProcess.ts');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, databaseUrl], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
  });
  return JSON.parse(stdout) as string[];
}

/** The environment of one CSOC installation: its database, data dir, master key and first admin. */
function installation(databaseUrl: string) {
  return {
    CSOC_DATABASE_URL: databaseUrl,
    CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-upgrade-')),
    CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
    CSOC_ADMIN_EMAIL: ADMIN.email,
    CSOC_ADMIN_PASSWORD: ADMIN.password,
    CSOC_WORKER: 'off',
    CSOC_LOG_LEVEL: 'info',
  };
}

async function signedIn(url: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  await client.login(ADMIN.email, ADMIN.password);
  return client;
}

async function orgSlugs(client: ApiClient): Promise<string[]> {
  const listed = await client.get<{ items?: { slug: string }[] } | { slug: string }[]>('/api/v1/orgs');
  expect(listed.status).toBe(200);
  const items = Array.isArray(listed.body) ? listed.body : (listed.body.items ?? []);
  return items.map((org) => org.slug);
}

describe.skipIf(skipReason !== undefined)('upgrading from the previous release', () => {
  let release: ReleaseCheckout;

  beforeAll(() => {
    release = checkOutRelease((previous as { release: { commit: string } }).release.commit);
    if (release.missingDependencies.length > 0)
      console.warn(`the previous release names packages this checkout lacks: ${release.missingDependencies}`);
  }, 300_000);
  afterAll(() => release?.remove());

  describe.each(testDatabaseTargets)('on $dialect', (target) => {
    it('the previous release refuses, naming the migration, a database this version migrated, and leaves it intact', async () => {
      const url = await target.create();
      const applied = await migrateWith(checkoutRoot, url);
      expect(applied).toContain('0025_plugin_support_tiers');
      const old = await spawnCsocServer(release.root, installation(url));
      // v0.1.0's Kysely migrator predates ADR 0064: it stops at any migration its code lacks.
      expect(await old.exited).toBe(1);
      expect(old.output().stderr).toMatch(
        /CSOC failed to start: .*corrupted migrations: previously executed migration 0025_plugin_support_tiers is missing/,
      );
      // Nothing was undone: this version starts on it without migrating again.
      const current = await spawnCsocServer(checkoutRoot, installation(url));
      try {
        await current.ready();
        expect(current.output().stdout).toMatch(/"applied":\[\]/);
        expect(await orgSlugs(await signedIn(current.url))).toBeDefined();
      } finally {
        expect(await current.stop()).toBe(0);
      }
    }, 300_000);

    it('this version upgrades a database the previous release made, and what it stored stays readable', async () => {
      const url = await target.create();
      const env = installation(url);
      const old = await spawnCsocServer(release.root, env);
      try {
        await old.ready();
        const admin = await signedIn(old.url);
        expect(
          (await admin.post('/api/v1/orgs', { slug: 'made-by-v0-1-0', name: 'Made by v0.1.0' })).status,
        ).toBe(201);
        expect(await orgSlugs(admin)).toContain('made-by-v0-1-0');
      } finally {
        expect(await old.stop()).toBe(0);
      }
      // Same database, data dir and master key: the upgrade an operator does.
      const current = await spawnCsocServer(checkoutRoot, env);
      try {
        await current.ready();
        // Every migration newer than v0.1.0's last (0024) runs, in order, and nothing else.
        const newer = fs
          .readdirSync(path.join(checkoutRoot, 'packages/server/src/db/migrations'))
          .filter((file) => /^\d{4}_\w+\.ts$/.test(file) && file >= '0025')
          .map((file) => file.replace(/\.ts$/, ''))
          .sort();
        expect(newer[0]).toBe('0025_plugin_support_tiers');
        expect(current.output().stdout).toContain(`"applied":${JSON.stringify(newer)}`);
        const admin = await signedIn(current.url);
        expect(await orgSlugs(admin)).toContain('made-by-v0-1-0');
        expect((await admin.post('/api/v1/orgs', { slug: 'made-after-upgrade', name: 'After' })).status).toBe(
          201,
        );
        expect(await orgSlugs(admin)).toEqual(
          expect.arrayContaining(['made-by-v0-1-0', 'made-after-upgrade']),
        );
        const plugins = await admin.get<{ items?: { name: string; tier: string }[] }>('/api/v1/plugins');
        expect(plugins.status).toBe(200);
        // v0.1.0 stored its built-in plugins as "official"; 0025 made them "core" (ADR 0059).
        const tiers = new Set((plugins.body.items ?? []).map((plugin) => plugin.tier));
        expect([...tiers]).toContain('core');
        expect(tiers.has('official')).toBe(false);
      } finally {
        expect(await current.stop()).toBe(0);
      }
    }, 300_000);
  });
});

describe('this version beside a newer CSOC (a copy of this checkout with one more migration)', () => {
  let newer: CheckoutCopy;
  const probeMigration = (compatibility: 'expand' | 'contract') => `
import type { Kysely } from 'kysely';
export const compatibility = '${compatibility}';
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('upgrade_probe').addColumn('id', 'text', (c) => c.primaryKey()).execute();
  await db.schema.alterTable('orgs').addColumn('upgrade_probe_note', 'text').execute();
}
`;
  const probeFile = () => path.join(newer.root, 'packages/server/src/db/migrations/9999_upgrade_probe.ts');

  beforeAll(() => {
    newer = copyCheckout();
  }, 300_000);
  afterAll(() => newer?.remove());

  describe.each(testDatabaseTargets)('on $dialect', (target) => {
    it('runs beside expand-only newer migrations, says which it found, and serves reads and writes', async () => {
      fs.writeFileSync(probeFile(), probeMigration('expand'));
      const url = await target.create();
      expect(await migrateWith(newer.root, url)).toContain('9999_upgrade_probe');
      const current = await spawnCsocServer(checkoutRoot, installation(url));
      try {
        await current.ready();
        expect(current.output().stdout).toMatch(/"newerMigrations":\["9999_upgrade_probe"\]/);
        const admin = await signedIn(current.url);
        expect(
          (await admin.post('/api/v1/orgs', { slug: 'beside-newer', name: 'Beside newer' })).status,
        ).toBe(201);
        expect(await orgSlugs(admin)).toContain('beside-newer');
      } finally {
        expect(await current.stop()).toBe(0);
      }
      // The newer version still finds nothing left to do.
      expect(await migrateWith(newer.root, url)).toEqual([]);
    }, 300_000);

    it('refuses to start beside a newer contract migration, naming it and the fix', async () => {
      fs.writeFileSync(probeFile(), probeMigration('contract'));
      const url = await target.create();
      expect(await migrateWith(newer.root, url)).toContain('9999_upgrade_probe');
      const current = await spawnCsocServer(checkoutRoot, installation(url));
      expect(await current.exited).toBe(1);
      const { stderr } = current.output();
      expect(stderr).toContain('9999_upgrade_probe (contract)');
      expect(stderr).toContain('Fix: run the newer CSOC version');
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }, 300_000);
  });
});

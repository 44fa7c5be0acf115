// A database from before the support tiers holds "official" plugins: after migration 0025 the catalog calls
// them core, on both databases, and community plugins stay community.
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { nowIso } from '../db/schema.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { up } from '../db/migrations/0025_plugin_support_tiers.ts';

describe.each(testDatabaseTargets)('migration 0025 (plugin support tiers) on $dialect', (target) => {
  let database: CsocDatabase;
  beforeAll(async () => {
    database = createDatabase({ url: await target.create(), dataDir: '/nonexistent' });
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function storedPlugin(name: string, tier: string): Promise<void> {
    const now = nowIso();
    await database.db
      .insertInto('plugins')
      .values({
        id: newId(),
        name,
        version: '1.0.0',
        // As an older CSOC wrote it: the column held the manifest's tier as written.
        tier: tier as 'core',
        manifest: JSON.stringify({ name, tier }),
        source_kind: 'directory',
        source: `/plugins/${name}`,
        enabled: 1,
        builtin: 0,
        installed_by: 'system',
        installed_at: now,
        updated_at: now,
        version_counter: 1,
      })
      .execute();
  }

  it('turns official plugins into core ones and leaves the other tiers alone', async () => {
    await storedPlugin('old-official', 'official');
    await storedPlugin('old-community', 'community');
    await up(database.db as unknown as Kysely<unknown>);
    const tiers = await database.db
      .selectFrom('plugins')
      .select(['name', 'tier'])
      .where('name', 'in', ['old-official', 'old-community'])
      .orderBy('name')
      .execute();
    expect(tiers).toEqual([
      { name: 'old-community', tier: 'community' },
      { name: 'old-official', tier: 'core' },
    ]);
  });
});

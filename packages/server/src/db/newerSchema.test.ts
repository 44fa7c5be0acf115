// What a CSOC does at start when a newer one already migrated its database (ADR 0064), on both databases:
// the newer version's rows are written here as that version's migrate.ts writes them (kysely_migration and
// csoc_migration_compatibility); upgrade.integration.test.ts does the same with a real newer checkout.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { type CsocDatabase, createDatabase } from './createDatabase.ts';
import { knownMigrationNames, migrateToLatest } from './migrate.ts';

describe.each(testDatabaseTargets)('a database a newer CSOC migrated, on $dialect', (target) => {
  let database: CsocDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function migratedByNewer(newer: { name: string; compatibility?: string }[]): Promise<CsocDatabase> {
    database = createDatabase({
      url: await target.create(),
      dataDir: fs.mkdtempSync(`${os.tmpdir()}/csoc-newer-`),
    });
    await migrateToLatest(database);
    for (const migration of newer) {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${migration.name}, ${new Date().toISOString()})`.execute(
        database.db,
      );
      if (migration.compatibility)
        await sql`INSERT INTO csoc_migration_compatibility (name, compatibility)
          VALUES (${migration.name}, ${migration.compatibility})`.execute(database.db);
    }
    return database;
  }

  it('records the declaration of every migration it applies', async () => {
    const db = await migratedByNewer([]);
    const rows = await sql<{ name: string; compatibility: string }>`
      SELECT name, compatibility FROM csoc_migration_compatibility ORDER BY name`.execute(db.db);
    expect(rows.rows.map((row) => row.name)).toEqual(await knownMigrationNames());
    expect(rows.rows.find((row) => row.name === '0025_plugin_support_tiers')?.compatibility).toBe('contract');
  });

  it('runs without migrating beside expand-only newer migrations, and says which', async () => {
    const db = await migratedByNewer([
      { name: '9998_newer_table', compatibility: 'expand' },
      { name: '9999_newer_column', compatibility: 'expand' },
    ]);
    const seen: string[][] = [];
    expect(await migrateToLatest(db, { onNewerSchema: (names) => seen.push(names) })).toEqual([]);
    expect(seen).toEqual([['9998_newer_table', '9999_newer_column']]);
  });

  it('refuses a newer contract migration, or one with no declaration, naming each', async () => {
    const db = await migratedByNewer([
      { name: '9997_newer_table', compatibility: 'expand' },
      { name: '9998_drop_column', compatibility: 'contract' },
      { name: '9999_from_before_declarations' },
    ]);
    await expect(migrateToLatest(db)).rejects.toThrow(
      /newer CSOC with 9998_drop_column \(contract\), 9999_from_before_declarations \(no compatibility declared\), which this version cannot run beside\. Fix: run the newer CSOC version/,
    );
  });

  it('refuses a database that is ahead but lacks one of its own migrations', async () => {
    const db = await migratedByNewer([{ name: '9999_newer_table', compatibility: 'expand' }]);
    await sql`DELETE FROM kysely_migration WHERE name = '0024_telemetry_forward_outbox'`.execute(db.db);
    await expect(migrateToLatest(db)).rejects.toThrow(/not this version's 0024_telemetry_forward_outbox/);
  });
});

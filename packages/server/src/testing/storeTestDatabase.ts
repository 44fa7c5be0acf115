// What a store's own tests start from: a migrated database of one target and org rows written straight into
// it, without the API, so a store is tested on SQLite and PostgreSQL alike without a running CSOC.
import { newId } from '@csoc/common';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { nowIso } from '../db/schema.ts';
import type { TestDatabaseTarget } from './testDatabases.ts';

/** A new, migrated database of `target`; the caller closes it. */
export async function openMigratedTestDatabase(target: TestDatabaseTarget): Promise<CsocDatabase> {
  const database = createDatabase({ url: await target.create(), dataDir: '/nonexistent' });
  await migrateToLatest(database);
  return database;
}

/** Inserts an org with a slug of its own and returns its id. */
export async function insertTestOrg(database: CsocDatabase): Promise<string> {
  const orgId = newId();
  const now = nowIso();
  await database.db
    .insertInto('orgs')
    .values({
      id: orgId,
      slug: `org-${orgId.slice(-12)}`,
      name: 'Org',
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  return orgId;
}

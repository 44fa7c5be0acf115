// Runs every migration in db/migrations/ (the same files for SQLite and PostgreSQL), safely when several
// processes start at once: PostgreSQL serializes through Kysely's advisory lock, SQLite through
// BEGIN IMMEDIATE (the second process waits on busy_timeout, then finds nothing left to do).
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CsocDatabase } from './createDatabase.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migrations are files named NNNN_area_what.ts exporting up(db); they run in name order. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = fs
      .readdirSync(migrationsDir)
      .filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration;
      migrations[file.replace(/\.ts$/, '')] = module;
    }
    return migrations;
  }
}

/** The names of every migration this CSOC knows, in the order they run. */
export async function knownMigrationNames(): Promise<string[]> {
  return Object.keys(await new FolderMigrationProvider().getMigrations());
}

/** Brings the schema to the latest migration; returns the names of the migrations this call applied. */
export async function migrateToLatest(database: CsocDatabase): Promise<string[]> {
  return migrate(database);
}

/**
 * Brings the schema up to and including migration `target` (a restore recreates the schema a backup was
 * taken at, fills it, and leaves the newer migrations to the next start).
 */
export async function migrateUpTo(database: CsocDatabase, target: string): Promise<string[]> {
  return migrate(database, target);
}

async function migrate(database: CsocDatabase, target?: string): Promise<string[]> {
  const { db, dialect } = database;
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: new FolderMigrationProvider(),
    disableTransactions: dialect === 'sqlite',
  });
  if (dialect === 'sqlite') await sql`BEGIN IMMEDIATE`.execute(db);
  let result;
  try {
    result = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  } catch (error) {
    if (dialect === 'sqlite') await sql`ROLLBACK`.execute(db).catch(() => {});
    throw error;
  }
  if (dialect === 'sqlite') {
    if (result.error) await sql`ROLLBACK`.execute(db);
    else await sql`COMMIT`.execute(db);
  }
  if (result.error) {
    const failed = result.results?.find((entry) => entry.status === 'Error');
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${String((result.error as Error).message ?? result.error)}`,
    );
  }
  return (result.results ?? [])
    .filter((entry) => entry.status === 'Success')
    .map((entry) => entry.migrationName);
}

// Runs every migration in db/migrations/ (the same files for SQLite and PostgreSQL), safely when several
// processes start at once: PostgreSQL serializes through Kysely's advisory lock, SQLite through
// BEGIN IMMEDIATE (the second process waits on busy_timeout, then finds nothing left to do).
// Rolling upgrades (ADR 0064): every migration declares `compatibility` ('expand' or 'contract'), and the
// declaration is stored beside Kysely's record, so that an older CSOC meeting a database a newer one
// migrated can tell whether it may run against it (only expand steps ahead) or must refuse (a contract step).
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CsocDatabase } from './createDatabase.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * `expand`: the schema after it still serves the previous CSOC (only new tables, new nullable or defaulted
 * columns, new indexes; no data the previous version cannot read). `contract`: anything else (drop, rename,
 * type change, NOT NULL without default, rewriting values the previous version depends on).
 */
export type MigrationCompatibility = 'expand' | 'contract';

export interface DeclaredMigration extends Migration {
  compatibility: MigrationCompatibility;
}

/** Where each applied migration's declaration is kept, for the older versions that lack its code. */
export const COMPATIBILITY_TABLE = 'csoc_migration_compatibility';

/** Migrations are files named NNNN_area_what.ts exporting up(db) and compatibility; they run in name order. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, DeclaredMigration>> {
    const files = fs
      .readdirSync(migrationsDir)
      .filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file))
      .sort();
    const migrations: Record<string, DeclaredMigration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(migrationsDir, file)).href)) as DeclaredMigration;
      if (module.compatibility !== 'expand' && module.compatibility !== 'contract')
        throw new Error(
          `migration ${file} does not declare its compatibility. Fix: export const compatibility = 'expand' ` +
            `(the previous CSOC can still run on the schema after it) or 'contract' (see ADR 0064).`,
        );
      migrations[file.replace(/\.ts$/, '')] = module;
    }
    return migrations;
  }
}

/** The names of every migration this CSOC knows, in the order they run. */
export async function knownMigrationNames(): Promise<string[]> {
  return Object.keys(await new FolderMigrationProvider().getMigrations());
}

/** The declared compatibility of every migration this CSOC knows, by name. */
export async function knownMigrationCompatibility(): Promise<Record<string, MigrationCompatibility>> {
  const migrations = await new FolderMigrationProvider().getMigrations();
  return Object.fromEntries(Object.entries(migrations).map(([name, module]) => [name, module.compatibility]));
}

export interface MigrateOptions {
  /**
   * Called when the database is ahead of this code by expand-only migrations: the process runs without
   * migrating (a rolling upgrade's older half). The names are the newer migrations it found.
   */
  onNewerSchema?: (newerMigrations: string[]) => void;
}

/**
 * Brings the schema to the latest migration; returns the names of the migrations this call applied.
 * Against a database a newer CSOC migrated, applies nothing: it runs when every newer migration was declared
 * `expand` (and reports them through `onNewerSchema`), and refuses, naming them, when any was not.
 */
export async function migrateToLatest(
  database: CsocDatabase,
  options: MigrateOptions = {},
): Promise<string[]> {
  return migrate(database, undefined, options);
}

/**
 * Brings the schema up to and including migration `target` (a restore recreates the schema a backup was
 * taken at, fills it, and leaves the newer migrations to the next start).
 */
export async function migrateUpTo(database: CsocDatabase, target: string): Promise<string[]> {
  return migrate(database, target);
}

async function migrate(
  database: CsocDatabase,
  target?: string,
  options: MigrateOptions = {},
): Promise<string[]> {
  const { db, dialect } = database;
  const provider = new FolderMigrationProvider();
  const known = await provider.getMigrations();
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider,
    disableTransactions: dialect === 'sqlite',
  });
  if (dialect === 'sqlite') await sql`BEGIN IMMEDIATE`.execute(db);
  let result;
  try {
    // Kysely refuses a database holding migrations its code lacks ("corrupted migrations"): decide first.
    const newer = await newerThanThisCode(database, known);
    if (newer.length > 0) {
      if (dialect === 'sqlite') await sql`ROLLBACK`.execute(db);
      options.onNewerSchema?.(newer);
      return [];
    }
    result = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
    if (!result.error) await recordCompatibility(database, known);
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

/** Names of applied migrations this code does not know; throws when running beside them is not safe. */
async function newerThanThisCode(
  database: CsocDatabase,
  known: Record<string, DeclaredMigration>,
): Promise<string[]> {
  const applied = await appliedNames(database);
  const newer = applied.filter((name) => !(name in known)).sort();
  if (newer.length === 0) return [];
  const declared = new Map(
    (
      await selectRows(
        database,
        COMPATIBILITY_TABLE,
        sql<{
          name: string;
          compatibility: string;
        }>`SELECT name, compatibility FROM csoc_migration_compatibility`,
      )
    ).map((row) => [row.name, row.compatibility]),
  );
  const unsafe = newer.filter((name) => declared.get(name) !== 'expand');
  if (unsafe.length > 0)
    throw new Error(
      `the database was migrated by a newer CSOC with ${unsafe
        .map((name) => `${name} (${declared.get(name) ?? 'no compatibility declared'})`)
        .join(', ')}, which this version cannot run beside. ` +
        'Fix: run the newer CSOC version (a contract migration ends the rolling upgrade: stop every older ' +
        'process first, see docs/operations/upgrade.md).',
    );
  const missing = Object.keys(known).filter((name) => !applied.includes(name));
  if (missing.length > 0)
    throw new Error(
      `the database holds newer migrations (${newer.join(', ')}) but not this version's ${missing.join(', ')}. ` +
        'Fix: start the newest CSOC version once so that it applies every migration.',
    );
  return newer;
}

/** Stores the declarations of the applied migrations this code knows (idempotent; older rows stay). */
async function recordCompatibility(database: CsocDatabase, known: Record<string, DeclaredMigration>) {
  const { db, dialect } = database;
  const applied = new Set(await appliedNames(database));
  const write = async (executor: Kysely<unknown>) => {
    await sql`CREATE TABLE IF NOT EXISTS csoc_migration_compatibility (
      name varchar(255) PRIMARY KEY, compatibility varchar(16) NOT NULL)`.execute(executor);
    for (const [name, module] of Object.entries(known)) {
      if (!applied.has(name)) continue;
      await sql`INSERT INTO csoc_migration_compatibility (name, compatibility)
        VALUES (${name}, ${module.compatibility}) ON CONFLICT (name) DO NOTHING`.execute(executor);
    }
  };
  // SQLite is already inside BEGIN IMMEDIATE; PostgreSQL processes starting at once race on CREATE TABLE.
  if (dialect === 'sqlite') await write(db as Kysely<unknown>);
  else
    await (db as Kysely<unknown>).transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${COMPATIBILITY_LOCK_KEY})`.execute(trx);
      await write(trx);
    });
}

/** An arbitrary fixed key (ASCII "csoc-mig") so concurrent starts record declarations one at a time. */
const COMPATIBILITY_LOCK_KEY = 0x63736f632d6d6967n.toString();

/** Rows of a query on `table`, which may not exist yet (a fresh database, or one older code migrated). */
async function selectRows<T>(database: CsocDatabase, table: string, query: RawBuilder<T>): Promise<T[]> {
  const found =
    database.dialect === 'sqlite'
      ? await sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(
          database.db,
        )
      : await sql`SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name = ${table}`.execute(database.db);
  return found.rows.length > 0 ? (await query.execute(database.db)).rows : [];
}

async function appliedNames(database: CsocDatabase): Promise<string[]> {
  const rows = await selectRows(
    database,
    'kysely_migration',
    sql<{ name: string }>`SELECT name FROM kysely_migration`,
  );
  return rows.map((row) => row.name);
}

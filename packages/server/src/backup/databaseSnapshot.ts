// A consistent, read-only view of every table of CSOC's database while CSOC keeps writing: one REPEATABLE
// READ transaction on PostgreSQL, one read transaction on SQLite (WAL: the writer never waits for it). It
// opens its own connection, so a backup taken inside a running CSOC process shares nothing with it.
// The backup is the one reader of every area's tables by design (ADR 0060): it copies rows, it never
// interprets them, so it reads the catalog rather than each area's types.
import Sqlite from 'better-sqlite3';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pg from 'pg';
import type { DialectName } from '../db/createDatabase.ts';
import { describeDatabaseUrl, sqliteFileOf } from './databaseLocation.ts';

/** Kysely's own bookkeeping: written by the migrator on restore, never copied. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock', 'csoc_migration_compatibility'];

export interface TableShape {
  name: string;
  /** Column names in the table's order. */
  columns: string[];
  /** Primary-key columns in key order (every column when the table has no primary key). */
  orderBy: string[];
  /** Tables whose rows this table's foreign keys point at (a restore fills those first). */
  references: string[];
}

export type Row = Record<string, unknown>;

export interface DatabaseSnapshot {
  dialect: DialectName;
  description: string;
  /** The migrations applied, in order: the schema level the rows belong to. */
  migrations: string[];
  tables: TableShape[];
  /** Calls `onRows` with the table's rows in primary-key order, a batch at a time. */
  readRows(table: TableShape, onRows: (rows: Row[]) => Promise<void> | void): Promise<void>;
  /** Ends the read transaction and closes the connection. */
  close(): Promise<void>;
}

const BATCH = 500;

export interface OpenSnapshotOptions {
  /** CSOC_DATABASE_URL (postgres://... or sqlite:...), or undefined for DATA_DIR/csoc.db. */
  databaseUrl?: string;
  dataDir: string;
}

/** Starts the read transaction; every later read sees the database as it was at this moment. */
export async function openDatabaseSnapshot(options: OpenSnapshotOptions): Promise<DatabaseSnapshot> {
  const url = options.databaseUrl ?? '';
  return /^postgres(ql)?:\/\//.test(url)
    ? openPostgresSnapshot(url)
    : openSqliteSnapshot(sqliteFileOf(url, options.dataDir));
}

function openSqliteSnapshot(file: string): DatabaseSnapshot {
  const connection = new Sqlite(file, { fileMustExist: true });
  connection.pragma('busy_timeout = 15000');
  connection.pragma('query_only = ON');
  connection.exec('BEGIN');
  // A deferred transaction takes its snapshot at its first read: take it now.
  const names = (
    connection
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
  const tables: TableShape[] = names
    .filter((name) => !MIGRATION_TABLES.includes(name))
    .map((name) => {
      const info = connection.prepare(`PRAGMA table_info(${quote(name)})`).all() as {
        name: string;
        pk: number;
      }[];
      const keys = connection.prepare(`PRAGMA foreign_key_list(${quote(name)})`).all() as { table: string }[];
      const primaryKey = info
        .filter((column) => column.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((column) => column.name);
      return {
        name,
        columns: info.map((column) => column.name),
        orderBy: primaryKey.length ? primaryKey : info.map((column) => column.name),
        references: [...new Set(keys.map((key) => key.table).filter((table) => table !== name))],
      };
    });
  const migrations = names.includes('kysely_migration')
    ? (connection.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
        (row) => row.name,
      )
    : [];
  return {
    dialect: 'sqlite',
    description: `sqlite:${path.resolve(file)}`,
    migrations,
    tables,
    async readRows(table, onRows) {
      const statement = connection.prepare(
        `SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${table.orderBy.map(quote).join(', ')}`,
      );
      let batch: Row[] = [];
      for (const row of statement.iterate() as IterableIterator<Row>) {
        batch.push(row);
        if (batch.length < BATCH) continue;
        await onRows(batch);
        batch = [];
        // Let the CSOC this process may also run carry on between batches.
        await yieldToEventLoop();
      }
      if (batch.length) await onRows(batch);
    },
    async close() {
      if (connection.inTransaction) connection.exec('COMMIT');
      connection.close();
    },
  };
}

async function openPostgresSnapshot(url: string): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString: url });
  // int8 arrives as a number, as CSOC's own pool reads it (createDatabase.ts): every value fits a double.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number.parseInt(value, 10) : pg.types.getTypeParser(oid, format),
  };
  await client.connect();
  client.on('error', () => {});
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const names = (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).rows.map((row) => row.table_name);
    const columns = (
      await client.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      )
    ).rows;
    const keys = (
      await client.query<{ table_name: string; column_name: string; constraint_type: string }>(
        `SELECT tc.table_name, kcu.column_name, tc.constraint_type
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
          WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'PRIMARY KEY'
          ORDER BY tc.table_name, kcu.ordinal_position`,
      )
    ).rows;
    const references = (
      await client.query<{ table_name: string; referenced: string }>(
        `SELECT DISTINCT tc.table_name, ccu.table_name AS referenced
           FROM information_schema.table_constraints tc
           JOIN information_schema.constraint_column_usage ccu
             ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
          WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'FOREIGN KEY'`,
      )
    ).rows;
    const textColumns = new Set(
      columns
        .filter((column) => /char|text/.test(column.data_type))
        .map((c) => `${c.table_name}.${c.column_name}`),
    );
    const tables: TableShape[] = names
      .filter((name) => !MIGRATION_TABLES.includes(name))
      .map((name) => {
        const own = columns
          .filter((column) => column.table_name === name)
          .map((column) => column.column_name);
        const primaryKey = keys.filter((key) => key.table_name === name).map((key) => key.column_name);
        return {
          name,
          columns: own,
          orderBy: primaryKey.length ? primaryKey : own,
          references: references
            .filter((reference) => reference.table_name === name && reference.referenced !== name)
            .map((reference) => reference.referenced),
        };
      });
    const migrations = names.includes('kysely_migration')
      ? (
          await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name COLLATE "C"')
        ).rows.map((row) => row.name)
      : [];
    return {
      dialect: 'postgres',
      description: describeDatabaseUrl(url),
      migrations,
      tables,
      async readRows(table, onRows) {
        // Text sorts bytewise ("C"), as SQLite's BINARY does: the same rows give the same file either way.
        const order = table.orderBy
          .map((column) =>
            textColumns.has(`${table.name}.${column}`) ? `${quote(column)} COLLATE "C"` : quote(column),
          )
          .join(', ');
        await client.query(
          `DECLARE csoc_backup NO SCROLL CURSOR FOR SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${order}`,
        );
        try {
          for (;;) {
            const { rows } = await client.query<Row>({ text: `FETCH ${BATCH} FROM csoc_backup`, types });
            if (rows.length === 0) break;
            await onRows(rows);
          }
        } finally {
          await client.query('CLOSE csoc_backup');
        }
      },
      async close() {
        await client.query('COMMIT').catch(() => {});
        await client.end();
      },
    };
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

/** A quoted identifier (names come from the catalog; quoting keeps any of them literal). */
export function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

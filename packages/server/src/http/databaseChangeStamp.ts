// A stamp of what a database read can see: two reads with the same stamp saw the same data, in every table,
// whoever wrote it (this process, another replica, SQL by hand). A cache keyed by it needs no writer to
// remember to invalidate it, and holds across replicas (ADR 0066). Asking for the stamp is cheap; a cache
// hit then saves the read itself.
//
// - SQLite file: `PRAGMA data_version` read on a connection of its own, opened read-only, that never
//   writes: it changes whenever any other connection commits — CSOC's own connection in this process as
//   much as another process's — and is answered synchronously, without a promise (ADR 0075). It counts
//   commits only, never a transaction still open on CSOC's connection.
// - SQLite in memory (no file a second connection could open): `total_changes()` (rows changed through
//   this process's one connection) joined with `PRAGMA data_version`, asked through Kysely.
// - PostgreSQL: the MVCC snapshot (`pg_current_snapshot()`: the oldest running transaction, the next
//   transaction id and the ones still running). Two equal snapshots see exactly the same committed
//   transactions, so the same rows; any committed write changes it. Reads take no transaction id, so
//   they do not change it.
import Sqlite from 'better-sqlite3';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';

export interface StampedRead<T> {
  stamp: string;
  value: T;
}

export interface DatabaseChangeStamps {
  /**
   * The stamp of the database as a read starting now sees it: a string at once where the database answers
   * synchronously (an SQLite file), otherwise a promise.
   */
  current(): string | Promise<string>;
  /**
   * Runs `read` and returns its result with a stamp no newer than what it saw: on PostgreSQL both in one
   * snapshot; on SQLite the stamp first, so a write landing between the two leaves an older stamp (the
   * next comparison misses) and never a newer stamp on older data.
   */
  readStamped<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<StampedRead<T>>;
  /** Closes what the stamps hold open (SQLite: their own read-only connection). */
  close(): void;
}

/** How long the stamp's own SQLite connection waits for a lock (a checkpoint, WAL recovery) before failing. */
const STAMP_BUSY_TIMEOUT_MS = 5_000;

export function databaseChangeStamps(database: CsocDatabase): DatabaseChangeStamps {
  const db = database.db;
  const file = database.dialect === 'sqlite' ? database.description.slice('sqlite:'.length) : undefined;
  if (file !== undefined && file !== ':memory:') return fileStamps(db, file);
  // Compiled once: the stamp is asked on every request that uses it.
  const stampQuery: CompiledQuery<{ stamp: string | number }> =
    database.dialect === 'sqlite'
      ? sql<{
          stamp: string;
        }>`select total_changes() || ':' || data_version as stamp from pragma_data_version`.compile(db)
      : sql<{ stamp: string }>`select pg_current_snapshot()::text as stamp`.compile(db);
  const stampOf = async (executor: Kysely<Database>) => {
    const row = (await executor.executeQuery(stampQuery)).rows[0];
    if (!row) throw new Error('the database returned no change stamp');
    return String(row.stamp);
  };
  return {
    current: () => stampOf(db),
    async readStamped(read) {
      if (database.dialect === 'sqlite') {
        const stamp = await stampOf(db);
        return { stamp, value: await read(db) };
      }
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          // In a repeatable-read transaction every statement sees the snapshot of its first one.
          const stamp = await stampOf(trx);
          return { stamp, value: await read(trx) };
        });
    },
    close() {},
  };
}

/** Stamps of an SQLite file, read synchronously from a read-only connection of their own. */
function fileStamps(db: Kysely<Database>, file: string): DatabaseChangeStamps {
  const connection = new Sqlite(file, { readonly: true, fileMustExist: true });
  connection.pragma(`busy_timeout = ${STAMP_BUSY_TIMEOUT_MS}`);
  const dataVersion = connection.prepare('pragma data_version').pluck();
  // CSOC's connection is another connection to this one, so its commits change the stamp like any other's.
  const current = () => String(dataVersion.get());
  return {
    current,
    async readStamped(read) {
      const stamp = current();
      return { stamp, value: await read(db) };
    },
    close() {
      if (connection.open) connection.close();
    },
  };
}

// A stamp of what a database read can see: two reads with the same stamp saw the same data, in every table,
// whoever wrote it (this process, another replica, SQL by hand). A cache keyed by it needs no writer to
// remember to invalidate it, and holds across replicas (ADR 0066). Asking for the stamp is one cheap
// query; a cache hit then saves the read itself.
//
// - SQLite: `total_changes()` counts the rows this process's connection changed (CSOC shares one
//   connection per file in a process), `PRAGMA data_version` changes when any other connection commits.
// - PostgreSQL: the MVCC snapshot (`pg_current_snapshot()`: the oldest running transaction, the next
//   transaction id and the ones still running). Two equal snapshots see exactly the same committed
//   transactions, so the same rows; any committed write changes it. Reads take no transaction id, so
//   they do not change it.
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';

export interface StampedRead<T> {
  stamp: string;
  value: T;
}

export interface DatabaseChangeStamps {
  /** The stamp of the database as a read starting now sees it. */
  current(): Promise<string>;
  /**
   * Runs `read` and returns its result with a stamp no newer than what it saw: on PostgreSQL both in one
   * snapshot; on SQLite the stamp first, so a write landing between the two leaves an older stamp (the
   * next comparison misses) and never a newer stamp on older data.
   */
  readStamped<T>(read: (db: Kysely<Database>) => Promise<T>): Promise<StampedRead<T>>;
}

export function databaseChangeStamps(database: CsocDatabase): DatabaseChangeStamps {
  const db = database.db;
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
  };
}

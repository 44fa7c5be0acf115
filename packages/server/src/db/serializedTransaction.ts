// A transaction that runs alone for a given lock name, across every process sharing the database:
// PostgreSQL takes a transaction-scoped advisory lock; SQLite holds the single connection and starts
// with BEGIN IMMEDIATE (the database's write lock), so other processes wait on busy_timeout.
// Inside `work`, use only the given executor: on SQLite the outer db waits for this very connection.
import { type Kysely, sql, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import type { CsocDatabase } from './createDatabase.ts';
import type { Database } from './schema.ts';

function advisoryKey(lockName: string): bigint {
  return createHash('sha256').update(lockName).digest().readBigInt64BE(0);
}

export async function serializedTransaction<T>(
  database: CsocDatabase,
  lockName: string,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (database.dialect === 'postgres') {
    return database.db.transaction().execute(async (trx: Transaction<Database>) => {
      await sql`select pg_advisory_xact_lock(${advisoryKey(lockName).toString()}::bigint)`.execute(trx);
      return work(trx);
    });
  }
  return database.db.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      const result = await work(connection);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection).catch(() => {});
      throw error;
    }
  });
}

// Kysely's SQLite driver prepares every query anew. Preparing (parsing and planning the SQL) cost more CPU
// than running it for the small indexed reads every request makes (session, membership, a page of rows):
// about a tenth of the authenticated list endpoint's time. The same SQL text gets the same statement.
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';

/** Most distinct SQL texts kept prepared; the oldest is dropped first. CSOC issues a few hundred. */
const MAX_CACHED_STATEMENTS = 1000;

/** The part of a better-sqlite3 connection Kysely's SqliteDialect calls, with prepared statements reused. */
export function cacheSqliteStatements(connection: SqliteConnection): {
  prepare(sql: string): Statement;
  close(): void;
} {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql) {
      const cached = statements.get(sql);
      // A statement still being iterated (a streamed query) cannot run again until it finishes.
      if (cached && !cached.busy) return cached;
      const statement = connection.prepare(sql);
      if (!cached) {
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      connection.close();
    },
  };
}

// Request counts per rate-limit key (route + source address) and window, shared by every CSOC process on
// the database, so several API replicas enforce one limit together (http/databaseRateLimitStore.ts).
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_started_ms', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rate_limit_windows_started')
    .on('rate_limit_windows')
    .columns(['window_started_ms'])
    .execute();
}

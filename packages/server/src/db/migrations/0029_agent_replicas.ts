// Agent requests across API replicas (agents/, ADR 0079): each replica's internal URL with a heartbeat,
// and which replica holds each agent's WebSocket (with a connection epoch, so a late close of an old
// connection never erases the row of the newer one).
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('csoc_replicas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('agent_connections')
    .addColumn('agent_id', 'text', (c) => c.primaryKey())
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('replica_id', 'text', (c) => c.notNull())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('connected_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agent_connections_commons')
    .on('agent_connections')
    .column('commons_id')
    .execute();
  await db.schema
    .createIndex('agent_connections_replica')
    .on('agent_connections')
    .column('replica_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agent_connections').execute();
  await db.schema.dropTable('csoc_replicas').execute();
}

// The OTLP forwarding outbox (telemetry-ingest/otlpForwardOutbox.ts, ADR 0052): each accepted OTLP request
// of an org that forwards waits here, as received, until a process holding its lease delivered it, gave it
// up (a 4xx), or the org's backlog bound dropped it. Delivered rows are deleted: this is a queue, not a log.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('telemetry_forward_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content_encoding', 'text')
    // base64 of the request body exactly as received: one column type on both databases.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_bytes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('telemetry_forward_outbox_due')
    .on('telemetry_forward_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('telemetry_forward_outbox_org_age')
    .on('telemetry_forward_outbox')
    .columns(['org_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('telemetry_forward_outbox').execute();
}

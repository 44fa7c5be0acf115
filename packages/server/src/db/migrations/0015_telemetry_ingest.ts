// Telemetry ingest (telemetry-ingest/): per-commons OTLP ingest credentials (hashed), the bounded summary
// per service in 1-minute and 1-hour buckets, cumulative-series cursors, last-received times, and the
// org's OTLP forwarding destination (headers sealed).
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('telemetry_ingest_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('telemetry_buckets')
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text', (c) => c.notNull())
    .addColumn('bucket_start', 'text', (c) => c.notNull())
    .addColumn('requests', 'double precision', (c) => c.notNull())
    .addColumn('errors', 'double precision', (c) => c.notNull())
    .addColumn('latency_sum_ms', 'double precision', (c) => c.notNull())
    .addColumn('latency_bins', 'text', (c) => c.notNull())
    .addColumn('logins', 'double precision', (c) => c.notNull())
    .addColumn('downloads', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('telemetry_buckets_pk', [
      'commons_id',
      'resolution',
      'bucket_start',
      'service',
      'source',
    ])
    .execute();
  await db.schema
    .createIndex('telemetry_buckets_age')
    .on('telemetry_buckets')
    .columns(['resolution', 'bucket_start'])
    .execute();

  await db.schema
    .createTable('telemetry_stream_cursors')
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('stream_key', 'text', (c) => c.notNull())
    .addColumn('start_time_ms', 'double precision', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('latency_sum_ms', 'double precision', (c) => c.notNull())
    .addColumn('latency_bins', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('telemetry_stream_cursors_pk', ['commons_id', 'stream_key'])
    .execute();
  await db.schema
    .createIndex('telemetry_stream_cursors_seen')
    .on('telemetry_stream_cursors')
    .column('seen_at')
    .execute();

  await db.schema
    .createTable('telemetry_commons_activity')
    .addColumn('commons_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('first_received_at', 'text', (c) => c.notNull())
    .addColumn('last_received_at', 'text', (c) => c.notNull())
    .addColumn('silent_minutes_reported', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('telemetry_forwarders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().unique().references('orgs.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('header_names', 'text', (c) => c.notNull())
    .addColumn('sealed_ciphertext', 'text', (c) => c.notNull())
    .addColumn('sealed_iv', 'text', (c) => c.notNull())
    .addColumn('sealed_tag', 'text', (c) => c.notNull())
    .addColumn('sealed_wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed_key_id', 'text', (c) => c.notNull())
    .addColumn('forwarded', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('dropped', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'telemetry_forwarders',
    'telemetry_commons_activity',
    'telemetry_stream_cursors',
    'telemetry_buckets',
    'telemetry_ingest_credentials',
  ])
    await db.schema.dropTable(table).execute();
}

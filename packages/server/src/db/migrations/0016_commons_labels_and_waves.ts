// Commons labels as rows (commons/): one per key, indexed by key and value, so a label selector
// (env=prod,tier in (large,xl)) selects commons in SQL on both dialects instead of parsing JSON per row.
// The JSON column commons.labels stays the document's copy; both are written in one transaction.
// Release waves (waves/): each wave with its frozen stages and lease, its members, its timeline.
import { sql, type Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commons_labels')
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commons_labels_pk', ['commons_id', 'key'])
    .execute();
  await db.schema
    .createIndex('commons_labels_key_value')
    .on('commons_labels')
    .columns(['key', 'value'])
    .execute();

  await db.schema
    .createTable('waves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('selector', 'text', (c) => c.notNull())
    .addColumn('target_release', 'text', (c) => c.notNull())
    .addColumn('soak_seconds', 'integer', (c) => c.notNull())
    .addColumn('max_parallel', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('current_stage', 'integer', (c) => c.notNull())
    .addColumn('stages', 'text', (c) => c.notNull())
    .addColumn('soak_started_at', 'text')
    .addColumn('gate', 'text', (c) => c.notNull())
    .addColumn('paused_reason', 'text')
    .addColumn('paused_commons_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('holder', 'text')
    .addColumn('lease_expires_at', 'text')
    .addUniqueConstraint('waves_org_name', ['org_id', 'name'])
    .execute();
  await db.schema.createIndex('waves_state').on('waves').column('state').execute();
  await db.schema
    .createTable('wave_members')
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('from_release', 'text', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('deploy_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wave_members_pk', ['wave_id', 'commons_id'])
    .execute();
  await db.schema
    .createTable('wave_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('commons_name', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('by', 'text')
    .execute();
  await db.schema.createIndex('wave_events_wave').on('wave_events').columns(['wave_id', 'id']).execute();

  // Labels written before this migration, copied from each commons' JSON.
  const rows = await sql<{ id: string; labels: string }>`select id, labels from commons`.execute(db);
  for (const row of rows.rows) {
    const labels = JSON.parse(row.labels) as Record<string, string>;
    for (const [key, value] of Object.entries(labels))
      await sql`insert into commons_labels (commons_id, key, value) values (${row.id}, ${key}, ${String(value)})`.execute(
        db,
      );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wave_events').execute();
  await db.schema.dropTable('wave_members').execute();
  await db.schema.dropTable('waves').execute();
  await db.schema.dropTable('commons_labels').execute();
}

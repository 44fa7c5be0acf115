// Public status pages (statuspage/): which commons publish one, and the updates operators post to their
// incidents; the drift check schedule (drift/): when each commons is next due, and which process holds it.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_pages')
    .addColumn('commons_id', 'text', (c) => c.primaryKey().references('commons.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    // The public address is /status/<org slug>/<commons name>: both are kept here so a public request
    // never reads the identity or commons tables.
    .addColumn('org_slug', 'text', (c) => c.notNull())
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('status_pages_address', ['org_slug', 'commons_name'])
    .execute();

  await db.schema
    .createTable('status_page_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    // A monitor incident's id (no foreign key: the monitor area owns and prunes its incidents).
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_page_updates_commons')
    .on('status_page_updates')
    .columns(['commons_id', 'incident_id'])
    .execute();

  await db.schema
    .createTable('drift_schedule')
    .addColumn('commons_id', 'text', (c) => c.primaryKey().references('commons.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('next_due_at', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'text')
    .addColumn('holder', 'text')
    .addColumn('lease_expires_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('drift_schedule').execute();
  await db.schema.dropTable('status_page_updates').execute();
  await db.schema.dropTable('status_pages').execute();
}

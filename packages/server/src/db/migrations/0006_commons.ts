// Commons and their immutable revisions.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('plugin_name', 'text', (c) => c.notNull())
    .addColumn('plugin_version', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('infra_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('outputs', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('deletion_requested_by', 'text')
    .addColumn('deletion_requested_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('commons_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('commons_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('commons_revisions_number', ['commons_id', 'number'])
    .execute();
}

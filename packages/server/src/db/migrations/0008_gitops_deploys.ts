// GitOps deploys (one row per commit attempt, with its Argo CD timeline) and per-org GitOps read tokens.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deploys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('release', 'text', (c) => c.notNull())
    .addColumn('commit_sha', 'text')
    .addColumn('diff', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('timeline', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('deploys_commons').on('deploys').columns(['commons_id', 'id']).execute();
  await db.schema.createIndex('deploys_status').on('deploys').columns(['status']).execute();

  await db.schema
    .createTable('gitops_read_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema
    .createIndex('gitops_read_tokens_org')
    .on('gitops_read_tokens')
    .columns(['org_id'])
    .execute();
}

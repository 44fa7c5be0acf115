// A saved user.yaml reaches the commons through a GitOps deploy, then usersync runs (ADR 0078): each version
// records its rollout state, the deploy that carries it, who saved it (by id, so a second person can approve
// it on prod) and who approved it. New nullable or defaulted columns only: older code ignores them.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Rows saved before this migration were never rendered anywhere; 'saved' lets the next deploy carry them.
  await db.schema
    .alterTable('user_yaml_versions')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('saved'))
    .execute();
  await db.schema.alterTable('user_yaml_versions').addColumn('state_message', 'text').execute();
  await db.schema.alterTable('user_yaml_versions').addColumn('saved_by_id', 'text').execute();
  await db.schema.alterTable('user_yaml_versions').addColumn('approved_by_id', 'text').execute();
  await db.schema.alterTable('user_yaml_versions').addColumn('approved_by', 'text').execute();
  await db.schema.alterTable('user_yaml_versions').addColumn('deploy_id', 'text').execute();
  await db.schema.createIndex('user_yaml_versions_state').on('user_yaml_versions').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('user_yaml_versions_state').execute();
  for (const column of [
    'deploy_id',
    'approved_by',
    'approved_by_id',
    'saved_by_id',
    'state_message',
    'state',
  ])
    await db.schema.alterTable('user_yaml_versions').dropColumn(column).execute();
}

// Gen3 operations run through a commons' csoc-agent (agents/actions/): who asked for what, its approval,
// its state, the last 64 KiB of its output and its result; and the saved versions of each commons'
// user.yaml. New tables only: older code ignores them.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cluster_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_by_label', 'text', (c) => c.notNull())
    .addColumn('approved_by_id', 'text')
    .addColumn('approved_by_label', 'text')
    .addColumn('job_name', 'text')
    // The retained tail of the output, and how many bytes were ever appended (the SSE event id).
    .addColumn('output', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('output_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('result_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    // Renewed by the CSOC process running the action; a stale one means that process is gone.
    .addColumn('heartbeat_at', 'text')
    .execute();
  await db.schema
    .createIndex('cluster_actions_commons')
    .on('cluster_actions')
    .columns(['commons_id', 'created_at'])
    .execute();
  await db.schema.createIndex('cluster_actions_state').on('cluster_actions').column('state').execute();
  // Each saved user.yaml of a commons, numbered; the newest is the current one. Edits are guarded by the
  // version read, and each names the usersync action it asked for.
  await db.schema
    .createTable('user_yaml_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('usersync_action_id', 'text')
    .addUniqueConstraint('user_yaml_versions_commons_version', ['commons_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_yaml_versions').execute();
  await db.schema.dropTable('cluster_actions').execute();
}

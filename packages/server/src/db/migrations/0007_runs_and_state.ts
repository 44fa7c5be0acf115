// The run queue, run output, sealed plan artifacts, and the Terraform state backend's versions and locks.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('plugin_name', 'text', (c) => c.notNull())
    .addColumn('plugin_version', 'text', (c) => c.notNull())
    .addColumn('commons_revision', 'integer', (c) => c.notNull())
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('plan_summary', 'text')
    .addColumn('planned_state_serial', 'integer')
    .addColumn('drift_detected', 'integer')
    .addColumn('result_message', 'text')
    .addColumn('exit_code', 'integer')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state_token_hash', 'text')
    .addColumn('cancel_requested_at', 'text')
    .addColumn('cancel_requested_by', 'text')
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('runs_state').on('runs').columns(['state', 'id']).execute();
  await db.schema.createIndex('runs_commons').on('runs').columns(['commons_id', 'id']).execute();
  await db.schema.createIndex('runs_org').on('runs').columns(['org_id', 'id']).execute();

  await db.schema
    .createTable('run_output')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('run_output_seq', ['run_id', 'seq'])
    .execute();

  await db.schema
    .createTable('run_artifacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sealed_ciphertext', 'text', (c) => c.notNull())
    .addColumn('sealed_iv', 'text', (c) => c.notNull())
    .addColumn('sealed_tag', 'text', (c) => c.notNull())
    .addColumn('sealed_wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed_key_id', 'text', (c) => c.notNull())
    .addUniqueConstraint('run_artifacts_name', ['run_id', 'name'])
    .execute();

  await db.schema
    .createTable('state_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('lineage', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sealed_ciphertext', 'text', (c) => c.notNull())
    .addColumn('sealed_iv', 'text', (c) => c.notNull())
    .addColumn('sealed_tag', 'text', (c) => c.notNull())
    .addColumn('sealed_wrapped_key', 'text', (c) => c.notNull())
    .addColumn('sealed_key_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('state_versions_commons')
    .on('state_versions')
    .columns(['commons_id', 'id'])
    .execute();

  await db.schema
    .createTable('state_locks')
    .addColumn('commons_id', 'text', (c) => c.primaryKey())
    .addColumn('lock_id', 'text', (c) => c.notNull())
    .addColumn('info', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

// Wave members get a version, as waves have: an operator's skip and the engine's step each save a member
// only if nobody changed it since they read it, so neither silently undoes the other (ADR 0050).
// Org settings (identity/): one row per org that changed one; an org without a row has the defaults.
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wave_members')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('org_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
    .addColumn('require_second_approver_for_prod', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('org_settings').execute();
  await db.schema.alterTable('wave_members').dropColumn('version').execute();
}

// The fleet health overview (monitor/healthStore.ts fleetHealthOfOrg) reads only these columns of every
// commons of an org; an index holding them all answers it without touching the table, whose rows carry
// each commons' services as JSON (ADR 0042). It starts with the old index's columns, which it replaces.
import type { Kysely } from 'kysely';

// Contract (ADR 0064): up drops the index it replaces.
export const compatibility = 'contract';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('monitor_commons_health_fleet')
    .on('monitor_commons_health')
    .columns(['org_id', 'commons_name', 'state', 'since', 'checked_at', 'probe_ms'])
    .execute();
  await db.schema.dropIndex('monitor_commons_health_org').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('monitor_commons_health_org')
    .on('monitor_commons_health')
    .columns(['org_id', 'commons_name'])
    .execute();
  await db.schema.dropIndex('monitor_commons_health_fleet').execute();
}

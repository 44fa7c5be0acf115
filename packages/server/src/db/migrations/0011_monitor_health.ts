// Monitoring (monitor/): the probe shards each CSOC process leases, the processes taking part, the current
// health of every deployed commons, its health transitions and incidents. History is pruned by
// CSOC_MONITOR_RETENTION_DAYS; the current health is one row per commons, updated in place.
import type { Kysely } from 'kysely';

/** Commons are spread over this many shards by a hash of their id; a process leases whole shards. */
const PROBE_SHARDS = 64;

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('monitor_probe_shards')
    .addColumn('shard', 'integer', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('lease_expires_at', 'text')
    .execute();
  await (db as Kysely<{ monitor_probe_shards: { shard: number } }>)
    .insertInto('monitor_probe_shards')
    .values(Array.from({ length: PROBE_SHARDS }, (_, shard) => ({ shard })))
    .execute();

  await db.schema
    .createTable('monitor_probers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('monitor_commons_health')
    .addColumn('commons_id', 'text', (c) => c.primaryKey().references('commons.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    .addColumn('probe_ms', 'integer')
    .addColumn('monitored_since', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_commons_health_org')
    .on('monitor_commons_health')
    .columns(['org_id', 'commons_name'])
    .execute();

  await db.schema
    .createTable('monitor_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createIndex('monitor_incidents_commons')
    .on('monitor_incidents')
    .columns(['commons_id', 'id'])
    .execute();
  await db.schema
    .createIndex('monitor_incidents_org')
    .on('monitor_incidents')
    .columns(['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('monitor_health_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('commons_name', 'text', (c) => c.notNull())
    .addColumn('service', 'text')
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

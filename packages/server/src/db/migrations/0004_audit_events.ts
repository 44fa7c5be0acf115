// The audit log. On PostgreSQL a trigger makes rows immutable: no UPDATE ever, and DELETE only of rows
// older than the retention floor (so retention can prune, but the application cannot rewrite history).
import { type Kysely, sql } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('request_id', 'text')
    .addColumn('source_ip', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_org_time')
    .on('audit_events')
    .columns(['org_id', 'time'])
    .execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').column('action').execute();

  await db.schema
    .createTable('audit_anchor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('pruned_at', 'text', (c) => c.notNull())
    .execute();

  const dialect = (db.getExecutor().adapter.constructor.name ?? '').toLowerCase();
  if (dialect.includes('postgres')) {
    await sql`
      CREATE FUNCTION csoc_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'audit events are append-only: TRUNCATE is not allowed';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'audit events are append-only: UPDATE is not allowed';
        END IF;
        IF TG_OP = 'DELETE' AND OLD.time::timestamptz > now() - interval '30 days' THEN
          RAISE EXCEPTION 'audit events younger than 30 days cannot be deleted';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION csoc_audit_immutable()`.execute(db);
    await sql`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION csoc_audit_immutable()`.execute(db);
  }
}

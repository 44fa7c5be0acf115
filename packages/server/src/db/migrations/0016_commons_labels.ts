// Commons labels as rows (commons/): one per key, indexed by key and value, so a label selector
// (env=prod,tier in (large,xl)) selects commons in SQL on both dialects instead of parsing JSON per row.
// The JSON column commons.labels stays the document's copy; both are written in one transaction.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('commons_labels')
    .addColumn('commons_id', 'text', (c) => c.notNull().references('commons.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('commons_labels_pk', ['commons_id', 'key'])
    .execute();
  await db.schema
    .createIndex('commons_labels_key_value')
    .on('commons_labels')
    .columns(['key', 'value'])
    .execute();

  // Labels written before this migration, copied from each commons' JSON.
  const rows = await sql<{ id: string; labels: string }>`select id, labels from commons`.execute(db);
  for (const row of rows.rows) {
    const labels = JSON.parse(row.labels) as Record<string, string>;
    for (const [key, value] of Object.entries(labels))
      await sql`insert into commons_labels (commons_id, key, value) values (${row.id}, ${key}, ${String(value)})`.execute(
        db,
      );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('commons_labels').execute();
}

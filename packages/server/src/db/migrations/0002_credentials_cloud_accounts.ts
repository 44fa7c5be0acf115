// Cloud accounts of the credentials vault: public fields in clear, secret fields sealed (envelope
// encryption, base64 text columns so the same migration serves SQLite and PostgreSQL).
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cloud_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_fields', 'text', (c) => c.notNull())
    .addColumn('secret_fields', 'text', (c) => c.notNull())
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('secret_iv', 'text', (c) => c.notNull())
    .addColumn('secret_tag', 'text', (c) => c.notNull())
    .addColumn('secret_wrapped_key', 'text', (c) => c.notNull())
    .addColumn('secret_key_id', 'text', (c) => c.notNull())
    .addColumn('secret_fingerprint', 'text', (c) => c.notNull())
    .addColumn('secrets_rotated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('cloud_accounts_org_name', ['org_id', 'name'])
    .execute();
  // Master key rotation scans for data keys still wrapped by an old key.
  await db.schema
    .createIndex('cloud_accounts_secret_key_id')
    .on('cloud_accounts')
    .column('secret_key_id')
    .execute();
}

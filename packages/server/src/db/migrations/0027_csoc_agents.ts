// csoc-agent (agents/, ADR 0065): one-use join tokens (only their hash), the enrolled agents of each
// commons with their public key, revocation, and the current short-lived credential (only its hash).
import type { Kysely } from 'kysely';

export const compatibility = 'expand';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_join_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by_agent_id', 'text')
    .execute();
  await db.schema
    .createTable('agents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('commons_id', 'text', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'text')
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('last_seen_at', 'text')
    // Replay guard: a signed credential request must carry a later iat (ms) than the last one accepted.
    .addColumn('last_credential_iat', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('credential_hash', 'text')
    .addColumn('credential_expires_at', 'text')
    .execute();
  await db.schema.createIndex('agents_commons').on('agents').columns(['commons_id', 'status']).execute();
  await db.schema.createIndex('agents_credential').on('agents').column('credential_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agents').execute();
  await db.schema.dropTable('agent_join_tokens').execute();
}

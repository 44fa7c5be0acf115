// API tokens for machines and the CLI: random, shown once, stored as sha256, scoped to one org and a role.
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { OrgRole } from '@csoc/common/access';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import type { ApiTokensTable, UsersTable } from './identityTables.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';

export const TOKEN_PREFIX = 'csoc_';

export async function createApiToken(
  db: Kysely<Database>,
  options: { userId: string; orgId: string; role: OrgRole; name: string; expiresAt: string | null },
): Promise<{ token: string; row: ApiTokensTable }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row: ApiTokensTable = {
    id: newId(),
    user_id: options.userId,
    org_id: options.orgId,
    role: options.role,
    name: options.name,
    token_hash: sha256Hex(token),
    token_prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    expires_at: options.expiresAt,
    last_used_at: null,
    revoked_at: null,
    created_at: nowIso(),
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, row };
}

/** The live token (not revoked, not expired, user enabled) for a presented value, recording its use. */
export async function findActiveToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ token: ApiTokensTable; user: UsersTable } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  const now = nowIso();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
  if (!user || user.disabled) return undefined;
  // Last use is recorded at minute precision to avoid a write on every request.
  if (!row.last_used_at || Date.parse(row.last_used_at) < Date.now() - 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { token: row, user };
}

/**
 * Revokes every live API token of a user, or only those made for `orgId` (the membership ended); returns
 * how many.
 */
export async function revokeUserApiTokens(
  db: Kysely<Database>,
  userId: string,
  options: { orgId?: string; now?: string } = {},
): Promise<number> {
  let query = db
    .updateTable('api_tokens')
    .set({ revoked_at: options.now ?? nowIso() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (options.orgId) query = query.where('org_id', '=', options.orgId);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

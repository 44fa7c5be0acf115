// Per-org GitOps read tokens: what Argo CD (or the simulator) presents to pull an org's GitOps repository
// over CSOC's smart HTTP. Shown once, stored as a SHA-256 hash, valid for that org's repository only.
import { newId } from '@csoc/common';
import crypto, { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/schema.ts';
import { sha256Hex } from '../../crypto/sha256Hex.ts';

const TOKEN_PREFIX = 'csoc_git_';

export async function createGitopsReadToken(
  db: Kysely<Database>,
  orgId: string,
  name: string,
  createdBy: string,
  options: { replaceSameName?: boolean } = {},
) {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const row = {
    id: newId(),
    org_id: orgId,
    name,
    token_hash: sha256Hex(token),
    created_by: createdBy,
    created_at: nowIso(),
    last_used_at: null,
  };
  await db.transaction().execute(async (trx) => {
    if (options.replaceSameName)
      await trx
        .deleteFrom('gitops_read_tokens')
        .where('org_id', '=', orgId)
        .where('name', '=', name)
        .execute();
    await trx.insertInto('gitops_read_tokens').values(row).execute();
  });
  return { row, token };
}

/** The org a read token belongs to when it is valid for `orgSlug`'s repository; undefined otherwise. */
export async function verifyGitopsReadToken(
  db: Kysely<Database>,
  orgSlug: string,
  token: string,
): Promise<{ orgId: string; tokenId: string } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const hash = sha256Hex(token);
  const row = await db
    .selectFrom('gitops_read_tokens')
    .innerJoin('orgs', 'orgs.id', 'gitops_read_tokens.org_id')
    .select([
      'gitops_read_tokens.id as id',
      'gitops_read_tokens.org_id as orgId',
      'gitops_read_tokens.token_hash as hash',
      'gitops_read_tokens.last_used_at as lastUsedAt',
    ])
    .where('gitops_read_tokens.token_hash', '=', hash)
    .where('orgs.slug', '=', orgSlug)
    .executeTakeFirst();
  if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return undefined;
  // Record use at most once a minute: Argo CD polls often.
  const now = nowIso();
  if (!row.lastUsedAt || Date.parse(now) - Date.parse(row.lastUsedAt) > 60_000)
    await db.updateTable('gitops_read_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return { orgId: row.orgId, tokenId: row.id };
}

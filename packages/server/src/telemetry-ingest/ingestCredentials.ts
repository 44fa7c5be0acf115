// The per-commons OTLP ingest credential: a random bearer token CSOC generates, shows once and keeps
// only as a sha256 hash. One per commons: issuing again rotates it (the old token stops at once); revoking
// deletes it. The telemetry agent of the commons sends it as `Authorization: Bearer csoc_otlp_...`.
import { newId } from '@csoc/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { AuthenticationError } from '../errors.ts';

export const INGEST_TOKEN_PREFIX = 'csoc_otlp_';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedIngestCredential {
  id: string;
  /** The token itself: returned once, never stored or shown again. */
  token: string;
  createdAt: string;
  rotated: boolean;
}

/** Creates the commons' credential, or replaces it (rotation): the previous token stops working. */
export async function issueIngestCredential(
  db: Kysely<Database>,
  target: { orgId: string; commonsId: string },
  createdBy: string,
): Promise<IssuedIngestCredential> {
  const token = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = {
    id: newId(),
    org_id: target.orgId,
    commons_id: target.commonsId,
    token_hash: hashOf(token),
    created_by: createdBy,
    created_at: nowIso(),
  };
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('telemetry_ingest_credentials')
      .where('commons_id', '=', target.commonsId)
      .executeTakeFirst();
    await trx.insertInto('telemetry_ingest_credentials').values(row).execute();
    return { id: row.id, token, createdAt: row.created_at, rotated: Number(removed.numDeletedRows) > 0 };
  });
}

/** Deletes the commons' credential; false when it had none. */
export async function revokeIngestCredential(db: Kysely<Database>, commonsId: string): Promise<boolean> {
  const removed = await db
    .deleteFrom('telemetry_ingest_credentials')
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/**
 * Deletes the commons' credential only if it is still `credentialId` (not rotated meanwhile): a delivery
 * that failed takes back only what it issued. False when it was not (or no longer) the current one.
 */
export async function revokeIngestCredentialIfCurrent(
  db: Kysely<Database>,
  commonsId: string,
  credentialId: string,
): Promise<boolean> {
  const removed = await db
    .deleteFrom('telemetry_ingest_credentials')
    .where('commons_id', '=', commonsId)
    .where('id', '=', credentialId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

export async function ingestCredentialOf(db: Kysely<Database>, commonsId: string) {
  return db
    .selectFrom('telemetry_ingest_credentials')
    .select(['id', 'created_at', 'created_by'])
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
}

/** The org and commons a bearer token belongs to; AuthenticationError (401) otherwise, saying what to send. */
export async function authenticateIngestToken(
  db: Kysely<Database>,
  authorization: string | undefined,
): Promise<{ orgId: string; commonsId: string }> {
  const match = /^bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match)
    throw new AuthenticationError(
      'OTLP ingest needs the commons ingest credential as Authorization: Bearer csoc_otlp_...; an operator issues it with POST /api/v1/orgs/:org/commons/:commons/telemetry/credential.',
      'missing_ingest_credential',
    );
  const token = match[1]!;
  const row = token.startsWith(INGEST_TOKEN_PREFIX)
    ? await db
        .selectFrom('telemetry_ingest_credentials')
        .select(['org_id', 'commons_id'])
        .where('token_hash', '=', hashOf(token))
        .executeTakeFirst()
    : undefined;
  if (!row)
    throw new AuthenticationError(
      'The ingest credential is not valid (unknown, rotated or revoked); send the commons\u2019 current credential.',
      'invalid_ingest_credential',
    );
  return { orgId: row.org_id, commonsId: row.commons_id };
}

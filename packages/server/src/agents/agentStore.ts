// The agents area's records: join tokens (one use, 24 h, hash only), enrolled agents bound to one org and
// one commons, their short-lived credential (hash only) and revocation. Other areas call these functions;
// none reads the tables.
import { newId } from '@csoc/common';
import {
  AGENT_CREDENTIAL_PREFIX,
  AGENT_CREDENTIAL_TTL_SECONDS,
  JOIN_TOKEN_PREFIX,
  JOIN_TOKEN_TTL_SECONDS,
  credentialRequestPayload,
  type AgentCredentialRequest,
} from '@csoc/common/agent-protocol';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { nowIso, type Database } from '../db/schema.ts';
import { AuthenticationError, InputError } from '../errors.ts';
import type { AgentsTable } from './agentTables.ts';

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
/** How far a credential request's iat may be from CSOC's clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface AgentBinding {
  agentId: string;
  orgId: string;
  commonsId: string;
  /** When the credential the connection was opened with expires; the hub closes the socket then. */
  credentialExpiresAt?: string;
}

export interface IssuedJoinToken {
  id: string;
  /** Shown once, never stored. */
  token: string;
  expiresAt: string;
}

export async function createJoinToken(
  db: Kysely<Database>,
  target: { orgId: string; commonsId: string },
  createdBy: string,
  now = new Date(),
): Promise<IssuedJoinToken> {
  const token = `${JOIN_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = {
    id: newId(),
    org_id: target.orgId,
    commons_id: target.commonsId,
    token_hash: hashOf(token),
    created_by: createdBy,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + JOIN_TOKEN_TTL_SECONDS * 1000).toISOString(),
    used_at: null,
    used_by_agent_id: null,
  };
  await db.insertInto('agent_join_tokens').values(row).execute();
  return { id: row.id, token, expiresAt: row.expires_at };
}

export interface EnrolledAgent extends AgentBinding {
  /** Agents of the same commons this enrolment replaced (revoked): their connections must close. */
  replacedAgentIds: string[];
}

/**
 * Burns the join token and records the agent with its public key. A commons has one active agent: an
 * earlier one is revoked. AuthenticationError when the token is unknown, used or expired.
 */
export async function enrolAgent(
  db: Kysely<Database>,
  input: { joinToken: string; publicKeyPem: string; version?: string },
  now = new Date(),
): Promise<EnrolledAgent> {
  try {
    const key = createPublicKey(input.publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
  } catch {
    throw new InputError(
      'publicKeyPem is not an Ed25519 public key in SPKI PEM; send the one the agent generated.',
      [{ field: 'body.publicKeyPem', message: 'must be an Ed25519 public key (SPKI PEM)' }],
    );
  }
  return db.transaction().execute(async (trx) => {
    const token = await trx
      .selectFrom('agent_join_tokens')
      .selectAll()
      .where('token_hash', '=', hashOf(input.joinToken))
      .executeTakeFirst();
    if (!token || token.used_at !== null || token.expires_at <= now.toISOString())
      throw new AuthenticationError(
        'The join token is unknown, already used or expired; an org admin creates a new one with POST /api/v1/orgs/{org}/commons/{commons}/agent/join-token.',
        'invalid_join_token',
      );
    const agentId = newId();
    // Only the first of two racing enrolments burns the token.
    const burned = await trx
      .updateTable('agent_join_tokens')
      .set({ used_at: now.toISOString(), used_by_agent_id: agentId })
      .where('id', '=', token.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(burned.numUpdatedRows) !== 1)
      throw new AuthenticationError(
        'The join token was used by another enrolment just now.',
        'invalid_join_token',
      );
    const replaced = await trx
      .selectFrom('agents')
      .select('id')
      .where('commons_id', '=', token.commons_id)
      .where('status', '=', 'active')
      .execute();
    if (replaced.length > 0)
      await trx
        .updateTable('agents')
        .set({
          status: 'revoked',
          revoked_at: now.toISOString(),
          revoked_by: `replaced by agent ${agentId}`,
          credential_hash: null,
        })
        .where(
          'id',
          'in',
          replaced.map((row) => row.id),
        )
        .execute();
    await trx
      .insertInto('agents')
      .values({
        id: agentId,
        org_id: token.org_id,
        commons_id: token.commons_id,
        public_key_pem: input.publicKeyPem,
        status: 'active',
        version: input.version ?? null,
        enrolled_at: now.toISOString(),
        revoked_at: null,
        revoked_by: null,
        last_seen_at: null,
        last_credential_iat: 0,
        credential_hash: null,
        credential_expires_at: null,
      })
      .execute();
    return {
      agentId,
      orgId: token.org_id,
      commonsId: token.commons_id,
      replacedAgentIds: replaced.map((row) => row.id),
    };
  });
}

/**
 * Verifies a signed credential request and issues a new short-lived credential (the previous one stops
 * working: an agent uses only its newest). Refuses revoked agents, bad signatures, stale or replayed iats.
 */
export async function issueAgentCredential(
  db: Kysely<Database>,
  request: AgentCredentialRequest,
  now = new Date(),
): Promise<{ credential: string; expiresAt: string; binding: AgentBinding }> {
  const refuse = (why: string) =>
    new AuthenticationError(`The credential request was refused: ${why}.`, 'invalid_agent_signature');
  const agent = await db
    .selectFrom('agents')
    .selectAll()
    .where('id', '=', request.agentId)
    .executeTakeFirst();
  if (!agent) throw refuse('no agent has this id; enrol again with a new join token');
  if (agent.status === 'revoked')
    throw new AuthenticationError(
      'This agent was revoked; an org admin creates a new join token for the commons and the agent enrols again.',
      'agent_revoked',
    );
  const signed = verify(
    null,
    Buffer.from(credentialRequestPayload(request.agentId, request.iat, request.nonce)),
    createPublicKey(agent.public_key_pem),
    Buffer.from(request.signature, 'base64url'),
  );
  if (!signed) throw refuse('the signature does not match the enrolled public key');
  if (Math.abs(request.iat - now.getTime()) > CLOCK_SKEW_MS)
    throw refuse('iat is more than 5 minutes from CSOC\u2019s clock; check the cluster\u2019s time');
  const credential = `${AGENT_CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + AGENT_CREDENTIAL_TTL_SECONDS * 1000).toISOString();
  // The iat must move forward: a captured request cannot be replayed for a second credential.
  const updated = await db
    .updateTable('agents')
    .set({
      credential_hash: hashOf(credential),
      credential_expires_at: expiresAt,
      last_credential_iat: request.iat,
    })
    .where('id', '=', agent.id)
    .where('status', '=', 'active')
    .where('last_credential_iat', '<', request.iat)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    throw refuse('iat is not later than the previous request (a replay?)');
  return {
    credential,
    expiresAt,
    binding: { agentId: agent.id, orgId: agent.org_id, commonsId: agent.commons_id },
  };
}

/** The agent a bearer credential belongs to, if it is current and the agent active; 401 otherwise. */
export async function authenticateAgentCredential(
  db: Kysely<Database>,
  authorization: string | undefined,
  now = new Date(),
): Promise<AgentBinding & { credentialExpiresAt: string }> {
  const match = /^bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  const credential = match?.[1];
  const row =
    credential && credential.startsWith(AGENT_CREDENTIAL_PREFIX)
      ? await db
          .selectFrom('agents')
          .select(['id', 'org_id', 'commons_id', 'status', 'credential_expires_at'])
          .where('credential_hash', '=', hashOf(credential))
          .executeTakeFirst()
      : undefined;
  if (
    !row ||
    row.status !== 'active' ||
    !row.credential_expires_at ||
    row.credential_expires_at <= now.toISOString()
  )
    throw new AuthenticationError(
      'The agent credential is missing, expired, replaced or revoked; sign a new credential request.',
      'invalid_agent_credential',
    );
  return {
    agentId: row.id,
    orgId: row.org_id,
    commonsId: row.commons_id,
    credentialExpiresAt: row.credential_expires_at,
  };
}

/** Revokes the commons' active agent; the ids revoked (empty when it had none). */
export async function revokeAgentsOfCommons(
  db: Kysely<Database>,
  commonsId: string,
  revokedBy: string,
): Promise<string[]> {
  const active = await db
    .selectFrom('agents')
    .select('id')
    .where('commons_id', '=', commonsId)
    .where('status', '=', 'active')
    .execute();
  if (active.length === 0) return [];
  await db
    .updateTable('agents')
    .set({ status: 'revoked', revoked_at: nowIso(), revoked_by: revokedBy, credential_hash: null })
    .where(
      'id',
      'in',
      active.map((row) => row.id),
    )
    .execute();
  return active.map((row) => row.id);
}

/** Ids per `in (…)` query: PostgreSQL allows 65,535 bind parameters, SQLite 32,766; 500 stays far below. */
export const REVOCATION_BATCH_SIZE = 500;

/** Of these agent ids, the ones revoked (a replica polls this to cut off agents revoked elsewhere). */
export async function revokedAmong(db: Kysely<Database>, agentIds: string[]): Promise<string[]> {
  const revoked: string[] = [];
  for (let start = 0; start < agentIds.length; start += REVOCATION_BATCH_SIZE) {
    const rows = await db
      .selectFrom('agents')
      .select('id')
      .where('id', 'in', agentIds.slice(start, start + REVOCATION_BATCH_SIZE))
      .where('status', '=', 'revoked')
      .execute();
    for (const row of rows) revoked.push(row.id);
  }
  return revoked;
}

/** Records (or renews) this replica's internal URL; other replicas forward agent requests to it. */
export async function recordReplica(
  db: Kysely<Database>,
  replica: { id: string; url: string },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('csoc_replicas')
    .values({ id: replica.id, url: replica.url, started_at: now, seen_at: now })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ url: replica.url, seen_at: now }))
    .execute();
}

/** A replica stopping: its row and the connection rows it held go (its sockets are closed). */
export async function forgetReplica(db: Kysely<Database>, replicaId: string): Promise<void> {
  await db.deleteFrom('agent_connections').where('replica_id', '=', replicaId).execute();
  await db.deleteFrom('csoc_replicas').where('id', '=', replicaId).execute();
}

/**
 * Records that this replica holds the agent's connection now; returns the connection's epoch (one more
 * than the agent's previous connection on any replica).
 */
export async function recordAgentConnection(
  db: Kysely<Database>,
  binding: AgentBinding,
  replicaId: string,
): Promise<number> {
  const row = await db
    .insertInto('agent_connections')
    .values({
      agent_id: binding.agentId,
      commons_id: binding.commonsId,
      replica_id: replicaId,
      epoch: 1,
      connected_at: nowIso(),
    })
    .onConflict((conflict) =>
      conflict.column('agent_id').doUpdateSet((update) => ({
        replica_id: replicaId,
        connected_at: nowIso(),
        epoch: sql<number>`${update.ref('agent_connections.epoch')} + 1`,
      })),
    )
    .returning('epoch')
    .executeTakeFirstOrThrow();
  return Number(row.epoch);
}

/** The connection closed: its row goes unless a newer connection (another epoch) replaced it meanwhile. */
export async function forgetAgentConnection(
  db: Kysely<Database>,
  agentId: string,
  replicaId: string,
  epoch: number,
): Promise<void> {
  await db
    .deleteFrom('agent_connections')
    .where('agent_id', '=', agentId)
    .where('replica_id', '=', replicaId)
    .where('epoch', '=', epoch)
    .execute();
}

export interface AgentConnectionOwner {
  agentId: string;
  orgId: string;
  replicaId: string;
  epoch: number;
  /** Undefined when the replica row is gone (it stopped). */
  url: string | undefined;
  replicaSeenAt: string | undefined;
}

/** Which replica holds the connection of the commons' active agent, if any replica does. */
export async function connectionOwnerOf(
  db: Kysely<Database>,
  commonsId: string,
): Promise<AgentConnectionOwner | undefined> {
  const row = await db
    .selectFrom('agent_connections')
    .innerJoin('agents', 'agents.id', 'agent_connections.agent_id')
    .leftJoin('csoc_replicas', 'csoc_replicas.id', 'agent_connections.replica_id')
    .select([
      'agent_connections.agent_id',
      'agents.org_id',
      'agent_connections.replica_id',
      'agent_connections.epoch',
      'csoc_replicas.url',
      'csoc_replicas.seen_at',
    ])
    .where('agent_connections.commons_id', '=', commonsId)
    .where('agents.status', '=', 'active')
    .orderBy('agent_connections.connected_at', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    agentId: row.agent_id,
    orgId: row.org_id,
    replicaId: row.replica_id,
    epoch: Number(row.epoch),
    url: row.url ?? undefined,
    replicaSeenAt: row.seen_at ?? undefined,
  };
}

export async function markAgentSeen(db: Kysely<Database>, agentId: string, version?: string): Promise<void> {
  await db
    .updateTable('agents')
    .set(version ? { last_seen_at: nowIso(), version } : { last_seen_at: nowIso() })
    .where('id', '=', agentId)
    .execute();
}

/** The commons' current agent: the active one, else the latest revoked; undefined before any enrolment. */
export async function agentOfCommons(
  db: Kysely<Database>,
  commonsId: string,
): Promise<
  Pick<AgentsTable, 'id' | 'status' | 'version' | 'enrolled_at' | 'revoked_at' | 'last_seen_at'> | undefined
> {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'status', 'version', 'enrolled_at', 'revoked_at', 'last_seen_at'])
    .where('commons_id', '=', commonsId)
    .orderBy('enrolled_at', 'desc')
    .execute();
  return rows.find((row) => row.status === 'active') ?? rows[0];
}

/**
 * The newest unused, unexpired join token of the commons (undefined when none): a
 * deploy's delivery does not issue another while one may still be on its way to the agent.
 */
export async function pendingJoinTokenOf(
  db: Kysely<Database>,
  commonsId: string,
  now = new Date(),
): Promise<{ id: string; created_at: string; expires_at: string } | undefined> {
  return db
    .selectFrom('agent_join_tokens')
    .select(['id', 'created_at', 'expires_at'])
    .where('commons_id', '=', commonsId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/**
 * Makes a join token that never reached the secret manager unusable (it expires now), so nobody holds a
 * token CSOC would still accept and the next deploy issues a new one. False when it was used or is gone.
 */
export async function withdrawJoinTokenIfUnused(
  db: Kysely<Database>,
  commonsId: string,
  tokenId: string,
): Promise<boolean> {
  const withdrawn = await db
    .updateTable('agent_join_tokens')
    .set({ expires_at: nowIso() })
    .where('commons_id', '=', commonsId)
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(withdrawn.numUpdatedRows) > 0;
}

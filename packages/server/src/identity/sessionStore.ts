// Server-side browser sessions: the cookie holds a random token; the database holds only its sha256,
// so a stolen database cannot be replayed as cookies, and every session can be listed and revoked.
import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';
import type { SessionsTable, UsersTable } from './identityTables.ts';
import { createSessionCache } from './sessionCache.ts';

export const SESSION_COOKIE = 'csoc_session';
export const CSRF_COOKIE = 'csoc_csrf';

export interface NewSession {
  /** The cookie value; shown once, never stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  db: Kysely<Database>,
  userId: string,
  ttlHours: number,
  client: { ip?: string; userAgent?: string },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: sha256Hex(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      revoked_at: null,
      source_ip: client.ip ?? null,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  session: SessionsTable;
  user: UsersTable;
}

/** Live sessions verified in the last moments (sessionCache.ts, ADR 0051); keys are the stored ids. */
const verifiedSessions = createSessionCache<ActiveSession>();

/**
 * Forgets every recently verified session, so the next request of each reads its session and user again.
 * Call after changing a session or a user row (revocation, disable, platform-admin flag, password) and,
 * when the change was in a transaction, again after it committed.
 */
export function forgetVerifiedSessions(): void {
  verifiedSessions.forgetAll();
}

/**
 * The stored id of a session: its cookie value's sha256 (what sha256Hex gives), computed in one call without
 * a Hash object, as every authenticated browser request asks for it (ADR 0075).
 */
export const sessionIdOf = (token: string): string => hash('sha256', token, 'hex');

/**
 * The live session of this id if this process verified it moments ago (never past its expiry), without a
 * promise: most authenticated requests end here. Undefined: ask readActiveSession.
 */
export function rememberedSession(sessionId: string): ActiveSession | undefined {
  return verifiedSessions.get(sessionId);
}

/** Reads the live (not expired, not revoked, user enabled) session of this id from the database. */
export async function readActiveSession(
  db: Kysely<Database>,
  sessionId: string,
): Promise<ActiveSession | undefined> {
  const readStartedAt = verifiedSessions.startRead();
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session || session.revoked_at || session.expires_at <= nowIso()) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  if (!user || user.disabled) return undefined;
  const active = { session, user };
  verifiedSessions.remember(sessionId, active, readStartedAt, Date.parse(session.expires_at));
  return active;
}

/** Finds the live (not expired, not revoked, user enabled) session for a cookie value. */
export async function findActiveSession(
  db: Kysely<Database>,
  token: string,
): Promise<ActiveSession | undefined> {
  const id = sessionIdOf(token);
  return rememberedSession(id) ?? readActiveSession(db, id);
}

/** Records that the session was just used (its row and the remembered copy). */
export async function touchSession(db: Kysely<Database>, session: SessionsTable): Promise<void> {
  const now = nowIso();
  // Noted first, so the requests that share the remembered copy meanwhile do not write it too.
  session.last_seen_at = now;
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', session.id).execute();
}

/**
 * Revokes every live session of a user (disabled, password changed, linked to single sign-on), except
 * `keep` (the caller's own); returns how many.
 */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  options: { keep?: string; now?: string } = {},
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: options.now ?? nowIso() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (options.keep) query = query.where('id', '!=', options.keep);
  forgetVerifiedSessions();
  const revoked = Number((await query.executeTakeFirst()).numUpdatedRows);
  forgetVerifiedSessions();
  return revoked;
}

export async function revokeSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: nowIso() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
  forgetVerifiedSessions();
}

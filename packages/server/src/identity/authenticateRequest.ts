// The authentication gate: every route that is not public needs a live session cookie (and, for a
// mutation, the matching x-csrf-token header). Runs before the body is parsed, so an anonymous caller
// learns nothing about a route's input.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/appContext.ts';
import { AuthenticationError, ForbiddenError } from '../errors.ts';
import { findActiveSession, SESSION_COOKIE, touchSession } from './sessionStore.ts';
import './principal.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requiresAuthentication(request: FastifyRequest): boolean {
  const action = request.routeOptions.config?.action;
  // Unknown routes (no routeOptions.url) fall through to the 404 handler.
  return Boolean(request.routeOptions.url) && action !== 'public';
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function installAuthentication(app: FastifyInstance, context: AppContext): void {
  app.addHook('onRequest', async (request) => {
    if (!requiresAuthentication(request)) return;
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) {
      throw new AuthenticationError('Sign in first: POST /api/v1/session with your email and password.');
    }
    const active = await findActiveSession(context.database.db, cookie);
    if (!active)
      throw new AuthenticationError(
        'Your session has expired or was revoked; sign in again.',
        'session_expired',
      );
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, active.session.csrf_token)) {
        throw new ForbiddenError(
          'This change needs the x-csrf-token header from your sign-in (the csoc_csrf cookie); reload the page or sign in again.',
          'csrf_token_missing',
        );
      }
    }
    request.principal = {
      kind: 'user',
      userId: active.user.id,
      email: active.user.email,
      displayName: active.user.display_name,
      isPlatformAdmin: active.user.is_platform_admin === 1,
      via: 'session',
      sessionId: active.session.id,
      csrfToken: active.session.csrf_token,
    };
    // Refresh last-seen at most once a minute per session, to keep reads read-only in the common case.
    if (Date.parse(active.session.last_seen_at) < Date.now() - 60_000)
      await touchSession(context.database.db, active.session.id);
  });
}

/** The principal of an authenticated route; routes behind the gate can rely on it. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new AuthenticationError('Sign in first.');
  return request.principal;
}

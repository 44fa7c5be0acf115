// The authentication gate: every route that is not public needs a live session cookie (and, for a
// mutation, the matching x-csrf-token header) or an API token in `Authorization: Bearer`. Runs before
// the body is parsed, so an anonymous caller learns nothing about a route's input.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/appContext.ts';
import { AuthenticationError, ForbiddenError } from '../errors.ts';
import {
  type ActiveSession,
  readActiveSession,
  rememberedSession,
  SESSION_COOKIE,
  sessionIdOf,
  touchSession,
} from './sessionStore.ts';
import { findActiveToken, TOKEN_PREFIX } from './apiTokens.ts';
import { isKnownAction, policy } from '@csoc/common/access';
import './principal.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requiresAuthentication(request: FastifyRequest): boolean {
  // Read once: Fastify builds a new routeOptions object on every access.
  const route = request.routeOptions;
  const action = route.config?.action;
  // Unknown routes (no routeOptions.url) fall through to the 404 handler.
  if (!route.url || action === undefined) return Boolean(route.url);
  return !(isKnownAction(action) && policy[action].scope === 'public');
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function authenticateBearer(
  context: AppContext,
  request: FastifyRequest,
  header: string,
): Promise<void> {
  const token = header.slice('bearer '.length).trim();
  if (!token.startsWith(TOKEN_PREFIX))
    throw new AuthenticationError('The bearer token is not a CSOC API token.', 'invalid_token');
  const active = await findActiveToken(context.database.db, token);
  if (!active) {
    throw new AuthenticationError(
      'The API token is unknown, expired or revoked; create a new one.',
      'invalid_token',
    );
  }
  request.principal = {
    userId: active.user.id,
    email: active.user.email,
    displayName: active.user.display_name,
    // A token acts only inside its org, never with platform powers.
    isPlatformAdmin: false,
    via: 'token',
    token: {
      id: active.token.id,
      name: active.token.name,
      orgId: active.token.org_id,
      role: active.token.role,
    },
  };
}

/**
 * Admits a session cookie. Returns a promise only when it must read or write the database: a session
 * this process verified moments ago is admitted at once (ADR 0051).
 */
function authenticateSession(
  context: AppContext,
  request: FastifyRequest,
  cookie: string,
): Promise<void> | undefined {
  const sessionId = sessionIdOf(cookie);
  const remembered = rememberedSession(sessionId);
  if (remembered) return admitSession(context, request, remembered);
  return readActiveSession(context.database.db, sessionId).then((active) =>
    admitSession(context, request, active),
  );
}

function admitSession(
  context: AppContext,
  request: FastifyRequest,
  active: ActiveSession | undefined,
): Promise<void> | undefined {
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
    return touchSession(context.database.db, active.session);
  return undefined;
}

/** Authenticates a request; returns a promise only when it must wait for the database. */
function authenticate(context: AppContext, request: FastifyRequest): Promise<void> | undefined {
  const required = requiresAuthentication(request);
  // Accepting an invitation works signed in (joins as yourself) or not (creates the account).
  if (!required && request.routeOptions.config?.action !== 'invitation.accept') return undefined;
  const authorization = request.headers.authorization;
  const cookie = request.cookies[SESSION_COOKIE];
  if (authorization && /^bearer /i.test(authorization))
    return authenticateBearer(context, request, authorization);
  if (cookie) return authenticateSession(context, request, cookie);
  if (required) {
    throw new AuthenticationError(
      'Sign in first (POST /api/v1/session) or send an API token as Authorization: Bearer.',
    );
  }
  return undefined;
}

/** Reads the caller's credentials when present; on protected routes, missing or bad ones are a 401. */
export function installAuthentication(app: FastifyInstance, context: AppContext): void {
  // A callback hook: a remembered session is admitted without a promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    let pending: Promise<void> | undefined;
    try {
      pending = authenticate(context, request);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending) pending.then(() => done(), done);
    else done();
  });
}

/** The principal of an authenticated route; routes behind the gate can rely on it. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new AuthenticationError('Sign in first.');
  return request.principal;
}

// Sign in and out with a local account: POST/GET/DELETE /api/v1/session. Repeated failures slow down
// (a growing delay) and then lock the account for a while (accountLockout.ts), for emails with and
// without an account alike; each attempt is audited; the route is also rate limited per source address.
import { CurrentUser, LoginRequest, SessionResponse } from '@csoc/common';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { nowIso } from '../db/schema.ts';
import { AuthenticationError, InputError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { answerWrongPassword, forgetPasswordFailures, takePasswordAttempt } from './accountLockout.ts';
import { principalOf } from './authenticateRequest.ts';
import type { UsersTable } from './identityTables.ts';
import { verifyAgainstDummy, verifyPassword, warmDummyHash } from './passwords.ts';
import { createSession, CSRF_COOKIE, revokeSession, SESSION_COOKIE } from './sessionStore.ts';

export function toCurrentUser(user: UsersTable) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    isPlatformAdmin: user.is_platform_admin === 1,
  };
}

export function setSessionCookies(
  app: CsocApp,
  reply: FastifyReply,
  token: string,
  csrfToken: string,
  expiresAt: string,
) {
  const secure = app.context.publicUrl.startsWith('https:');
  const expires = new Date(expiresAt);
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires,
  });
  void reply.setCookie(CSRF_COOKIE, csrfToken, {
    path: '/',
    httpOnly: false,
    sameSite: 'strict',
    secure,
    expires,
  });
}

export function registerSessionRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  // The first sign-in for an unknown email must not pay for hashing the dummy password.
  void warmDummyHash();

  app.post(
    '/api/v1/session',
    {
      config: {
        action: 'public',
        rateLimit: { max: context.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['session'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginRequest,
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      request.auditNote = { target: `users/${email}`, actorLabel: email, summary: { email } };
      if (context.ssoOnly) {
        throw new InputError(
          'Password sign-in is turned off; use single sign-on (GET /api/v1/session/oidc/login).',
          undefined,
          'sso_only',
        );
      }
      // Counted before anything is looked up or verified: the same for every email, and atomic.
      const attempt = await takePasswordAttempt(context.database, email);
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (user) request.auditNote.actorId = user.id;
      const verified =
        user?.password_hash && !user.disabled
          ? await verifyPassword(user.password_hash, request.body.password)
          : await verifyAgainstDummy(request.body.password);
      if (!user || !verified) {
        await answerWrongPassword(attempt);
        throw new AuthenticationError('The email or password is not correct.', 'invalid_credentials');
      }
      await forgetPasswordFailures(context.database, email);
      await db.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', user.id).execute();
      const session = await createSession(db, user.id, context.config.sessionTtlHours, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookies(app, reply, session.token, session.csrfToken, session.expiresAt);
      return { user: toCurrentUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { action: 'session.read' },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user, and the CSRF token for this session',
        response: {
          200: Type.Object({ user: CurrentUser, csrfToken: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', principal.userId)
        .executeTakeFirstOrThrow();
      return { user: toCurrentUser(user), csrfToken: principal.csrfToken ?? null };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { action: 'session.delete' },
      schema: {
        tags: ['session'],
        summary: 'Sign out: revokes this session',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.sessionId) await revokeSession(db, principal.sessionId);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}

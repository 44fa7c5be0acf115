// Sign in and out with a local account: POST/GET/DELETE /api/v1/session.
import { CurrentUser, LoginRequest, SessionResponse } from '@csoc/common';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { CsocApp } from '../http/appContext.ts';
import { AuthenticationError, RateLimitedError } from '../errors.ts';
import { nowIso } from '../db/schema.ts';
import { principalOf } from './authenticateRequest.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { createSession, CSRF_COOKIE, revokeSession, SESSION_COOKIE } from './sessionStore.ts';
import type { UsersTable } from './identityTables.ts';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

function toCurrentUser(user: UsersTable) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    isPlatformAdmin: user.is_platform_admin === 1,
  };
}

export function registerSessionRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const secureCookies = context.publicUrl.startsWith('https:');

  function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, expiresAt: string) {
    const expires = new Date(expiresAt);
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      expires,
    });
    void reply.setCookie(CSRF_COOKIE, csrfToken, {
      path: '/',
      httpOnly: false,
      sameSite: 'strict',
      secure: secureCookies,
      expires,
    });
  }

  app.post(
    '/api/v1/session',
    {
      config: { action: 'public' },
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
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      const failure = () =>
        new AuthenticationError('The email or password is not correct.', 'invalid_credentials');
      if (!user || !user.password_hash || user.disabled) {
        await verifyAgainstDummy(request.body.password);
        throw failure();
      }
      if (user.locked_until && user.locked_until > nowIso()) {
        const seconds = Math.ceil((Date.parse(user.locked_until) - Date.now()) / 1000);
        throw new RateLimitedError(
          `Too many failed sign-ins for this account; try again in ${Math.ceil(seconds / 60)} minute(s) or ask an admin.`,
          seconds,
          'account_locked',
        );
      }
      if (!(await verifyPassword(user.password_hash, request.body.password))) {
        const failures = user.failed_logins + 1;
        await db
          .updateTable('users')
          .set({
            failed_logins: failures,
            locked_until:
              failures >= LOCK_AFTER_FAILURES
                ? new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString()
                : null,
          })
          .where('id', '=', user.id)
          .execute();
        throw failure();
      }
      await db
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, last_login_at: nowIso() })
        .where('id', '=', user.id)
        .execute();
      const session = await createSession(db, user.id, context.config.sessionTtlHours, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookies(reply, session.token, session.csrfToken, session.expiresAt);
      return { user: toCurrentUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { action: 'session.read' },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user and this session',
        response: { 200: Type.Object({ user: CurrentUser }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', principal.userId)
        .executeTakeFirstOrThrow();
      return { user: toCurrentUser(user) };
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

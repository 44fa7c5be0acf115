// Users (platform admins manage them) and the signed-in user's own profile, password and sessions.
// Disabling a user or changing a password revokes the user's API tokens (ADR 0014).
import {
  ChangePasswordRequest,
  CreateUserRequest,
  Page,
  PageQuery,
  Profile,
  SessionInfo,
  SessionParams,
  UpdateUserRequest,
  User,
  UserParams,
} from '@csoc/common';
import Type from 'typebox';
import type { OrgRole } from '@csoc/common/access';
import { nowIso } from '../db/schema.ts';
import { revokeUserApiTokens } from './apiTokens.ts';
import { forgetVerifiedSessions, revokeUserSessions } from './sessionStore.ts';
import { ConflictError, InputError, NotFoundError, PreconditionError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { principalOf } from './authenticateRequest.ts';
import { answerWrongPassword, forgetPasswordFailures, takePasswordAttempt } from './accountLockout.ts';
import type { UsersTable } from './identityTables.ts';
import { newUserRow } from './newUserRow.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export function toUser(row: UsersTable) {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isPlatformAdmin: row.is_platform_admin === 1,
    disabled: row.disabled === 1,
    sso: row.oidc_subject !== null,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    version: row.version,
  };
}

export function registerUserRoutes(app: CsocApp): void {
  const { database } = app.context;
  const db = database.db;

  async function findUser(userId: string): Promise<UsersTable> {
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('No user with that id.');
    return user;
  }

  app.get(
    '/api/v1/users',
    {
      config: { action: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'List users (platform admins)',
        querystring: PageQuery,
        response: { 200: Page(User) },
      },
    },
    async (request) => {
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('users')
        .selectAll()
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toUser);
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { action: 'user.write' },
      schema: {
        tags: ['users'],
        summary: 'Create a local user (platform admins)',
        body: CreateUserRequest,
        response: { 201: User },
      },
    },
    async (request, reply) => {
      if (app.context.ssoOnly)
        throw new InputError(
          'Local accounts are turned off (SSO-only mode); users sign in through the identity provider.',
          undefined,
          'sso_only',
        );
      const email = request.body.email.toLowerCase();
      const existing = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (existing)
        throw new ConflictError(`A user ${email} already exists.`, 'already_exists', [
          { field: 'body.email', message: 'is taken' },
        ]);
      const row = newUserRow({
        email,
        displayName: request.body.displayName,
        passwordHash: await hashPassword(request.body.password),
        isPlatformAdmin: request.body.isPlatformAdmin,
      });
      await db.insertInto('users').values(row).execute();
      request.auditNote = {
        target: `users/${email}`,
        summary: { email, isPlatformAdmin: row.is_platform_admin === 1 },
      };
      setEtag(reply, 1);
      return reply.status(201).send(toUser(row));
    },
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      config: { action: 'user.write' },
      schema: {
        tags: ['users'],
        summary: 'Rename, disable or (un)make platform admin (send If-Match)',
        params: UserParams,
        body: UpdateUserRequest,
        response: { 200: User },
      },
    },
    async (request, reply) => {
      const user = await findUser(request.params.userId);
      checkIfMatch(request, user.version);
      if (
        request.params.userId === request.principal!.userId &&
        (request.body.disabled || request.body.isPlatformAdmin === false)
      ) {
        throw new InputError(
          'You cannot disable yourself or drop your own platform-admin flag; ask another platform admin.',
          undefined,
          'self_lockout',
        );
      }
      const changes = {
        display_name: request.body.displayName ?? user.display_name,
        is_platform_admin:
          request.body.isPlatformAdmin === undefined
            ? user.is_platform_admin
            : request.body.isPlatformAdmin
              ? 1
              : 0,
        disabled: request.body.disabled === undefined ? user.disabled : request.body.disabled ? 1 : 0,
        updated_at: nowIso(),
        version: user.version + 1,
      };
      const result = await db
        .updateTable('users')
        .set(changes)
        .where('id', '=', user.id)
        .where('version', '=', user.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new PreconditionError('The user changed meanwhile; read it again and retry.');
      // Sessions carry the platform-admin flag and the name: the next request reads them again.
      forgetVerifiedSessions();
      if (changes.disabled) await revokeUserSessions(db, user.id);
      // A disabled user's tokens die with the account and stay dead when it is enabled again; the
      // re-enable sweep also catches tokens left live by a disable before this rule existed.
      const apiTokensRevoked = changes.disabled || user.disabled ? await revokeUserApiTokens(db, user.id) : 0;
      request.auditNote = {
        target: `users/${user.email}`,
        summary: { ...request.body, ...(apiTokensRevoked ? { apiTokensRevoked } : {}) },
      };
      setEtag(reply, changes.version);
      return toUser({ ...user, ...changes });
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { action: 'profile.read' },
      schema: { tags: ['profile'], summary: 'Your account and memberships', response: { 200: Profile } },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await findUser(principal.userId);
      let memberships = db
        .selectFrom('memberships')
        .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
        .select(['orgs.slug as orgSlug', 'orgs.name as orgName', 'memberships.role as role'])
        .where('memberships.user_id', '=', user.id)
        .orderBy('orgs.slug');
      if (principal.token) memberships = memberships.where('orgs.id', '=', principal.token.orgId);
      return {
        user: toUser(user),
        memberships: await memberships.execute(),
        mustChangePassword: user.must_change_password === 1,
        approverMinRole: app.context.config.approverMinRole as OrgRole,
      };
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: {
        action: 'profile.password',
        // Guessing the current password here is guessing a sign-in: the same limits apply.
        rateLimit: { max: app.context.config.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['profile'],
        summary: 'Change your password; signs out your other sessions and revokes your API tokens',
        body: ChangePasswordRequest,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const user = await findUser(principal.userId);
      if (app.context.ssoOnly)
        throw new InputError(
          'Passwords are turned off (SSO-only mode); change your password at the identity provider.',
          undefined,
          'sso_only',
        );
      if (!user.password_hash)
        throw new InputError(
          'Your account signs in through single sign-on and has no password here.',
          undefined,
          'sso_account',
        );
      const attempt = await takePasswordAttempt(database, user.email);
      if (!(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        await answerWrongPassword(attempt);
        throw new InputError(
          'The current password is not correct.',
          [{ field: 'body.currentPassword', message: 'is not correct' }],
          'invalid_credentials',
        );
      }
      if (request.body.newPassword === request.body.currentPassword) {
        throw new InputError('Choose a password different from the current one.', [
          { field: 'body.newPassword', message: 'equals the current password' },
        ]);
      }
      await forgetPasswordFailures(database, user.email);
      const now = nowIso();
      await db
        .updateTable('users')
        .set({
          password_hash: await hashPassword(request.body.newPassword),
          must_change_password: 0,
          updated_at: now,
          version: user.version + 1,
        })
        .where('id', '=', user.id)
        .execute();
      await revokeUserSessions(db, user.id, { keep: principal.sessionId, now });
      // Whoever knew the old password could have made tokens with it; they go with it.
      const apiTokensRevoked = await revokeUserApiTokens(db, user.id, { now });
      request.auditNote = {
        target: `users/${user.email}`,
        summary: { passwordChanged: true, apiTokensRevoked },
      };
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      config: { action: 'profile.sessions' },
      schema: {
        tags: ['profile'],
        summary: 'Your live browser sessions (not with an API token)',
        response: { 200: Type.Object({ items: Type.Array(SessionInfo) }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', principal.userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', nowIso())
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id.slice(0, 16),
          current: row.id === principal.sessionId,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
          sourceIp: row.source_ip,
          userAgent: row.user_agent,
        })),
      };
    },
  );

  app.delete(
    '/api/v1/me/sessions/:sessionId',
    {
      config: { action: 'profile.sessions' },
      schema: {
        tags: ['profile'],
        summary: 'Revoke one of your sessions (not with an API token)',
        params: SessionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: nowIso() })
        .where('user_id', '=', principal.userId)
        .where('id', 'like', `${request.params.sessionId}%`)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      forgetVerifiedSessions();
      if (Number(result.numUpdatedRows) < 1)
        throw new NotFoundError('No live session of yours with that id.');
      return reply.status(204).send(null);
    },
  );
}

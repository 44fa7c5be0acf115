// Invitations: a single-use link with an expiry that adds someone to an org with a role, creating their
// account if they have none (unless SSO-only mode is on, where they sign in through the provider first).
// The only way an org admin brings an existing account into an org: its owner has to accept.
// An acceptance is audited in the inviting org, and API tokens cannot accept (they act in one org only).
import {
  AcceptedInvitation,
  AcceptInvitationRequest,
  CreatedInvitation,
  CreateInvitationRequest,
  Invitation,
  InvitationParams,
  newId,
  OrgParams,
  Page,
  PageQuery,
} from '@csoc/common';
import { randomBytes } from 'node:crypto';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { roleAtLeast } from '@csoc/common/access';
import { nowIso } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import { AuthenticationError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import type { InvitationsTable } from './identityTables.ts';
import { newUserRow } from './newUserRow.ts';
import { hashPassword } from './passwords.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';

function statusOf(row: InvitationsTable) {
  if (row.accepted_at) return 'accepted' as const;
  if (row.revoked_at) return 'revoked' as const;
  if (row.expires_at <= nowIso()) return 'expired' as const;
  return 'pending' as const;
}

function toInvitation(row: InvitationsTable) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    status: statusOf(row),
  };
}

export function registerInvitationRoutes(app: CsocApp): void {
  const { database } = app.context;
  const db = database.db;

  app.post(
    '/api/v1/orgs/:org/invitations',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by email; returns the single-use link once',
        params: OrgParams,
        body: CreateInvitationRequest,
        response: { 201: CreatedInvitation },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      if (request.body.role === 'owner' && access.role !== 'owner')
        throw new ForbiddenError('Only owners can invite owners.', 'forbidden_role');
      if (!roleAtLeast(access.role, request.body.role))
        throw new ForbiddenError('You cannot invite someone above your own role.', 'forbidden_role');
      const token = `inv_${randomBytes(24).toString('base64url')}`;
      const now = new Date();
      const row: InvitationsTable = {
        id: newId(),
        org_id: access.orgId,
        email: request.body.email.toLowerCase(),
        role: request.body.role,
        token_hash: sha256Hex(token),
        expires_at: new Date(now.getTime() + (request.body.expiresInHours ?? 72) * 3600_000).toISOString(),
        created_by: request.principal!.userId,
        created_at: now.toISOString(),
        accepted_at: null,
        accepted_by: null,
        revoked_at: null,
      };
      await db.insertInto('invitations').values(row).execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/invitations/${row.id}`,
        summary: { email: row.email, role: row.role, expiresAt: row.expires_at },
      };
      return reply.status(201).send({
        invitation: toInvitation(row),
        token,
        // Read at request time: with port 0 the real address is known only once CSOC listens.
        acceptUrl: `${app.context.publicUrl}/invitations/accept#${token}`,
      });
    },
  );

  app.get(
    '/api/v1/orgs/:org/invitations',
    {
      config: { action: 'member.read' },
      schema: {
        tags: ['members'],
        summary: 'List invitations',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: Page(Invitation) },
      },
    },
    async (request) => {
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('invitations')
        .selectAll()
        .where('org_id', '=', orgAccessOf(request).orgId)
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toInvitation);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/invitations/:invitationId',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['members'],
        summary: 'Revoke a pending invitation',
        params: InvitationParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const result = await db
        .updateTable('invitations')
        .set({ revoked_at: nowIso() })
        .where('id', '=', request.params.invitationId)
        .where('org_id', '=', access.orgId)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new NotFoundError('No pending invitation with that id in this organization.');
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: { action: 'invitation.accept' },
      bodyLimit: 8 * 1024,
      schema: {
        tags: ['members'],
        summary: 'Accept an invitation (signed in: join as yourself; otherwise create the invited account)',
        body: AcceptInvitationRequest,
        response: { 200: AcceptedInvitation },
      },
    },
    async (request) => {
      const tokenHash = sha256Hex(request.body.token);
      return serializedTransaction(database, 'invitations', async (trx) => {
        const invitation = await trx
          .selectFrom('invitations')
          .selectAll()
          .where('token_hash', '=', tokenHash)
          .executeTakeFirst();
        const status = invitation ? statusOf(invitation) : undefined;
        if (!invitation || status !== 'pending') {
          throw new InputError(
            invitation
              ? `This invitation is ${status}; ask for a new one.`
              : 'This invitation link is not valid; ask for a new one.',
            [{ field: 'body.token', message: invitation ? `is ${status}` : 'is not valid' }],
            'invitation_invalid',
          );
        }
        const org = await trx
          .selectFrom('orgs')
          .select(['id', 'slug'])
          .where('id', '=', invitation.org_id)
          .executeTakeFirstOrThrow();
        request.auditNote = {
          target: `orgs/${org.slug}/invitations/${invitation.id}`,
          actorLabel: invitation.email,
          orgId: org.id,
          summary: { email: invitation.email, role: invitation.role },
        };
        if (request.principal?.token)
          throw new ForbiddenError(
            'An API token acts only in its own organization and cannot accept invitations; sign in as ' +
              `${invitation.email} (or open the link signed out) to accept.`,
            'forbidden_token',
          );
        let user = await trx
          .selectFrom('users')
          .select(['id', 'email'])
          .where('email', '=', invitation.email)
          .executeTakeFirst();
        const principal = request.principal;
        if (user) {
          if (!principal || principal.userId !== user.id) {
            throw new AuthenticationError(
              `Sign in as ${invitation.email} first, then accept the invitation.`,
              'sign_in_required',
            );
          }
        } else {
          if (principal)
            throw new ForbiddenError(
              `This invitation is for ${invitation.email}; sign out and accept it without signing in.`,
              'wrong_account',
            );
          if (app.context.ssoOnly)
            throw new InputError(
              'Local accounts are turned off; sign in through single sign-on, then accept the invitation.',
              undefined,
              'sso_only',
            );
          if (!request.body.password)
            throw new InputError('Choose a password to create your account.', [
              { field: 'body.password', message: 'is required to create the account' },
            ]);
          const row = newUserRow({
            email: invitation.email,
            displayName: request.body.displayName ?? invitation.email.split('@')[0]!,
            passwordHash: await hashPassword(request.body.password),
          });
          user = { id: row.id, email: row.email };
          await trx.insertInto('users').values(row).execute();
        }
        request.auditNote.actorId = user.id;
        const existing = await trx
          .selectFrom('memberships')
          .select('id')
          .where('org_id', '=', org.id)
          .where('user_id', '=', user.id)
          .executeTakeFirst();
        if (existing)
          throw new ConflictError('You are already a member of this organization.', 'already_member');
        const now = nowIso();
        await trx
          .insertInto('memberships')
          .values({
            id: newId(),
            org_id: org.id,
            user_id: user.id,
            role: invitation.role,
            source: 'local',
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        await trx
          .updateTable('invitations')
          .set({ accepted_at: now, accepted_by: user.id })
          .where('id', '=', invitation.id)
          .execute();
        return { orgSlug: org.slug, role: invitation.role, userId: user.id };
      });
    },
  );
}

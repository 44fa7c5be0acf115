// Org members and their roles. Owners alone grant or take away ownership; an org always keeps at least
// one owner (checked under a per-org lock, so two concurrent demotions cannot both pass). Only platform
// admins add an existing account directly; org admins invite, so nobody joins an org without accepting
// and an org admin cannot probe which emails have accounts.
import {
  AddMemberRequest,
  Member,
  MemberParams,
  newId,
  OrgParams,
  Page,
  PageQuery,
  SetMemberRoleRequest,
} from '@csoc/common';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import type { OrgRole } from '@csoc/common/access';
import { roleAtLeast } from '@csoc/common/access';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { revokeUserApiTokens } from './apiTokens.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { removesLastOwner, withOrgMembershipLock } from './memberships.ts';

interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  display_name: string;
  role: OrgRole;
  source: string;
  created_at: string;
  version: number;
}

function toMember(row: MemberRow) {
  return {
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    source: row.source,
    createdAt: row.created_at,
    version: row.version,
  };
}

function memberQuery(db: Kysely<Database>, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.id as id',
      'memberships.user_id as user_id',
      'users.email as email',
      'users.display_name as display_name',
      'memberships.role as role',
      'memberships.source as source',
      'memberships.created_at as created_at',
      'memberships.version as version',
    ])
    .where('memberships.org_id', '=', orgId);
}

/** Refuses role changes the caller may not make: only owners touch ownership. */
function assertMayAssign(callerRole: OrgRole, fromRole: OrgRole | undefined, toRole: OrgRole | undefined) {
  if ((fromRole === 'owner' || toRole === 'owner') && callerRole !== 'owner') {
    throw new ForbiddenError('Only owners can grant, change or remove the owner role.', 'forbidden_role');
  }
  if (toRole && !roleAtLeast(callerRole, toRole)) {
    throw new ForbiddenError(
      `You cannot grant ${toRole}, a role above your own (${callerRole}).`,
      'forbidden_role',
    );
  }
}

const lastOwner = () =>
  new ConflictError('This is the last owner; make someone else owner first.', 'last_owner');

export function registerMemberRoutes(app: CsocApp): void {
  const { database } = app.context;
  const db = database.db;

  async function findMember(executor: Kysely<Database>, orgId: string, userId: string): Promise<MemberRow> {
    const row = await memberQuery(executor, orgId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('That user is not a member of this organization.');
    return row as MemberRow;
  }

  app.get(
    '/api/v1/orgs/:org/members',
    {
      config: { action: 'member.read' },
      schema: {
        tags: ['members'],
        summary: 'List members and roles',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: Page(Member) },
      },
    },
    async (request) => {
      const page = readPageRequest(request.query);
      let query = memberQuery(db, orgAccessOf(request).orgId)
        .orderBy('memberships.id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('memberships.id', '>', page.afterId);
      return toPage((await query.execute()) as MemberRow[], page, (row) => row.id, toMember);
    },
  );

  app.post(
    '/api/v1/orgs/:org/members',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['members'],
        summary: 'Add an existing user to the org (platform admins; org admins send an invitation)',
        params: OrgParams,
        body: AddMemberRequest,
        response: { 201: Member },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      // Refused before the email is looked up: the answer must not depend on whether it has an account.
      if (!request.principal!.isPlatformAdmin)
        throw new ForbiddenError(
          `Org admins add people by invitation, so that nobody joins an organization without agreeing to it: ` +
            `POST /api/v1/orgs/${access.orgSlug}/invitations with their email and role.`,
          'invite_instead',
        );
      assertMayAssign(access.role, undefined, request.body.role);
      const user = await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('email', '=', request.body.email.toLowerCase())
        .executeTakeFirst();
      if (!user)
        throw new NotFoundError(
          `No user ${request.body.email}; send an invitation instead (POST .../invitations).`,
          'user_not_found',
        );
      const existing = await db
        .selectFrom('memberships')
        .select('id')
        .where('org_id', '=', access.orgId)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      if (existing)
        throw new ConflictError(
          `${user.email} is already a member; change their role instead.`,
          'already_member',
        );
      const now = nowIso();
      await db
        .insertInto('memberships')
        .values({
          id: newId(),
          org_id: access.orgId,
          user_id: user.id,
          role: request.body.role,
          source: 'local',
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      request.auditNote = {
        target: `orgs/${access.orgSlug}/members/${user.email}`,
        summary: { email: user.email, role: request.body.role },
      };
      setEtag(reply, 1);
      return reply.status(201).send(toMember(await findMember(db, access.orgId, user.id)));
    },
  );

  app.patch(
    '/api/v1/orgs/:org/members/:userId',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['members'],
        summary: "Change a member's role (send If-Match)",
        params: MemberParams,
        body: SetMemberRoleRequest,
        response: { 200: Member },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const updated = await withOrgMembershipLock(database, access.orgId, async (trx) => {
        const member = await findMember(trx, access.orgId, request.params.userId);
        checkIfMatch(request, member.version);
        assertMayAssign(access.role, member.role, request.body.role);
        if (await removesLastOwner(trx, access.orgId, member.role, request.body.role)) throw lastOwner();
        await trx
          .updateTable('memberships')
          .set({ role: request.body.role, updated_at: nowIso(), version: member.version + 1 })
          .where('id', '=', member.id)
          .execute();
        request.auditNote = {
          target: `orgs/${access.orgSlug}/members/${member.email}`,
          summary: { from: member.role, to: request.body.role },
        };
        return { ...member, role: request.body.role, version: member.version + 1 };
      });
      setEtag(reply, updated.version);
      return toMember(updated);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/members/:userId',
    {
      config: { action: 'member.manage' },
      schema: {
        tags: ['members'],
        summary: 'Remove a member',
        params: MemberParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      await withOrgMembershipLock(database, access.orgId, async (trx) => {
        const member = await findMember(trx, access.orgId, request.params.userId);
        assertMayAssign(access.role, member.role, undefined);
        if (await removesLastOwner(trx, access.orgId, member.role, null)) throw lastOwner();
        await trx.deleteFrom('memberships').where('id', '=', member.id).execute();
        // Tokens the removed member made for this org stop working with the membership.
        await revokeUserApiTokens(trx, member.user_id, { orgId: access.orgId });
        request.auditNote = {
          target: `orgs/${access.orgSlug}/members/${member.email}`,
          summary: { removed: member.email, role: member.role },
        };
      });
      return reply.status(204).send(null);
    },
  );
}

// API tokens, created by a user for one org with a role no higher than their own there.
import {
  ApiToken,
  CreatedApiToken,
  CreateTokenRequest,
  OrgParams,
  Page,
  PageQuery,
  TokenParams,
} from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { roleAtLeast } from '@csoc/common/access';
import { nowIso } from '../db/schema.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { createApiToken } from './apiTokens.ts';
import type { ApiTokensTable } from './identityTables.ts';

function toApiToken(row: ApiTokensTable & { email: string }) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.token_prefix,
    userEmail: row.email,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

export function registerTokenRoutes(app: CsocApp): void {
  const db = app.context.database.db;
  const tokenQuery = () =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('api_tokens')
      .select('users.email as email');

  app.post(
    '/api/v1/orgs/:org/tokens',
    {
      config: { action: 'token.write' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for this org (shown once)',
        params: OrgParams,
        body: CreateTokenRequest,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const principal = request.principal!;
      if (principal.token)
        throw new ForbiddenError(
          'An API token cannot create further tokens; sign in to create one.',
          'forbidden_token',
        );
      if (!roleAtLeast(access.role, request.body.role)) {
        throw new ForbiddenError(
          `A token cannot have a role above yours (${access.role}).`,
          'forbidden_role',
        );
      }
      const expiresAt = request.body.expiresInDays
        ? new Date(Date.now() + request.body.expiresInDays * 86_400_000).toISOString()
        : null;
      const { token, row } = await createApiToken(db, {
        userId: principal.userId,
        orgId: access.orgId,
        role: request.body.role,
        name: request.body.name,
        expiresAt,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/tokens/${row.id}`,
        summary: { name: row.name, role: row.role, expiresAt, prefix: row.token_prefix },
      };
      return reply.status(201).send({ token, apiToken: toApiToken({ ...row, email: principal.email }) });
    },
  );

  app.get(
    '/api/v1/orgs/:org/tokens',
    {
      config: { action: 'token.read' },
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (yours; admins see all of the org)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: Page(ApiToken) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let query = tokenQuery()
        .where('api_tokens.org_id', '=', access.orgId)
        .orderBy('api_tokens.id')
        .limit(page.limit + 1);
      if (!roleAtLeast(access.role, 'admin'))
        query = query.where('api_tokens.user_id', '=', request.principal!.userId);
      if (page.afterId) query = query.where('api_tokens.id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toApiToken);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/tokens/:tokenId',
    {
      config: { action: 'token.write' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token (yours; admins any in the org)',
        params: TokenParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      let query = db
        .updateTable('api_tokens')
        .set({ revoked_at: nowIso() })
        .where('id', '=', request.params.tokenId)
        .where('org_id', '=', access.orgId)
        .where('revoked_at', 'is', null);
      if (!roleAtLeast(access.role, 'admin')) query = query.where('user_id', '=', request.principal!.userId);
      const result = await query.executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new NotFoundError('No active token with that id that you can revoke.');
      return reply.status(204).send(null);
    },
  );
}

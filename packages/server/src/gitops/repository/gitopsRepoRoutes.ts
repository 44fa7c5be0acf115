// The org's GitOps repository: served read-only over Git smart HTTP at /git/<org>/gitops.git (HTTP Basic,
// password = one of the org's GitOps read tokens, any user name), its read tokens (create — shown once —,
// list, revoke), and where it lives.
import {
  GitopsReadToken,
  GitopsReadTokenCreated,
  GitopsReadTokenRequest,
  GitopsRepositoryInfo,
  OrgParams,
  Page,
  PageQuery,
} from '@csoc/common';
import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import Type from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { AuthenticationError, NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { readPageRequest, toPage } from '../../http/pagination.ts';
import type { GitopsReadTokensTable } from '../gitopsTables.ts';
import { createGitopsReadToken, verifyGitopsReadToken } from './gitopsReadTokens.ts';
import { serveGitHttpBackend } from './serveGitHttpBackend.ts';

const GitParams = Type.Object(
  { org: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }) },
  { additionalProperties: false },
);
const TokenParams = Type.Object(
  { org: OrgParams.properties.org, tokenId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

/** Git protocol bytes, streamed by git http-backend (documented for the API description only). */
const GitResponse = (type: string) => Type.String({ description: `Git smart HTTP protocol data (${type})` });

const toToken = (row: GitopsReadTokensTable) => ({
  id: row.id,
  name: row.name,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export function registerGitopsRepoRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const services = () => context.gitops;

  async function authenticateGit(
    request: { headers: Record<string, unknown>; auditNote?: unknown },
    org: string,
    reply: { header(name: string, value: string): unknown },
  ) {
    const header = String(request.headers.authorization ?? '');
    const match = /^Basic (.+)$/i.exec(header);
    void reply.header(
      'www-authenticate',
      'Basic realm="CSOC GitOps (use a GitOps read token as the password)"',
    );
    const refuse = () =>
      new AuthenticationError(
        `Reading the GitOps repository of "${org}" needs one of its GitOps read tokens (HTTP Basic, the token as password).`,
        'invalid_gitops_token',
      );
    if (!match) throw refuse();
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const token = decoded.slice(decoded.indexOf(':') + 1);
    const verified = await verifyGitopsReadToken(db, org, token);
    if (!verified) throw refuse();
    if (services().repository.mode !== 'local')
      throw new NotFoundError(
        'This CSOC pushes to a remote GitOps repository; read it there.',
        'gitops_remote',
      );
    return verified;
  }

  app.register(async (scope: FastifyInstance) => {
    // git sends pack data as these types; hand the raw stream to git http-backend.
    scope.addContentTypeParser(['application/x-git-upload-pack-request'], (_request, payload, done) =>
      done(null, payload),
    );

    scope.get(
      '/git/:org/gitops.git/info/refs',
      {
        config: { action: 'gitops.git' },
        schema: {
          tags: ['gitops'],
          summary: "Git smart HTTP: the refs of the org's GitOps repository (GitOps read token)",
          params: GitParams,
          querystring: Type.Object(
            { service: Type.Optional(Type.String({ maxLength: 40 })) },
            { additionalProperties: true },
          ),
          response: { 200: GitResponse('application/x-git-upload-pack-advertisement') },
        },
      },
      async (request, reply) => {
        const { org } = request.params as { org: string };
        const query = request.query as { service?: string };
        request.auditNote = { actorLabel: `gitops read token (${org})`, target: `git/${org}` };
        const verified = await authenticateGit(request, org, reply);
        if (query.service !== 'git-upload-pack')
          throw new NotFoundError(
            'Only git-upload-pack (fetch/clone) is served: the GitOps repository is read-only.',
            'read_only',
          );
        request.auditNote = { actorLabel: `gitops read token ${verified.tokenId}`, target: `git/${org}` };
        await services().repository.ensure(org);
        reply.hijack();
        await serveGitHttpBackend(
          { method: 'GET', pathInfo: `/${org}.git/info/refs`, queryString: 'service=git-upload-pack' },
          reply.raw,
          { projectRoot: services().repository.localRoot! },
        );
      },
    );

    scope.post(
      '/git/:org/gitops.git/git-upload-pack',
      {
        config: { action: 'gitops.git' },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['gitops'],
          summary: "Git smart HTTP: fetch from the org's GitOps repository (GitOps read token)",
          params: GitParams,
          consumes: ['application/x-git-upload-pack-request'],
          body: Type.Unknown({ description: 'git upload-pack request (binary)' }),
          response: { 200: GitResponse('application/x-git-upload-pack-result') },
        },
      },
      async (request, reply) => {
        const { org } = request.params as { org: string };
        request.auditNote = { actorLabel: `gitops read token (${org})`, target: `git/${org}` };
        const verified = await authenticateGit(request, org, reply);
        request.auditNote = { actorLabel: `gitops read token ${verified.tokenId}`, target: `git/${org}` };
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function')
          throw new AuthenticationError(
            'Send git-upload-pack requests with content type application/x-git-upload-pack-request.',
            'bad_git_request',
          );
        reply.hijack();
        await serveGitHttpBackend(
          {
            method: 'POST',
            pathInfo: `/${org}.git/git-upload-pack`,
            queryString: '',
            contentType: 'application/x-git-upload-pack-request',
            contentEncoding:
              typeof request.headers['content-encoding'] === 'string'
                ? request.headers['content-encoding']
                : undefined,
            body,
          },
          reply.raw,
          { projectRoot: services().repository.localRoot! },
        );
      },
    );
  });

  app.get(
    '/api/v1/orgs/:org/gitops',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['gitops'],
        summary: "Where the org's GitOps files live and which Argo CD deploys them",
        params: OrgParams,
        response: { 200: GitopsRepositoryInfo },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const { repository, argoCdFor, simulatedArgoCd } = services();
      return {
        mode: repository.mode,
        repository: repository.repoUrl(access.orgSlug),
        branch: repository.branch,
        argocd: argoCdFor(access.orgSlug)?.baseUrl ?? null,
        simulated: simulatedArgoCd,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/gitops/read-tokens',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['gitops'],
        summary: "The org's GitOps read tokens (never the tokens themselves)",
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: Page(GitopsReadToken) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('gitops_read_tokens')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toToken);
    },
  );

  app.post(
    '/api/v1/orgs/:org/gitops/read-tokens',
    {
      config: { action: 'gitops.token' },
      schema: {
        tags: ['gitops'],
        summary:
          "Create a GitOps read token (shown once); creating one with a token's name replaces it (rotation)",
        params: OrgParams,
        body: GitopsReadTokenRequest,
        response: { 201: GitopsReadTokenCreated },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const { row, token } = await createGitopsReadToken(
        db,
        access.orgId,
        request.body.name,
        request.principal!.email,
        { replaceSameName: true },
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/gitops/read-tokens/${row.id}`,
        summary: { name: row.name },
      };
      return reply
        .status(201)
        .send({ ...toToken(row), token, repository: services().repository.repoUrl(access.orgSlug) });
    },
  );

  app.delete(
    '/api/v1/orgs/:org/gitops/read-tokens/:tokenId',
    {
      config: { action: 'gitops.token' },
      schema: {
        tags: ['gitops'],
        summary: 'Revoke a GitOps read token',
        params: TokenParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const result = await db
        .deleteFrom('gitops_read_tokens')
        .where('org_id', '=', access.orgId)
        .where('id', '=', request.params.tokenId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0)
        throw new NotFoundError('No such GitOps read token in this organization.', 'token_not_found');
      request.auditNote = { target: `orgs/${access.orgSlug}/gitops/read-tokens/${request.params.tokenId}` };
      return reply.status(204).send(null);
    },
  );
}

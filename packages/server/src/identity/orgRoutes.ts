// Organizations: create, list, read, rename. Until memberships land, platform admins manage them.
import { CreateOrgRequest, newId, Org, OrgParams, Page, PageQuery, UpdateOrgRequest } from '@csoc/common';
import type { CsocApp } from '../http/appContext.ts';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionError } from '../errors.ts';
import { nowIso } from '../db/schema.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { principalOf } from './authenticateRequest.ts';
import type { OrgsTable } from './identityTables.ts';

function toOrg(row: OrgsTable) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function registerOrgRoutes(app: CsocApp): void {
  const db = app.context.database.db;

  async function findOrg(slug: string): Promise<OrgsTable> {
    const org = await db.selectFrom('orgs').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!org) throw new NotFoundError(`No organization "${slug}"; list yours with GET /api/v1/orgs.`);
    return org;
  }

  app.post(
    '/api/v1/orgs',
    {
      config: { action: 'org.create' },
      schema: {
        tags: ['orgs'],
        summary: 'Create an organization',
        body: CreateOrgRequest,
        response: { 201: Org },
      },
    },
    async (request, reply) => {
      if (!principalOf(request).isPlatformAdmin)
        throw new ForbiddenError('Only platform admins create organizations.');
      const existing = await db
        .selectFrom('orgs')
        .select('id')
        .where('slug', '=', request.body.slug)
        .executeTakeFirst();
      if (existing) {
        throw new ConflictError(
          `An organization "${request.body.slug}" already exists; choose another slug.`,
          'already_exists',
          [{ field: 'body.slug', message: 'is taken' }],
        );
      }
      const now = nowIso();
      const row: OrgsTable = {
        id: newId(),
        slug: request.body.slug,
        name: request.body.name,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await db.insertInto('orgs').values(row).execute();
      setEtag(reply, row.version);
      return reply.status(201).send(toOrg(row));
    },
  );

  app.get(
    '/api/v1/orgs',
    {
      config: { action: 'org.list' },
      schema: {
        tags: ['orgs'],
        summary: 'List organizations',
        querystring: PageQuery,
        response: { 200: Page(Org) },
      },
    },
    async (request) => {
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('orgs')
        .selectAll()
        .orderBy('id')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      return toPage(await query.execute(), page, (row) => row.id, toOrg);
    },
  );

  app.get(
    '/api/v1/orgs/:org',
    {
      config: { action: 'org.read' },
      schema: { tags: ['orgs'], summary: 'Read an organization', params: OrgParams, response: { 200: Org } },
    },
    async (request, reply) => {
      const org = await findOrg(request.params.org);
      setEtag(reply, org.version);
      return toOrg(org);
    },
  );

  app.patch(
    '/api/v1/orgs/:org',
    {
      config: { action: 'org.manage' },
      schema: {
        tags: ['orgs'],
        summary: 'Rename an organization (send If-Match)',
        params: OrgParams,
        body: UpdateOrgRequest,
        response: { 200: Org },
      },
    },
    async (request, reply) => {
      if (!principalOf(request).isPlatformAdmin)
        throw new ForbiddenError('Only platform admins manage organizations for now.');
      const org = await findOrg(request.params.org);
      checkIfMatch(request, org.version);
      const updated = {
        ...org,
        name: request.body.name ?? org.name,
        updated_at: nowIso(),
        version: org.version + 1,
      };
      // The version guard makes a concurrent writer that passed the If-Match check lose, not overwrite.
      const result = await db
        .updateTable('orgs')
        .set({ name: updated.name, updated_at: updated.updated_at, version: updated.version })
        .where('id', '=', org.id)
        .where('version', '=', org.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new PreconditionError(
          'The organization changed while you were updating it; read it again and retry.',
        );
      setEtag(reply, updated.version);
      return toOrg(updated);
    },
  );
}

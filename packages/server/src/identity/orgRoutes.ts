// Organizations: platform admins create them (becoming first owner); members list and read theirs; owners rename.
import { CreateOrgRequest, newId, Org, OrgParams, Page, PageQuery, UpdateOrgRequest } from '@csoc/common';
import type { CsocApp } from '../http/appContext.ts';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { ConflictError, PreconditionError } from '../errors.ts';
import { nowIso } from '../db/schema.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { principalOf } from './authenticateRequest.ts';
import type { OrgsTable } from './identityTables.ts';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { databaseChangeStamps } from '../http/databaseChangeStamp.ts';
import { createStampedCache } from '../http/stampedCache.ts';
import type { PageRequest } from '../http/pagination.ts';
import type { Principal } from './principal.ts';

/** Pages of the org list kept, serialized, per audience and page (a page of 50 is about 10 kB). */
const MAX_CACHED_ORG_PAGES = 500;

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

/**
 * Sends JSON already serialized and kept as bytes: Fastify sends a Buffer as it is, with no serializer and
 * no text encoding per request.
 */
function sendJson(reply: FastifyReply, body: Buffer): void {
  void reply.type('application/json; charset=utf-8').send(body);
}

/** One page (plus one row, to know whether there is a next) of the orgs a principal may see. */
function readOrgRows(db: Kysely<Database>, principal: Principal, page: PageRequest) {
  let query = db
    .selectFrom('orgs')
    .selectAll()
    .orderBy('id')
    .limit(page.limit + 1);
  if (principal.token) query = query.where('id', '=', principal.token.orgId);
  else if (!principal.isPlatformAdmin) {
    query = query.where(
      'id',
      'in',
      db.selectFrom('memberships').select('org_id').where('user_id', '=', principal.userId),
    );
  }
  if (page.afterId) query = query.where('id', '>', page.afterId);
  return query.execute();
}

export function registerOrgRoutes(app: CsocApp): void {
  const db = app.context.database.db;
  // The org list is read by every portal page load; a page is served again while the database shows no
  // change at all since it was read (any write, by any replica), which costs one small query instead of
  // reading and serializing the page (ADR 0066).
  const changeStamps = databaseChangeStamps(app.context.database);
  const orgPages = createStampedCache<Buffer>({ maxEntries: MAX_CACHED_ORG_PAGES });
  app.addHook('onClose', (_instance, done) => {
    changeStamps.close();
    done();
  });

  /** The org list's page, from the cache if it was read under this stamp, otherwise read, kept and sent. */
  const sendOrgPage = async (
    reply: FastifyReply,
    key: string,
    stamp: string | Promise<string>,
    principal: Principal,
    page: PageRequest,
  ): Promise<void> => {
    const cached = orgPages.get(key, await stamp);
    if (cached) return sendJson(reply, cached);
    const read = await changeStamps.readStamped((executor) => readOrgRows(executor, principal, page));
    // Serialized by the route's response schema, like any reply; later hits send the same bytes.
    const body = Buffer.from(reply.serialize(toPage(read.value, page, (row) => row.id, toOrg)) as string);
    orgPages.set(key, read.stamp, body);
    sendJson(reply, body);
  };

  // Authorization already resolved the org from :org and refused callers outside it.
  const findOrg = (orgId: string) =>
    db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();

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
      const principal = principalOf(request);
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('orgs').values(row).execute();
        // The creator becomes the first owner, so the org is never ownerless.
        await trx
          .insertInto('memberships')
          .values({
            id: newId(),
            org_id: row.id,
            user_id: principal.userId,
            role: 'owner',
            source: 'local',
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
      });
      request.auditNote = { target: `orgs/${row.slug}`, summary: { slug: row.slug, name: row.name } };
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
        summary: 'List the organizations you can see (platform admins: all)',
        querystring: PageQuery,
        response: { 200: Page(Org) },
      },
    },
    // Not an async function: a hit (the stamp of an SQLite file is read synchronously) is answered without
    // a promise; only a miss, or a database that answers asynchronously, waits (ADR 0075).
    (request, reply) => {
      const principal = principalOf(request);
      const page = readPageRequest(request.query);
      // Who sees what: a token its org, a platform admin every org, anyone else the orgs they belong to.
      const audience = principal.token
        ? `token-org ${principal.token.orgId}`
        : principal.isPlatformAdmin
          ? 'all'
          : `member ${principal.userId}`;
      const key = `${audience} ${page.limit} ${page.afterId ?? ''}`;
      const stamp = changeStamps.current();
      if (typeof stamp === 'string') {
        const cached = orgPages.get(key, stamp);
        if (cached) {
          sendJson(reply, cached);
          return undefined;
        }
      }
      return sendOrgPage(reply, key, stamp, principal, page);
    },
  );

  app.get(
    '/api/v1/orgs/:org',
    {
      config: { action: 'org.read' },
      schema: { tags: ['orgs'], summary: 'Read an organization', params: OrgParams, response: { 200: Org } },
    },
    async (request, reply) => {
      const org = await findOrg(orgAccessOf(request).orgId);
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
      const org = await findOrg(orgAccessOf(request).orgId);
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
      request.auditNote = {
        target: `orgs/${org.slug}`,
        summary: { name: { from: org.name, to: updated.name } },
      };
      setEtag(reply, updated.version);
      return toOrg(updated);
    },
  );
}

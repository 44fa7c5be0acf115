// Commons as declarative documents: create, read, replace (every change an immutable revision, guarded
// by If-Match), compare and restore revisions, and a guarded delete (infrastructure destroyed, name typed,
// and for prod a second person's approval).
import {
  Commons,
  CommonsListQuery,
  CommonsParams,
  CommonsRevision,
  CommonsWriteRequest,
  diffDocuments,
  DocumentChangeSchema,
  newId,
  OrgParams,
  Page,
  PageQuery,
  RevisionParams,
  type CommonsSpec,
} from '@csoc/common';
import type { Kysely } from 'kysely';
import Type, { type Static } from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, InputError, NotFoundError, PreconditionError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import type { CommonsRevisionsTable, CommonsTable } from './commonsTables.ts';
import { validateCommonsSpec } from './validateCommonsSpec.ts';

type WriteRequest = Static<typeof CommonsWriteRequest>;

export async function findCommons(db: Kysely<Database>, orgId: string, name: string): Promise<CommonsTable> {
  const row = await db
    .selectFrom('commons')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No commons "${name}" in this organization.`, 'commons_not_found');
  return row;
}

export function registerCommonsRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;

  async function toCommons(row: CommonsTable, orgSlug: string) {
    const lastRun = await db
      .selectFrom('runs')
      .select(['id', 'kind', 'state', 'created_at'])
      .where('commons_id', '=', row.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const spec = JSON.parse(row.spec) as CommonsSpec;
    const labels = JSON.parse(row.labels) as Record<string, string>;
    return {
      id: row.id,
      apiVersion: 'csoc.gen3.org/v1' as const,
      kind: 'Commons' as const,
      metadata: { name: row.name, org: orgSlug, ...(Object.keys(labels).length ? { labels } : {}) },
      spec,
      status: {
        revision: row.revision,
        infrastructure: row.infra_status,
        lastRun: lastRun
          ? { id: lastRun.id, kind: lastRun.kind, state: lastRun.state, createdAt: lastRun.created_at }
          : null,
        outputs: JSON.parse(row.outputs) as Record<string, unknown>,
        deletionRequestedBy: row.deletion_requested_by,
        simulated: spec.plugin.name === 'sim',
      },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
    };
  }

  function checkDocumentOrg(body: WriteRequest, orgSlug: string) {
    if (body.metadata.org && body.metadata.org !== orgSlug) {
      throw new InputError(`The document names org "${body.metadata.org}" but was sent to "${orgSlug}".`, [
        { field: 'body.metadata.org', message: `must be ${orgSlug} (or omitted)` },
      ]);
    }
  }

  async function writeRevision(
    trx: Kysely<Database>,
    commonsId: string,
    number: number,
    spec: CommonsSpec,
    author: { id: string; label: string },
    message: string,
  ) {
    const row: CommonsRevisionsTable = {
      id: newId(),
      commons_id: commonsId,
      number,
      spec: JSON.stringify(spec),
      author_id: author.id,
      author_label: author.label,
      message,
      created_at: nowIso(),
    };
    await trx.insertInto('commons_revisions').values(row).execute();
  }

  /**
   * Stores a validated spec as the commons' current one, guarded by the version that was read, and writes
   * the new revision in the same transaction (none when only labels changed).
   */
  async function saveSpec(
    current: CommonsTable,
    spec: CommonsSpec,
    labels: string,
    revision: { number: number; message: string } | undefined,
    author: { id: string; label: string },
  ): Promise<CommonsTable> {
    const updated: CommonsTable = {
      ...current,
      environment: spec.environment,
      plugin_name: spec.plugin.name,
      plugin_version: spec.plugin.version!,
      account_name: spec.account,
      spec: JSON.stringify(spec),
      labels,
      revision: revision?.number ?? current.revision,
      updated_at: nowIso(),
      version: current.version + 1,
    };
    await db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('commons')
        .set(updated)
        .where('id', '=', current.id)
        .where('version', '=', current.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new PreconditionError(
          'The commons changed while you were updating it; read it again and retry.',
        );
      if (revision) await writeRevision(trx, current.id, revision.number, spec, author, revision.message);
    });
    return updated;
  }

  app.post(
    '/api/v1/orgs/:org/commons',
    {
      config: { action: 'commons.write' },
      schema: {
        tags: ['commons'],
        summary: 'Create a commons from its declarative document',
        params: OrgParams,
        body: CommonsWriteRequest,
        response: { 201: Commons },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      checkDocumentOrg(request.body, access.orgSlug);
      const name = request.body.metadata.name;
      const existing = await db
        .selectFrom('commons')
        .select('id')
        .where('org_id', '=', access.orgId)
        .where('name', '=', name)
        .executeTakeFirst();
      if (existing)
        throw new ConflictError(
          `A commons "${name}" already exists; update it with PUT (send If-Match).`,
          'already_exists',
          [{ field: 'body.metadata.name', message: 'is taken' }],
        );
      const { spec } = await validateCommonsSpec(context, access.orgId, request.body.spec);
      const now = nowIso();
      const row: CommonsTable = {
        id: newId(),
        org_id: access.orgId,
        name,
        environment: spec.environment,
        plugin_name: spec.plugin.name,
        plugin_version: spec.plugin.version!,
        account_name: spec.account,
        spec: JSON.stringify(spec),
        labels: JSON.stringify(request.body.metadata.labels ?? {}),
        revision: 1,
        infra_status: 'none',
        outputs: '{}',
        deletion_requested_by: null,
        deletion_requested_at: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      const principal = request.principal!;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('commons').values(row).execute();
        await writeRevision(
          trx,
          row.id,
          1,
          spec,
          { id: principal.userId, label: principal.email },
          request.body.message ?? 'Created',
        );
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${name}`,
        summary: { revision: 1, plugin: spec.plugin, environment: spec.environment },
      };
      setEtag(reply, row.version);
      return reply.status(201).send(await toCommons(row, access.orgSlug));
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons',
    {
      config: { action: 'commons.read' },
      schema: {
        tags: ['commons'],
        summary: "The org's commons",
        params: OrgParams,
        querystring: CommonsListQuery,
        response: { 200: Page(Commons) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('commons')
        .selectAll()
        .where('org_id', '=', access.orgId)
        .orderBy('id')
        .limit(page.limit + 1);
      if (request.query.environment) query = query.where('environment', '=', request.query.environment);
      if (request.query.q) query = query.where('name', 'like', `%${request.query.q.replace(/[%_]/g, '')}%`);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      const rows = await query.execute();
      const result = toPage(
        rows,
        page,
        (row) => row.id,
        (row) => row,
      );
      return {
        items: await Promise.all(result.items.map((row) => toCommons(row, access.orgSlug))),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons',
    {
      config: { action: 'commons.read' },
      schema: {
        tags: ['commons'],
        summary: 'One commons: its document and status',
        params: CommonsParams,
        response: { 200: Commons },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const row = await findCommons(db, access.orgId, request.params.commons);
      setEtag(reply, row.version);
      return toCommons(row, access.orgSlug);
    },
  );

  app.put(
    '/api/v1/orgs/:org/commons/:commons',
    {
      config: { action: 'commons.write' },
      schema: {
        tags: ['commons'],
        summary: 'Replace the document (send If-Match); a changed spec makes a new revision',
        params: CommonsParams,
        body: CommonsWriteRequest,
        response: { 200: Commons },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      checkDocumentOrg(request.body, access.orgSlug);
      if (request.body.metadata.name !== request.params.commons) {
        throw new InputError('A commons cannot be renamed; create a new one instead.', [
          { field: 'body.metadata.name', message: `must be ${request.params.commons}` },
        ]);
      }
      const current = await findCommons(db, access.orgId, request.params.commons);
      checkIfMatch(request, current.version);
      const { spec } = await validateCommonsSpec(context, access.orgId, request.body.spec);
      const before = JSON.parse(current.spec) as CommonsSpec;
      if (before.plugin.name !== spec.plugin.name && current.infra_status === 'provisioned') {
        throw new InputError(
          'The plugin of a commons with live infrastructure cannot change; destroy it first.',
          [{ field: 'body.spec.plugin.name', message: `must stay ${before.plugin.name}` }],
        );
      }
      const changes = diffDocuments(before, spec);
      const labels = JSON.stringify(request.body.metadata.labels ?? {});
      if (changes.length === 0 && labels === current.labels) {
        setEtag(reply, current.version);
        return toCommons(current, access.orgSlug);
      }
      const principal = request.principal!;
      const revision = changes.length ? current.revision + 1 : current.revision;
      const updated = await saveSpec(
        current,
        spec,
        labels,
        changes.length ? { number: revision, message: request.body.message ?? 'Updated' } : undefined,
        { id: principal.userId, label: principal.email },
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${current.name}`,
        summary: { revision, changes: changes.map((change) => change.path) },
      };
      setEtag(reply, updated.version);
      return toCommons(updated, access.orgSlug);
    },
  );

  function toRevision(row: CommonsRevisionsTable, previous: CommonsRevisionsTable | undefined) {
    const spec = JSON.parse(row.spec) as CommonsSpec;
    return {
      number: Number(row.number),
      author: row.author_label,
      message: row.message,
      createdAt: row.created_at,
      spec,
      changes: diffDocuments(previous ? JSON.parse(previous.spec) : {}, spec),
    };
  }

  async function findRevision(commonsId: string, number: number) {
    const row = await db
      .selectFrom('commons_revisions')
      .selectAll()
      .where('commons_id', '=', commonsId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`No revision ${number} of this commons.`, 'revision_not_found');
    return row;
  }

  app.get(
    '/api/v1/orgs/:org/commons/:commons/revisions',
    {
      config: { action: 'commons.read' },
      schema: {
        tags: ['commons'],
        summary: 'Revision history, newest first, each with its diff from the one before',
        params: CommonsParams,
        querystring: PageQuery,
        response: { 200: Page(CommonsRevision) },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const limit = request.query.limit ?? 50;
      const before = request.query.cursor
        ? Number(Buffer.from(request.query.cursor, 'base64url').toString())
        : 2_147_483_647; // the largest PostgreSQL integer
      if (!Number.isInteger(before) || before < 1 || before > 2_147_483_647)
        throw new InputError('Bad cursor.', [{ field: 'query.cursor', message: 'is not a valid cursor' }]);
      const rows = await db
        .selectFrom('commons_revisions')
        .selectAll()
        .where('commons_id', '=', commons.id)
        .where('number', '<', before)
        .orderBy('number', 'desc')
        .limit(limit + 2)
        .execute();
      const pageRows = rows.slice(0, limit);
      const items = pageRows.map((row, index) => toRevision(row, rows[index + 1]));
      const last = pageRows[pageRows.length - 1];
      return {
        items,
        nextCursor:
          rows.length > limit && last ? Buffer.from(String(last.number)).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/revisions/:revision',
    {
      config: { action: 'commons.read' },
      schema: {
        tags: ['commons'],
        summary: 'One revision',
        params: RevisionParams,
        response: { 200: CommonsRevision },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const row = await findRevision(commons.id, request.params.revision);
      const previous =
        request.params.revision > 1 ? await findRevision(commons.id, request.params.revision - 1) : undefined;
      return toRevision(row, previous);
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/diff',
    {
      config: { action: 'commons.read' },
      schema: {
        tags: ['commons'],
        summary: 'Compare any two revisions',
        params: CommonsParams,
        querystring: Type.Object(
          { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.Integer(),
            to: Type.Integer(),
            changes: Type.Array(DocumentChangeSchema),
          }),
        },
      },
    },
    async (request) => {
      const commons = await findCommons(db, orgAccessOf(request).orgId, request.params.commons);
      const from = await findRevision(commons.id, request.query.from);
      const to = await findRevision(commons.id, request.query.to);
      return {
        from: request.query.from,
        to: request.query.to,
        changes: diffDocuments(JSON.parse(from.spec), JSON.parse(to.spec)),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:org/commons/:commons/revisions/:revision/restore',
    {
      config: { action: 'commons.write' },
      schema: {
        tags: ['commons'],
        summary: 'Restore an old revision as a new one (send If-Match)',
        params: RevisionParams,
        response: { 200: Commons },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const current = await findCommons(db, access.orgId, request.params.commons);
      checkIfMatch(request, current.version);
      const old = await findRevision(current.id, request.params.revision);
      const { spec } = await validateCommonsSpec(
        context,
        access.orgId,
        JSON.parse(old.spec) as CommonsSpec,
        'revision.spec',
      );
      const principal = request.principal!;
      const updated = await saveSpec(
        current,
        spec,
        current.labels,
        { number: current.revision + 1, message: `Restored revision ${request.params.revision}` },
        { id: principal.userId, label: principal.email },
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${current.name}`,
        summary: { restored: request.params.revision, revision: updated.revision },
      };
      setEtag(reply, updated.version);
      return toCommons(updated, access.orgSlug);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/commons/:commons',
    {
      config: { action: 'commons.delete' },
      schema: {
        tags: ['commons'],
        summary:
          'Delete a commons whose infrastructure is destroyed; type its name in ?confirm=. A prod commons needs the same call from a second person.',
        params: CommonsParams,
        querystring: Type.Object(
          { confirm: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: {
          204: Type.Null(),
          202: Type.Object({ status: Type.Literal('awaiting_second_approval'), requestedBy: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      if (request.query.confirm !== commons.name) {
        throw new InputError(
          `Type the commons name to confirm: ?confirm=${commons.name}.`,
          [{ field: 'query.confirm', message: `must equal ${commons.name}` }],
          'confirmation_required',
        );
      }
      if (commons.infra_status === 'provisioned') {
        throw new ConflictError(
          'This commons still has infrastructure; run a destroy and let it succeed first.',
          'infrastructure_exists',
        );
      }
      const active = await db
        .selectFrom('runs')
        .select('id')
        .where('commons_id', '=', commons.id)
        .where('state', 'in', ['queued', 'running', 'planned', 'applying'])
        .executeTakeFirst();
      if (active)
        throw new ConflictError(
          `Run ${active.id} is still active on this commons; cancel or finish it first.`,
          'run_active',
        );
      const principal = request.principal!;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}`,
        summary: { environment: commons.environment },
      };
      if (
        commons.environment === 'prod' &&
        (!commons.deletion_requested_by || commons.deletion_requested_by === principal.email)
      ) {
        await db
          .updateTable('commons')
          .set({ deletion_requested_by: principal.email, deletion_requested_at: nowIso() })
          .where('id', '=', commons.id)
          .execute();
        request.auditNote.summary = {
          environment: 'prod',
          step: 'deletion requested; a second person must confirm',
        };
        return reply
          .status(202)
          .send({ status: 'awaiting_second_approval' as const, requestedBy: principal.email });
      }
      await db.deleteFrom('commons').where('id', '=', commons.id).execute();
      return reply.status(204).send(null);
    },
  );
}

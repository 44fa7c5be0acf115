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
  OrgParams,
  Page,
  PageQuery,
  RevisionParams,
  type CommonsSpec,
} from '@csoc/common';
import Type, { type Static } from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { InputError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { latestRunOfCommons } from '../runs/runLifecycle.ts';
import {
  checkCommonsDeletable,
  createCommons,
  deleteCommons,
  findCommons,
  findRevision,
  listCommonsRows,
  listRevisionRows,
  restoreRevision,
  updateCommons,
} from './commonsStore.ts';
import type { CommonsRevisionsTable, CommonsTable } from './commonsTables.ts';
import { parseLabelSelector } from './labelSelector.ts';

type WriteRequest = Static<typeof CommonsWriteRequest>;

export function registerCommonsRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;
  const db = database.db;

  async function toCommons(row: CommonsTable, orgSlug: string) {
    const lastRun = await latestRunOfCommons(database, row.id);
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
        lastRun,
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
      const principal = request.principal!;
      const row = await createCommons(context, {
        orgId: access.orgId,
        name: request.body.metadata.name,
        spec: request.body.spec,
        labels: request.body.metadata.labels ?? {},
        message: request.body.message ?? 'Created',
        author: { id: principal.userId, label: principal.email },
      });
      const spec = JSON.parse(row.spec) as CommonsSpec;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${row.name}`,
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
      const rows = await listCommonsRows(
        database,
        access.orgId,
        {
          environment: request.query.environment,
          q: request.query.q,
          labels: parseLabelSelector(request.query.labelSelector ?? ''),
        },
        page,
      );
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
      const principal = request.principal!;
      const result = await updateCommons(context, current, {
        spec: request.body.spec,
        labels: request.body.metadata.labels ?? {},
        message: request.body.message,
        author: { id: principal.userId, label: principal.email },
      });
      if (result.changed)
        request.auditNote = {
          target: `orgs/${access.orgSlug}/commons/${current.name}`,
          summary: { revision: result.revision, changes: result.changes.map((change) => change.path) },
        };
      setEtag(reply, result.commons.version);
      return toCommons(result.commons, access.orgSlug);
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
      const rows = await listRevisionRows(database, commons.id, before, limit + 2);
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
      const row = await findRevision(database, commons.id, request.params.revision);
      const previous =
        request.params.revision > 1
          ? await findRevision(database, commons.id, request.params.revision - 1)
          : undefined;
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
      const from = await findRevision(database, commons.id, request.query.from);
      const to = await findRevision(database, commons.id, request.query.to);
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
      const principal = request.principal!;
      const updated = await restoreRevision(context, current, request.params.revision, {
        id: principal.userId,
        label: principal.email,
      });
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
      await checkCommonsDeletable(database, commons, request.query.confirm);
      const principal = request.principal!;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}`,
        summary: { environment: commons.environment },
      };
      const deletion = await deleteCommons(database, commons, principal.email);
      if (!deletion.deleted) {
        request.auditNote.summary = {
          environment: 'prod',
          step: 'deletion requested; a second person must confirm',
        };
        return reply.status(202).send({
          status: 'awaiting_second_approval' as const,
          requestedBy: deletion.awaitingSecondApprovalBy,
        });
      }
      return reply.status(204).send(null);
    },
  );
}

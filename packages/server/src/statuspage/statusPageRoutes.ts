// Public status pages of commons that opted in, and their settings. Operators publish or withdraw a page
// (`statuspage.manage`, audited) and post updates to incidents; anyone may read a published page at
// /status/<org>/<commons> (HTML), /status/<org>/<commons>/feed.atom (Atom) and
// /api/v1/status/<org>/<commons> (JSON), rate-limited per source address across processes. A page that
// is off answers exactly like one that does not exist.
import {
  CommonsParams,
  IncidentParams,
  IncidentUpdate,
  IncidentUpdateList,
  PostIncidentUpdateRequest,
  PublicStatusPage,
  PublicStatusParams,
  StatusPageSettings,
  UpdateStatusPageRequest,
} from '@csoc/common';
import type { Static } from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { listIncidentRows } from '../monitor/healthStore.ts';
import { buildPublicStatus } from './buildPublicStatus.ts';
import { renderStatusAtom } from './renderStatusAtom.ts';
import { renderStatusHtml, STATUS_PAGE_CSP } from './renderStatusHtml.ts';
import {
  findPublishedStatusPage,
  findStatusPageOfCommons,
  listIncidentUpdates,
  postIncidentUpdate,
  saveStatusPageSetting,
} from './statusPageStore.ts';
import type { StatusPagesTable, StatusPageUpdatesTable } from './statusPageTables.ts';

const TAGS = ['status-pages'];

const toIncidentUpdate = (row: StatusPageUpdatesTable): Static<typeof IncidentUpdate> => ({
  id: row.id,
  incidentId: row.incident_id,
  status: row.status,
  message: row.message,
  postedBy: row.posted_by,
  postedAt: row.posted_at,
});

/** Whether the incident belongs to the commons (paged through the monitor store, newest first). */
async function incidentOfCommons(
  database: CsocDatabase,
  orgId: string,
  commonsId: string,
  incidentId: string,
): Promise<boolean> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await listIncidentRows(database, orgId, { commonsId }, { limit: 500, afterId });
    if (rows.slice(0, 500).some((row) => row.id === incidentId)) return true;
    if (rows.length <= 500 || rows[499]!.id < incidentId) return false;
    afterId = rows[499]!.id;
  }
}

export function registerStatusPageRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;
  const staleMs = () => Math.max(3 * context.config.probeIntervalSeconds * 1000, 60_000);
  // Read per request: the public URL is known only once the server listens (port 0 picks one).
  const base = () => context.publicUrl.replace(/\/$/, '');
  const addressOf = (org: string, commons: string) => ({
    url: `${base()}/status/${org}/${commons}`,
    jsonUrl: `${base()}/api/v1/status/${org}/${commons}`,
    feedUrl: `${base()}/status/${org}/${commons}/feed.atom`,
  });
  const toSettings = (
    commons: string,
    org: string,
    row: StatusPagesTable | undefined,
  ): Static<typeof StatusPageSettings> => ({
    commons,
    enabled: row?.enabled === 1,
    title: row?.title ?? null,
    ...addressOf(org, commons),
    updatedBy: row?.updated_by ?? null,
    updatedAt: row?.updated_at ?? null,
  });

  app.get(
    '/api/v1/orgs/:org/commons/:commons/status-page',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: TAGS,
        summary: "Whether the commons publishes a public status page, and the page's addresses",
        params: CommonsParams,
        response: { 200: StatusPageSettings },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      return toSettings(commons.name, access.orgSlug, await findStatusPageOfCommons(database, commons.id));
    },
  );

  app.put(
    '/api/v1/orgs/:org/commons/:commons/status-page',
    {
      config: { action: 'statuspage.manage' },
      schema: {
        tags: TAGS,
        summary: "Publish or withdraw the commons' public status page (no sign-in needed to read it)",
        params: CommonsParams,
        body: UpdateStatusPageRequest,
        response: { 200: StatusPageSettings },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      const row = await saveStatusPageSetting(database, {
        commonsId: commons.id,
        orgId: access.orgId,
        orgSlug: access.orgSlug,
        commonsName: commons.name,
        enabled: request.body.enabled,
        title: request.body.title,
        updatedBy: request.principal!.email,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/status-page`,
        summary: { enabled: request.body.enabled, title: row.title },
      };
      return toSettings(commons.name, access.orgSlug, row);
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/incidents/:incident/updates',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: TAGS,
        summary: 'The updates operators posted to an incident, oldest first',
        params: IncidentParams,
        response: { 200: IncidentUpdateList },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      const rows = await listIncidentUpdates(database, commons.id, request.params.incident);
      return { items: rows.map(toIncidentUpdate) };
    },
  );

  app.post(
    '/api/v1/orgs/:org/commons/:commons/incidents/:incident/updates',
    {
      config: { action: 'statuspage.manage' },
      schema: {
        tags: TAGS,
        summary: "Post an update to an incident (public: shown on the commons' status page and feed)",
        params: IncidentParams,
        body: PostIncidentUpdateRequest,
        response: { 201: IncidentUpdate },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      if (!(await incidentOfCommons(database, access.orgId, commons.id, request.params.incident)))
        throw new NotFoundError(
          `Commons ${commons.name} has no incident ${request.params.incident}; list them with GET /api/v1/orgs/${access.orgSlug}/commons/${commons.name}/incidents.`,
          'incident_not_found',
        );
      const row = await postIncidentUpdate(database, {
        orgId: access.orgId,
        commonsId: commons.id,
        incidentId: request.params.incident,
        status: request.body.status,
        message: request.body.message,
        postedBy: request.principal!.email,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/incidents/${request.params.incident}/updates/${row.id}`,
        summary: { status: row.status },
      };
      return reply.status(201).send(toIncidentUpdate(row));
    },
  );

  // The public side. The same error, word for word, whether the commons does not exist or has no page.
  async function publishedPage(org: string, commons: string): Promise<StatusPagesTable> {
    const page = await findPublishedStatusPage(database, org, commons);
    if (!page) throw new NotFoundError(`There is no status page ${org}/${commons}.`, 'status_page_not_found');
    return page;
  }
  const publicConfig = () => ({
    action: 'public',
    rateLimit: { max: context.config.statusPageRateLimitPerMinute, timeWindow: '1 minute' },
  });

  app.get(
    '/api/v1/status/:org/:commons',
    {
      config: publicConfig(),
      schema: {
        tags: TAGS,
        summary: 'The public status page of a commons as JSON (no sign-in; 404 unless it opted in)',
        params: PublicStatusParams,
        response: { 200: PublicStatusPage },
      },
    },
    async (request) => {
      const page = await publishedPage(request.params.org, request.params.commons);
      return buildPublicStatus(database, page, { staleMs: staleMs() });
    },
  );

  app.get(
    '/status/:org/:commons',
    {
      config: publicConfig(),
      schema: { params: PublicStatusParams, hide: true },
    },
    async (request, reply) => {
      const { org, commons } = request.params;
      const page = await publishedPage(org, commons);
      const status = await buildPublicStatus(database, page, { staleMs: staleMs() });
      const address = addressOf(org, commons);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', STATUS_PAGE_CSP)
        .header('cache-control', 'no-cache')
        .send(renderStatusHtml(status, { json: address.jsonUrl, feed: address.feedUrl }));
    },
  );

  app.get(
    '/status/:org/:commons/feed.atom',
    {
      config: publicConfig(),
      schema: { params: PublicStatusParams, hide: true },
    },
    async (request, reply) => {
      const { org, commons } = request.params;
      const page = await publishedPage(org, commons);
      const status = await buildPublicStatus(database, page, { staleMs: staleMs() });
      const address = addressOf(org, commons);
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
        .header('cache-control', 'no-cache')
        .send(
          renderStatusAtom(status, {
            pageUrl: address.url,
            feedUrl: address.feedUrl,
            tagBase: `tag:${new URL(base()).hostname},2026:status/${org}/${commons}`,
            fallbackUpdated: page.updated_at,
          }),
        );
    },
  );
}

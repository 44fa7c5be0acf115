// Reading the audit log: filtered, newest first, per org (org admins) or across CSOC (platform admins);
// export as JSON Lines; verify the hash chain.
import { AuditChainStatus, AuditEvent, AuditQuery, OrgParams, Page, parseDateTime } from '@csoc/common';
import type { Static } from 'typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { InputError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { verifyAuditChain } from './auditLog.ts';
import type { AuditEventsTable } from './auditTables.ts';

export function toAuditEvent(row: AuditEventsTable) {
  return {
    id: row.id,
    seq: Number(row.seq),
    time: row.time,
    actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
    orgId: row.org_id,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    requestId: row.request_id,
    sourceIp: row.source_ip,
    summary: JSON.parse(row.summary) as Record<string, unknown>,
    hash: row.hash,
  };
}

type Filters = Static<typeof AuditQuery>;

/** The stored form (ISO 8601, UTC, milliseconds) of a date-time filter; a leap second is the next second. */
function instantOf(field: 'since' | 'until', text: string): string {
  const instant = parseDateTime(text);
  if (!instant)
    throw new InputError(`The ${field} filter is not a date-time.`, [
      {
        field: `querystring.${field}`,
        message: 'must be an RFC 3339 date-time with a time zone, e.g. 2026-06-30T12:00:00Z',
      },
    ]);
  return instant.toISOString();
}

export function registerAuditRoutes(app: CsocApp): void {
  const db = app.context.database.db;

  function filtered(filters: Filters, orgId: string | undefined) {
    let query = db.selectFrom('audit_events').selectAll();
    if (orgId) query = query.where('org_id', '=', orgId);
    if (filters.actor) {
      const actor = filters.actor;
      query = query.where((eb) =>
        eb.or([eb('actor_id', '=', actor), eb('actor_label', 'like', `%${actor.replace(/[%_]/g, '')}%`)]),
      );
    }
    if (filters.target) query = query.where('target', 'like', `${filters.target.replace(/[%_]/g, '')}%`);
    if (filters.action) query = query.where('action', '=', filters.action);
    if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
    if (filters.since) query = query.where('time', '>=', instantOf('since', filters.since));
    if (filters.until) query = query.where('time', '<', instantOf('until', filters.until));
    return query;
  }

  async function listPage(filters: Filters, orgId: string | undefined) {
    const page = readPageRequest(filters);
    let query = filtered(filters, orgId)
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    if (page.afterId) query = query.where('id', '<', page.afterId);
    return toPage(await query.execute(), page, (row) => row.id, toAuditEvent);
  }

  async function exportLines(reply: FastifyReply, filters: Filters, orgId: string | undefined) {
    // Pages through the matching events oldest first, so the export can be replayed or verified in order.
    const lines: string[] = [];
    let afterSeq = 0;
    for (;;) {
      const rows = await filtered(filters, orgId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(1000)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) lines.push(JSON.stringify(toAuditEvent(row)));
      afterSeq = Number(rows[rows.length - 1]!.seq);
    }
    return reply
      .type('application/x-ndjson')
      .header('content-disposition', 'attachment; filename="csoc-audit.jsonl"')
      .send(lines.length ? `${lines.join('\n')}\n` : '');
  }

  const exportQuery = Type.Omit(AuditQuery, ['limit', 'cursor']);

  app.get(
    '/api/v1/orgs/:org/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "The org's audit events, newest first",
        params: OrgParams,
        querystring: AuditQuery,
        response: { 200: Page(AuditEvent) },
      },
    },
    async (request) => listPage(request.query, orgAccessOf(request).orgId),
  );

  app.get(
    '/api/v1/orgs/:org/audit/export',
    {
      config: { action: 'audit.read', auditRead: true },
      schema: {
        tags: ['audit'],
        summary: "Export the org's audit events as JSON Lines",
        params: OrgParams,
        querystring: exportQuery,
        produces: ['application/x-ndjson'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => exportLines(reply, request.query, orgAccessOf(request).orgId),
  );

  app.get(
    '/api/v1/audit',
    {
      config: { action: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: 'Every audit event, newest first (platform admins)',
        querystring: AuditQuery,
        response: { 200: Page(AuditEvent) },
      },
    },
    async (request) => listPage(request.query, undefined),
  );

  app.get(
    '/api/v1/audit/export',
    {
      config: { action: 'audit.verify', auditRead: true },
      schema: {
        tags: ['audit'],
        summary: 'Export every audit event as JSON Lines (platform admins)',
        querystring: exportQuery,
        produces: ['application/x-ndjson'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => exportLines(reply, request.query, undefined),
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: { action: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain; names the first broken link',
        response: { 200: AuditChainStatus },
      },
    },
    async () => verifyAuditChain(app.context.database),
  );
}

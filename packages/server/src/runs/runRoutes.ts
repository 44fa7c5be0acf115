// Runs over HTTP: start a plan, destroy or drift check on a commons; list and read runs; approve (applies
// exactly the saved plan), discard, cancel; read and stream (SSE, resumable) a run's output.
import {
  CommonsParams,
  CreateRunRequest,
  Page,
  Run,
  RunListQuery,
  RunOutputQuery,
  RunOutputRecord,
  RunParams,
} from '@csoc/common';
import { roleAtLeast, type Action, type OrgRole } from '@csoc/common/access';
import Type from 'typebox';
import { nextRunOutput } from './runQueueSignal.ts';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import { ForbiddenError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import type { OrgAccess, Principal } from '../identity/principal.ts';
import {
  approveRun,
  cancelRun,
  createRun,
  discardRun,
  findRun,
  listRunRows,
  normalizeRun,
  runStateOf,
  TERMINAL_STATES,
} from './runLifecycle.ts';
import { readRunOutput } from './runOutput.ts';
import type { RunsTable } from './runTables.ts';

export function toRun(row: RunsTable, orgSlug: string) {
  const run = normalizeRun(row);
  return {
    id: run.id,
    org: orgSlug,
    commons: run.commons_name,
    kind: run.kind,
    state: run.state,
    plugin: { name: run.plugin_name, version: run.plugin_version },
    commonsRevision: run.commons_revision,
    requestedBy: run.requested_by,
    approvedBy: run.approved_by,
    approvedAt: run.approved_at,
    plan: run.plan_summary ? JSON.parse(run.plan_summary) : null,
    driftDetected: run.drift_detected === null ? null : run.drift_detected === 1,
    message: run.result_message,
    exitCode: run.exit_code,
    attempt: run.attempt,
    cancelRequested: Boolean(run.cancel_requested_at),
    simulated: run.plugin_name === 'sim',
    createdAt: run.created_at,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    version: run.version,
  };
}

export function registerRunRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;
  const db = database.db;

  app.post(
    '/api/v1/orgs/:org/commons/:commons/runs',
    {
      config: { action: 'run.plan' },
      schema: {
        tags: ['runs'],
        summary: 'Start a run: plan (applied after approval), destroy, or drift check',
        params: CommonsParams,
        body: CreateRunRequest,
        response: { 201: Run },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const row = await createRun(context, {
        orgId: access.orgId,
        commons,
        kind: request.body.kind ?? 'plan',
        message: request.body.message,
        requestedBy: request.principal!,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/runs/${row.id}`,
        summary: {
          kind: row.kind,
          revision: commons.revision,
          plugin: `${row.plugin_name}@${row.plugin_version}`,
        },
      };
      setEtag(reply, row.version);
      return reply.status(201).send(toRun(row, access.orgSlug));
    },
  );

  async function listRuns(
    orgId: string,
    orgSlug: string,
    query: { limit?: number; cursor?: string; state?: string },
    commonsId?: string,
  ) {
    const page = readPageRequest(query);
    const rows = await listRunRows(
      database,
      orgId,
      { commonsId, state: query.state as RunsTable['state'] | undefined },
      page,
    );
    return toPage(
      rows,
      page,
      (row) => row.id,
      (row) => toRun(row, orgSlug),
    );
  }

  app.get(
    '/api/v1/orgs/:org/runs',
    {
      config: { action: 'run.read' },
      schema: {
        tags: ['runs'],
        summary: "The org's runs, newest first",
        params: Type.Object({ org: CommonsParams.properties.org }, { additionalProperties: false }),
        querystring: RunListQuery,
        response: { 200: Page(Run) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commonsId = request.query.commons
        ? (await findCommons(db, access.orgId, request.query.commons)).id
        : undefined;
      return listRuns(access.orgId, access.orgSlug, request.query, commonsId);
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/runs',
    {
      config: { action: 'run.read' },
      schema: {
        tags: ['runs'],
        summary: "A commons' runs, newest first",
        params: CommonsParams,
        querystring: Type.Omit(RunListQuery, ['commons']),
        response: { 200: Page(Run) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      return listRuns(access.orgId, access.orgSlug, request.query, commons.id);
    },
  );

  app.get(
    '/api/v1/orgs/:org/runs/:runId',
    {
      config: { action: 'run.read' },
      schema: { tags: ['runs'], summary: 'One run', params: RunParams, response: { 200: Run } },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const run = await findRun(database, access.orgId, request.params.runId);
      setEtag(reply, run.version);
      return toRun(run, access.orgSlug);
    },
  );

  /**
   * A POST that acts on a run as the client read it: audited with the run as its target, refused when the
   * run moved on since (If-Match), answered with the run as it is after the act.
   */
  function registerRunAction(
    verb: 'approve' | 'discard' | 'cancel',
    options: {
      action: Action;
      summary: string;
      auditSummary?: (run: RunsTable) => Record<string, unknown>;
      act: (run: RunsTable, access: OrgAccess, principal: Principal) => Promise<void>;
    },
  ) {
    app.post(
      `/api/v1/orgs/:org/runs/:runId/${verb}`,
      {
        config: { action: options.action },
        schema: { tags: ['runs'], summary: options.summary, params: RunParams, response: { 200: Run } },
      },
      async (request) => {
        const access = orgAccessOf(request);
        const run = await findRun(database, access.orgId, request.params.runId);
        request.auditNote = {
          target: `orgs/${access.orgSlug}/commons/${run.commons_name}/runs/${run.id}`,
          ...(options.auditSummary ? { summary: options.auditSummary(run) } : {}),
        };
        // A client acting on what it saw (If-Match) never approves or cancels a run that moved on since.
        checkIfMatch(request, run.version);
        await options.act(run, access, request.principal!);
        return toRun(await findRun(database, access.orgId, run.id), access.orgSlug);
      },
    );
  }

  registerRunAction('approve', {
    action: 'run.approve',
    summary: 'Approve a planned run: its saved plan is applied exactly',
    auditSummary: (run) => ({
      kind: run.kind,
      plan: run.plan_summary ? JSON.parse(run.plan_summary).summary : null,
    }),
    act: async (run, access, principal) => {
      if (!roleAtLeast(access.role, context.config.approverMinRole as OrgRole)) {
        throw new ForbiddenError(
          `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}.`,
          'approval_role_required',
        );
      }
      await approveRun(context, run, principal);
    },
  });

  registerRunAction('discard', {
    action: 'run.plan',
    summary: 'Discard a planned run without applying it',
    act: (run, _access, principal) => discardRun(database, run, principal.email),
  });

  registerRunAction('cancel', {
    action: 'run.cancel',
    summary: 'Cancel a queued or executing run (the plugin is stopped, the state lock released)',
    auditSummary: (run) => ({ from: run.state }),
    act: (run, _access, principal) => cancelRun(database, run, principal.email),
  });

  const toRecord = (row: { seq: number; kind: string; data: string; created_at: string }) => ({
    seq: row.seq,
    kind: row.kind,
    data: row.kind === 'log' ? row.data : (JSON.parse(row.data) as unknown),
    createdAt: row.created_at,
  });

  app.get(
    '/api/v1/orgs/:org/runs/:runId/output',
    {
      config: { action: 'run.read' },
      schema: {
        tags: ['runs'],
        summary: "A run's output records after a sequence number",
        params: RunParams,
        querystring: RunOutputQuery,
        response: { 200: Type.Object({ items: Type.Array(RunOutputRecord), finished: Type.Boolean() }) },
      },
    },
    async (request) => {
      const run = await findRun(database, orgAccessOf(request).orgId, request.params.runId);
      const rows = await readRunOutput(
        database,
        run.id,
        request.query.after ?? 0,
        request.query.limit ?? 1000,
      );
      return { items: rows.map(toRecord), finished: TERMINAL_STATES.includes(run.state) };
    },
  );

  app.get(
    '/api/v1/orgs/:org/runs/:runId/output/stream',
    {
      config: { action: 'run.read' },
      schema: {
        tags: ['runs'],
        summary:
          'Live output as Server-Sent Events (events: log, event, state, end); resume with Last-Event-ID or ?after=',
        params: RunParams,
        querystring: Type.Object(
          { after: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
        produces: ['text/event-stream'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const run = await findRun(database, access.orgId, request.params.runId);
      const lastEventId = Number(request.headers['last-event-id']);
      let after =
        Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : (request.query.after ?? 0);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-request-id': String(request.id),
        'x-accel-buffering': 'no',
      });
      let closed = false;
      request.raw.on('close', () => {
        closed = true;
      });
      let lastWrite = Date.now();
      // Output is read from the database, so any replica can stream a run executed anywhere. A record
      // written in this process wakes the stream at once; one written by another replica's worker is
      // found within 250 ms.
      while (!closed && context.lifecycle.accepting) {
        const next = nextRunOutput(run.id, 250);
        const rows = await readRunOutput(database, run.id, after, 500);
        for (const row of rows) {
          raw.write(`id: ${row.seq}\nevent: ${row.kind}\ndata: ${JSON.stringify(toRecord(row).data)}\n\n`);
          after = row.seq;
          lastWrite = Date.now();
        }
        if (rows.length === 500) {
          next.cancel();
          continue;
        }
        const state = await runStateOf(database, run.id);
        if (!state || TERMINAL_STATES.includes(state)) {
          const tail = await readRunOutput(database, run.id, after, 500);
          for (const row of tail)
            raw.write(`id: ${row.seq}\nevent: ${row.kind}\ndata: ${JSON.stringify(toRecord(row).data)}\n\n`);
          raw.write(`event: end\ndata: ${JSON.stringify({ state: state ?? 'unknown' })}\n\n`);
          next.cancel();
          break;
        }
        if (Date.now() - lastWrite > 15_000) {
          raw.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        await next.wait;
      }
      raw.end();
    },
  );
}

// Runs over HTTP: start a plan, destroy or drift check on a commons; list and read runs; approve (applies
// exactly the saved plan), discard, cancel; read and stream (SSE, resumable) a run's output.
import {
  CommonsParams,
  CreateRunRequest,
  newId,
  Page,
  Run,
  RunListQuery,
  RunOutputQuery,
  RunOutputRecord,
  RunParams,
  type CommonsSpec,
} from '@csoc/common';
import { sql } from 'kysely';
import Type from 'typebox';
import { setTimeout as sleep } from 'node:timers/promises';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { roleAtLeast, type OrgRole } from '@csoc/common/access';
import { findCommons } from '../commons/commonsRoutes.ts';
import { plugInputErrors } from '../commons/validateCommonsSpec.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { resolvePlugin } from '../plugins/pluginRegistry.ts';
import { latestStateVersion } from '../state/stateStore.ts';
import { normalizeRun, TERMINAL_STATES } from './runQueue.ts';
import { appendRunOutput, readRunOutput } from './runOutput.ts';
import { signalCancel, signalRunnable } from './runQueueSignal.ts';
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

  async function findRun(orgId: string, runId: string): Promise<RunsTable> {
    const row = await db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', runId)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('No run with that id in this organization.', 'run_not_found');
    return normalizeRun(row);
  }

  /** Moves a run from one state to another only if nobody moved it first. */
  async function transition(
    run: RunsTable,
    from: RunsTable['state'][],
    set: Partial<RunsTable>,
    note: string,
  ) {
    const result = await db
      .updateTable('runs')
      .set({ ...set, updated_at: nowIso(), version: sql`version + 1` } as never)
      .where('id', '=', run.id)
      .where('state', 'in', from)
      .where('version', '=', run.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new ConflictError(
        'The run changed meanwhile (another person or the worker moved it); reload it.',
        'run_changed',
      );
    await appendRunOutput(
      database,
      run.id,
      'state',
      JSON.stringify({ state: set.state ?? run.state, message: note }),
    );
    // A run that ended or moved on may unblock the next run of its commons.
    signalRunnable();
  }

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
      const kind = request.body.kind ?? 'plan';
      const spec = JSON.parse(commons.spec) as CommonsSpec;
      const plugin = await resolvePlugin(
        database,
        spec.plugin.name,
        spec.plugin.version!,
        'spec.plugin.version',
      );
      const capability = kind === 'plan' ? 'apply' : kind;
      if (!plugin.manifest.capabilities.includes(capability as never)) {
        throw new InputError(`Plugin ${plugin.name} ${plugin.version} cannot ${kind}.`, [
          {
            field: 'body.kind',
            message: `is not among the plugin's capabilities (${plugin.manifest.capabilities.join(', ')})`,
          },
        ]);
      }
      if (kind === 'drift' && commons.infra_status !== 'provisioned') {
        throw new ConflictError(
          'There is no applied infrastructure to check for drift yet.',
          'nothing_to_check',
        );
      }
      // Inputs are checked again here, so a plugin upgrade or a schema change never starts a doomed run.
      const inputs = structuredClone(spec.inputs);
      const problems = plugInputErrors(plugin, inputs, 'spec.inputs');
      if (problems.length)
        throw new InputError(
          `The commons inputs no longer satisfy plugin ${plugin.name} ${plugin.version}: fix the commons first.`,
          problems,
        );
      const now = nowIso();
      const principal = request.principal!;
      const row: RunsTable = {
        id: newId(),
        org_id: access.orgId,
        commons_id: commons.id,
        commons_name: commons.name,
        kind,
        state: 'queued',
        plugin_name: plugin.name,
        plugin_version: plugin.version,
        commons_revision: commons.revision,
        inputs: JSON.stringify(inputs),
        account_name: spec.account,
        requested_by: principal.token
          ? `${principal.email} (token ${principal.token.name})`
          : principal.email,
        requested_by_id: principal.userId,
        approved_by: null,
        approved_at: null,
        plan_summary: null,
        planned_state_serial: null,
        drift_detected: null,
        result_message: null,
        exit_code: null,
        lease_owner: null,
        lease_expires_at: null,
        attempt: 0,
        state_token_hash: null,
        cancel_requested_at: null,
        cancel_requested_by: null,
        timeout_seconds: context.config.runTimeoutSeconds,
        created_at: now,
        started_at: null,
        finished_at: null,
        updated_at: now,
        version: 1,
      };
      await db.insertInto('runs').values(row).execute();
      signalRunnable();
      await appendRunOutput(
        database,
        row.id,
        'state',
        JSON.stringify({
          state: 'queued',
          message: `${kind} requested by ${row.requested_by}${request.body.message ? `: ${request.body.message}` : ''}`,
        }),
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/runs/${row.id}`,
        summary: { kind, revision: commons.revision, plugin: `${plugin.name}@${plugin.version}` },
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
    let select = db
      .selectFrom('runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    if (commonsId) select = select.where('commons_id', '=', commonsId);
    if (query.state) select = select.where('state', '=', query.state as RunsTable['state']);
    if (page.afterId) select = select.where('id', '<', page.afterId);
    return toPage(
      await select.execute(),
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
      const run = await findRun(access.orgId, request.params.runId);
      setEtag(reply, run.version);
      return toRun(run, access.orgSlug);
    },
  );

  app.post(
    '/api/v1/orgs/:org/runs/:runId/approve',
    {
      config: { action: 'run.approve' },
      schema: {
        tags: ['runs'],
        summary: 'Approve a planned run: its saved plan is applied exactly',
        params: RunParams,
        response: { 200: Run },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const run = await findRun(access.orgId, request.params.runId);
      const principal = request.principal!;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${run.commons_name}/runs/${run.id}`,
        summary: { kind: run.kind, plan: run.plan_summary ? JSON.parse(run.plan_summary).summary : null },
      };
      // A client acting on what it saw (If-Match) never approves or cancels a run that moved on since.
      checkIfMatch(request, run.version);
      if (!roleAtLeast(access.role, context.config.approverMinRole as OrgRole)) {
        throw new ForbiddenError(
          `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}.`,
          'approval_role_required',
        );
      }
      if (run.state !== 'planned')
        throw new ConflictError(
          `Only a planned run can be approved; this one is ${run.state}.`,
          'run_not_planned',
        );
      if (context.config.approvalSeparateApprover && run.requested_by_id === principal.userId) {
        throw new ForbiddenError(
          'This CSOC requires a second person to approve: you requested this run.',
          'approver_is_requester',
        );
      }
      const latest = await latestStateVersion(database, run.commons_id);
      if ((latest ? Number(latest.serial) : 0) !== (run.planned_state_serial ?? 0)) {
        await transition(
          run,
          ['planned'],
          {
            state: 'discarded',
            finished_at: nowIso(),
            result_message: 'Discarded: the state changed after this plan was made (stale plan). Plan again.',
          },
          'stale plan discarded',
        );
        throw new ConflictError(
          'The state changed since this plan was made, so the plan is stale and was discarded; plan again.',
          'plan_stale',
        );
      }
      const now = nowIso();
      await transition(
        run,
        ['planned'],
        { state: 'applying', approved_by: principal.email, approved_at: now, lease_owner: null },
        `approved by ${principal.email}; waiting for a worker to apply`,
      );
      return toRun(await findRun(access.orgId, run.id), access.orgSlug);
    },
  );

  app.post(
    '/api/v1/orgs/:org/runs/:runId/discard',
    {
      config: { action: 'run.plan' },
      schema: {
        tags: ['runs'],
        summary: 'Discard a planned run without applying it',
        params: RunParams,
        response: { 200: Run },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const run = await findRun(access.orgId, request.params.runId);
      request.auditNote = { target: `orgs/${access.orgSlug}/commons/${run.commons_name}/runs/${run.id}` };
      // A client acting on what it saw (If-Match) never approves or cancels a run that moved on since.
      checkIfMatch(request, run.version);
      if (run.state !== 'planned')
        throw new ConflictError(
          `Only a planned run can be discarded; this one is ${run.state}.`,
          'run_not_planned',
        );
      await transition(
        run,
        ['planned'],
        {
          state: 'discarded',
          finished_at: nowIso(),
          result_message: `Discarded by ${request.principal!.email}.`,
        },
        `discarded by ${request.principal!.email}`,
      );
      return toRun(await findRun(access.orgId, run.id), access.orgSlug);
    },
  );

  app.post(
    '/api/v1/orgs/:org/runs/:runId/cancel',
    {
      config: { action: 'run.cancel' },
      schema: {
        tags: ['runs'],
        summary: 'Cancel a queued or executing run (the plugin is stopped, the state lock released)',
        params: RunParams,
        response: { 200: Run },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const run = await findRun(access.orgId, request.params.runId);
      const who = request.principal!.email;
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${run.commons_name}/runs/${run.id}`,
        summary: { from: run.state },
      };
      // A client acting on what it saw (If-Match) never approves or cancels a run that moved on since.
      checkIfMatch(request, run.version);
      if (TERMINAL_STATES.includes(run.state))
        throw new ConflictError(`The run already ended (${run.state}).`, 'run_finished');
      const now = nowIso();
      if (
        run.state === 'queued' ||
        run.state === 'planned' ||
        (run.state === 'applying' && !run.lease_owner)
      ) {
        await transition(
          run,
          [run.state],
          {
            state: 'cancelled',
            cancel_requested_at: now,
            cancel_requested_by: who,
            finished_at: now,
            result_message: `Cancelled by ${who} before it ran.`,
          },
          `cancelled by ${who}`,
        );
      } else {
        // A worker in this process stops the plugin at once; one elsewhere at its next heartbeat (≤ 5 s).
        await transition(
          run,
          [run.state],
          { cancel_requested_at: now, cancel_requested_by: who },
          `cancel requested by ${who}`,
        );
        signalCancel(run.id);
      }
      return toRun(await findRun(access.orgId, run.id), access.orgSlug);
    },
  );

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
      const run = await findRun(orgAccessOf(request).orgId, request.params.runId);
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
      const run = await findRun(access.orgId, request.params.runId);
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
      // Output is read from the database, so any replica can stream a run executed anywhere.
      while (!closed && context.lifecycle.accepting) {
        const rows = await readRunOutput(database, run.id, after, 500);
        for (const row of rows) {
          raw.write(`id: ${row.seq}\nevent: ${row.kind}\ndata: ${JSON.stringify(toRecord(row).data)}\n\n`);
          after = row.seq;
          lastWrite = Date.now();
        }
        if (rows.length === 500) continue;
        const current = await db
          .selectFrom('runs')
          .select('state')
          .where('id', '=', run.id)
          .executeTakeFirst();
        if (!current || TERMINAL_STATES.includes(current.state)) {
          const tail = await readRunOutput(database, run.id, after, 500);
          for (const row of tail)
            raw.write(`id: ${row.seq}\nevent: ${row.kind}\ndata: ${JSON.stringify(toRecord(row).data)}\n\n`);
          raw.write(`event: end\ndata: ${JSON.stringify({ state: current?.state ?? 'unknown' })}\n\n`);
          break;
        }
        if (Date.now() - lastWrite > 15_000) {
          raw.write(': keep-alive\n\n');
          lastWrite = Date.now();
        }
        await sleep(250);
      }
      raw.end();
    },
  );
}

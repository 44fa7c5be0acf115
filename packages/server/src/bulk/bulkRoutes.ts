// Bulk actions over HTTP: start one plan or drift check per commons of a selection, read the runs back with
// a summary of what they would change, and approve every plan of the action in one call that lists each
// plan as the approver read it. Each run goes through the runs area's lifecycle and is audited on its own.
import {
  BulkApproveRequest,
  BulkRuns,
  BulkRunsQuery,
  BulkRunsRequest,
  OrgParams,
  type BulkRunItem,
} from '@csoc/common';
import { roleAtLeast, type OrgRole } from '@csoc/common/access';
import type { Static } from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { ConflictError, DomainError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { approveRun, createRun, findRun } from '../runs/runLifecycle.ts';
import { toRun } from '../runs/runRoutes.ts';
import { recordRunAudit } from './recordRunAudit.ts';
import { selectBulkCommons } from './selectBulkCommons.ts';
import { summarizeBulkRuns } from './summarizeBulkRuns.ts';

type Item = Static<typeof BulkRunItem>;

/** A domain error becomes the item's reason; anything else is a fault of CSOC and fails the request. */
function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  throw error;
}

export function registerBulkRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;

  app.post(
    '/api/v1/orgs/:org/bulk/runs',
    {
      config: { action: 'run.plan' },
      schema: {
        tags: ['bulk'],
        summary:
          'Start one plan (each approved on its own or in one bulk approval) or drift check per commons',
        params: OrgParams,
        body: BulkRunsRequest,
        response: { 201: BulkRuns },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const { kind, message } = request.body;
      const selection = await selectBulkCommons(database, access.orgId, request.body);
      const items: Item[] = [];
      // One at a time: each createRun checks its commons' plugin and inputs, and a refusal (nothing to
      // check for drift, inputs the plugin no longer accepts) is that commons' answer, not the action's.
      for (const commons of selection) {
        try {
          const row = await createRun(context, {
            orgId: access.orgId,
            commons,
            kind,
            message: message ?? `bulk ${kind} of ${selection.length} commons`,
            requestedBy: request.principal!,
          });
          items.push({ commons: commons.name, run: toRun(row, access.orgSlug), error: null });
          await recordRunAudit(context, request, {
            action: 'run.plan',
            orgSlug: access.orgSlug,
            commons: commons.name,
            runId: row.id,
            outcome: 'success',
            summary: { kind, revision: commons.revision, plugin: `${row.plugin_name}@${row.plugin_version}` },
          });
        } catch (error) {
          const failure = failureOf(error);
          items.push({ commons: commons.name, run: null, error: failure });
          await recordRunAudit(context, request, {
            action: 'run.plan',
            orgSlug: access.orgSlug,
            commons: commons.name,
            outcome: 'failure',
            summary: { kind, error: failure.code },
          });
        }
      }
      request.auditNote = {
        target: `orgs/${access.orgSlug}/bulk/runs`,
        summary: {
          kind,
          ...(request.body.labelSelector ? { labelSelector: request.body.labelSelector } : {}),
          runs: items.flatMap((item) => (item.run ? [item.run.id] : [])),
          notStarted: items.filter((item) => !item.run).map((item) => item.commons),
        },
      };
      return reply.status(201).send({ items, summary: summarizeBulkRuns(items) });
    },
  );

  app.get(
    '/api/v1/orgs/:org/bulk/runs',
    {
      config: { action: 'run.read' },
      schema: {
        tags: ['bulk'],
        summary: "A bulk action's runs as they stand, with what they would change in all",
        params: OrgParams,
        querystring: BulkRunsQuery,
        response: { 200: BulkRuns },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const ids = [...new Set(request.query.runs.split(','))];
      const items: Item[] = [];
      for (const id of ids) {
        try {
          const run = toRun(await findRun(database, access.orgId, id), access.orgSlug);
          items.push({ commons: run.commons, run, error: null });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          throw new InputError('A run of the list is not in this organization.', [
            { field: 'query.runs', message: `no run ${id} in this organization; remove it from the list` },
          ]);
        }
      }
      return { items, summary: summarizeBulkRuns(items) };
    },
  );

  app.post(
    '/api/v1/orgs/:org/bulk/runs/approve',
    {
      config: { action: 'run.approve' },
      schema: {
        tags: ['bulk'],
        summary:
          'Approve every plan listed (each as read: id and version); each is approved, checked and audited on its own',
        params: OrgParams,
        body: BulkApproveRequest,
        response: { 200: BulkRuns },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const principal = request.principal!;
      // The same gate as approving one run (runs/runRoutes.ts), checked once: it depends on the approver only.
      if (!roleAtLeast(access.role, context.config.approverMinRole as OrgRole)) {
        throw new ForbiddenError(
          `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}.`,
          'approval_role_required',
        );
      }
      const items: Item[] = [];
      for (const [index, listed] of request.body.runs.entries()) {
        let run;
        try {
          run = await findRun(database, access.orgId, listed.id);
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          throw new InputError(
            'A run of the list is not in this organization; nothing was approved after it.',
            [
              {
                field: `body.runs[${index}].id`,
                message: `no run ${listed.id} here; remove it from the list`,
              },
            ],
          );
        }
        const target = { orgSlug: access.orgSlug, commons: run.commons_name, runId: run.id };
        const plan = run.plan_summary ? (JSON.parse(run.plan_summary) as { summary: unknown }).summary : null;
        try {
          // What the approver saw is what gets approved: a plan that moved on since is left alone.
          if (run.version !== listed.version)
            throw new ConflictError(
              `The run changed since it was listed (version ${listed.version}, now ${run.version}); read the bulk action again.`,
              'run_changed',
            );
          await approveRun(context, run, principal);
          await recordRunAudit(context, request, {
            action: 'run.approve',
            ...target,
            outcome: 'success',
            summary: { kind: run.kind, plan },
          });
          items.push({
            commons: run.commons_name,
            run: toRun(await findRun(database, access.orgId, run.id), access.orgSlug),
            error: null,
          });
        } catch (error) {
          const failure = failureOf(error);
          await recordRunAudit(context, request, {
            action: 'run.approve',
            ...target,
            outcome: error instanceof ForbiddenError ? 'denied' : 'failure',
            summary: { kind: run.kind, plan, error: failure.code },
          });
          items.push({
            commons: run.commons_name,
            run: toRun(await findRun(database, access.orgId, run.id), access.orgSlug),
            error: failure,
          });
        }
      }
      request.auditNote = {
        target: `orgs/${access.orgSlug}/bulk/runs/approve`,
        summary: {
          approved: items.filter((item) => !item.error).map((item) => item.run!.id),
          refused: items.filter((item) => item.error).map((item) => `${item.run!.id}: ${item.error!.code}`),
        },
      };
      return { items, summary: summarizeBulkRuns(items) };
    },
  );
}

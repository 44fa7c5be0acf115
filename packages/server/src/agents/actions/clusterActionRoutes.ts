// Gen3 operations as audited actions through a commons' agent: operators ask (typing the commons' name),
// a second person approves where the org's rule for prod (or this CSOC) wants one, everyone in the org
// reads the list, each action and its live output (server-sent events that resume from Last-Event-ID).
import { roleAtLeast, type OrgRole } from '@csoc/common/access';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { findCommons } from '../../commons/commonsStore.ts';
import { ForbiddenError, InputError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import {
  approveClusterAction,
  conflictUnlessPending,
  CSOC_RESTARTED_MESSAGE,
  HEARTBEAT_EVERY_MS,
  failInterruptedActions,
  findClusterAction,
  listClusterActions,
} from './clusterActionStore.ts';
import {
  ClusterAction,
  ClusterActionIdParams,
  ClusterActionList,
  ClusterActionParams,
  ClusterActionRequest,
  toClusterAction,
  toClusterActionSummary,
} from './clusterActionSchemas.ts';
import { streamActionEvents } from './streamActionEvents.ts';
import { auditActionChange } from './runClusterAction.ts';
import { requestClusterAction, requireAgent, startClusterAction } from './requestClusterAction.ts';

const TAGS = ['cluster'];
/** Actions that name what they act on; the fixed Gen3 jobs take no target. */
const TARGETED = new Set(['restart', 'cronjob']);

/** Refuses a request whose confirmation or target does not fit the action, naming the field. */
export function checkActionRequest(body: ClusterActionRequest, commonsName: string): void {
  if (body.confirm !== commonsName)
    throw new InputError(
      `Type the commons' name to confirm: "confirm": "${commonsName}".`,
      [{ field: 'body.confirm', message: `must equal ${commonsName}` }],
      'confirmation_required',
    );
  if (TARGETED.has(body.action) && !body.target)
    throw new InputError(
      `A ${body.action} needs a target: the ${body.action === 'restart' ? 'Deployment' : 'CronJob'} to act on.`,
      [{ field: 'body.target', message: `name the ${body.action === 'restart' ? 'Deployment' : 'CronJob'}` }],
    );
  if (!TARGETED.has(body.action) && body.target)
    throw new InputError(`${body.action} runs the chart's own job and takes no target.`, [
      { field: 'body.target', message: 'remove it (only restart and cronjob take a target)' },
    ]);
}

export function actorOf(request: FastifyRequest): { id: string; label: string } {
  const principal = request.principal!;
  return {
    id: principal.userId,
    label: principal.token ? `${principal.email} (token ${principal.token.name})` : principal.email,
  };
}

export function registerClusterActionRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const actionsPath = '/api/v1/orgs/:org/commons/:commons/cluster/actions';

  // An action whose CSOC process is gone (a restart, a crash, a lost replica) ends failed, audited: checked
  // at start and then every few seconds, by its stale heartbeat, so another replica's live action is left be.
  const sweep = async () => {
    for (const action of await failInterruptedActions(db)) {
      context.logger.warn({ actionId: action.id }, 'a cluster action was interrupted by a CSOC restart');
      await auditActionChange(context, action, { state: 'failed', result: CSOC_RESTARTED_MESSAGE });
    }
  };
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await sweep();
    sweeper = setInterval(() => {
      sweep().catch((error: unknown) =>
        context.logger.warn({ err: error }, 'could not sweep interrupted cluster actions'),
      );
    }, HEARTBEAT_EVERY_MS);
    sweeper.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));

  app.post(
    actionsPath,
    {
      config: { action: 'cluster.act' },
      schema: {
        tags: TAGS,
        summary:
          "Run a Gen3 operation through the commons' agent: restart a Deployment, usersync, etl, db-migrate, or a chart CronJob now. Type the commons' name in confirm. A prod commons may need a second person (state pending-approval).",
        params: ClusterActionParams,
        body: ClusterActionRequest,
        response: { 202: ClusterAction },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const body = request.body;
      checkActionRequest(body, commons.name);
      const action = await requestClusterAction(context, {
        commons,
        action: body.action,
        target: body.target ?? null,
        actor: actorOf(request),
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/cluster/actions/${action.id}`,
        summary: {
          action: body.action,
          ...(body.target ? { target: body.target } : {}),
          state: action.state,
        },
      };
      return reply.status(202).send(toClusterAction(action));
    },
  );

  app.post(
    `${actionsPath}/:id/approve`,
    {
      config: { action: 'cluster.approve' },
      schema: {
        tags: TAGS,
        summary: "Approve another person's action waiting for a second person; it starts at once.",
        params: ClusterActionIdParams,
        response: { 202: ClusterAction },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const action = await findClusterAction(db, commons.id, request.params.id);
      // Set first: a refused approval is audited on the action too.
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/cluster/actions/${action.id}`,
        summary: {
          action: action.action,
          ...(action.target ? { target: action.target } : {}),
          requestedBy: action.requested_by_label,
        },
      };
      conflictUnlessPending(action);
      const approver = actorOf(request);
      if (action.requested_by_id === approver.id)
        throw new ForbiddenError(
          'This action needs a second person: you requested it. Ask another operator to approve it.',
          'approver_is_requester',
        );
      // The same bar as a planned run's approval (CSOC_APPROVER_MIN_ROLE, default admin): the gate lets
      // operators reach this handler so that the refusal can name the role this CSOC wants.
      if (!roleAtLeast(access.role, context.config.approverMinRole as OrgRole))
        throw new ForbiddenError(
          `Approving needs the ${context.config.approverMinRole} role or higher in this CSOC; yours is ${access.role}. Ask someone with that role to approve it.`,
          'approval_role_required',
        );
      await requireAgent(context, commons);
      if (!(await approveClusterAction(db, action.id, approver)))
        conflictUnlessPending(await findClusterAction(db, commons.id, action.id));
      const approved = await findClusterAction(db, commons.id, action.id);
      request.auditNote.summary = { ...request.auditNote.summary, state: 'running' };
      startClusterAction(context, approved);
      return reply.status(202).send(toClusterAction(approved));
    },
  );

  app.get(
    actionsPath,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary: 'The newest 100 actions of the commons, newest first (without output)',
        params: ClusterActionParams,
        response: { 200: ClusterActionList },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      return { actions: (await listClusterActions(db, commons.id)).map(toClusterActionSummary) };
    },
  );

  app.get(
    `${actionsPath}/:id`,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary: 'One action with the last 64 KiB of its output',
        params: ClusterActionIdParams,
        response: { 200: ClusterAction },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      return toClusterAction(await findClusterAction(db, commons.id, request.params.id));
    },
  );

  app.get(
    `${actionsPath}/:id/events`,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary:
          'Live output as server-sent events: `state` ({state}), `output` ({text}, id = bytes so far; send Last-Event-ID to resume), `trimmed` when older output is gone, then one `end` ({state, result})',
        params: ClusterActionIdParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'server-sent events' }) },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const action = await findClusterAction(db, commons.id, request.params.id);
      const lastEventId = Number(request.headers['last-event-id']);
      reply.hijack();
      await streamActionEvents({
        db,
        commonsId: commons.id,
        actionId: action.id,
        from: Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0,
        out: reply.raw,
      });
    },
  );
}

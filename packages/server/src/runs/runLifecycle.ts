// A run's life: which state may follow which (the one guard the routes and the queue both use), and the
// moves people make — create, approve, discard, cancel. Other areas read runs only through the exports
// at the end of this file, never through the runs table.
import { newId, type CommonsSpec } from '@csoc/common';
import { sql } from 'kysely';
import { findCommonsById } from '../commons/findCommons.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { plugInputErrors } from '../commons/validateCommonsSpec.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import type { PageRequest } from '../http/pagination.ts';
import { requiresSecondApprover } from '../identity/orgSettings.ts';
import type { Principal } from '../identity/principal.ts';
import { resolvePlugin } from '../plugins/pluginRegistry.ts';
import { latestStateVersion } from '../state/stateStore.ts';
import { deleteRunDelivery, sealRunDelivery, type RunDelivery } from './runDelivery.ts';
import { appendRunOutput } from './runOutput.ts';
import { signalCancel, signalRunnable } from './runQueueSignal.ts';
import type { RunKind, RunsTable, RunState } from './runTables.ts';
import { withDerivedPluginInputs } from '../gitops/rendering/databaseServices.ts';
import { captureTraceContext } from '../telemetry/traceContext.ts';

export const ACTIVE_STATES: RunState[] = ['queued', 'running', 'planned', 'applying'];
export const TERMINAL_STATES: RunState[] = ['succeeded', 'failed', 'cancelled', 'discarded', 'errored'];

/**
 * Which state may follow which. A worker claims a queued run (running) and ends its phase; a lost or
 * stopped worker's plan goes back to the queue; a plan waits (planned) for a person to approve (applying),
 * discard or cancel it. A terminal state is final. Staying in a state (a claim of an approved run, a
 * cancel asked of a run a worker holds) is not a transition.
 */
export const RUN_TRANSITIONS: Readonly<Record<RunState, readonly RunState[]>> = {
  queued: ['running', 'cancelled'],
  running: ['queued', 'planned', 'succeeded', 'failed', 'cancelled', 'errored'],
  planned: ['applying', 'discarded', 'cancelled'],
  applying: ['succeeded', 'failed', 'cancelled', 'errored'],
  succeeded: [],
  failed: [],
  cancelled: [],
  discarded: [],
  errored: [],
};

/** Whether a run in state `from` may move to state `to`. */
export function runMayMove(from: RunState, to: RunState): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

/** The states a run may be in to move to `to`: the guard as a condition on the row being updated. */
export function statesMovingTo(to: RunState): RunState[] {
  return (Object.keys(RUN_TRANSITIONS) as RunState[]).filter((from) => runMayMove(from, to));
}

/** Numbers come back as strings from some drivers; keep the row's types honest. */
export function normalizeRun(run: RunsTable): RunsTable {
  return {
    ...run,
    commons_revision: Number(run.commons_revision),
    attempt: Number(run.attempt),
    timeout_seconds: Number(run.timeout_seconds),
    version: Number(run.version),
    planned_state_serial: run.planned_state_serial === null ? null : Number(run.planned_state_serial),
    drift_detected: run.drift_detected === null ? null : Number(run.drift_detected),
    exit_code: run.exit_code === null ? null : Number(run.exit_code),
  };
}

/** The run `runId` of the org; a NotFoundError when there is none. */
export async function findRun(database: CsocDatabase, orgId: string, runId: string): Promise<RunsTable> {
  const row = await database.db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', runId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No run with that id in this organization.', 'run_not_found');
  return normalizeRun(row);
}

/** The current state of a run, or undefined when it is gone. */
export async function runStateOf(database: CsocDatabase, runId: string): Promise<RunState | undefined> {
  const row = await database.db.selectFrom('runs').select('state').where('id', '=', runId).executeTakeFirst();
  return row?.state;
}

export interface RunListFilter {
  commonsId?: string;
  state?: RunState;
}

/** Up to page.limit + 1 runs of the org, newest first (the extra row tells there is a next page). */
export async function listRunRows(
  database: CsocDatabase,
  orgId: string,
  filter: RunListFilter,
  page: PageRequest,
): Promise<RunsTable[]> {
  let select = database.db
    .selectFrom('runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (filter.commonsId) select = select.where('commons_id', '=', filter.commonsId);
  if (filter.state) select = select.where('state', '=', filter.state);
  if (page.afterId) select = select.where('id', '<', page.afterId);
  return select.execute();
}

/**
 * Moves a run a person acts on to `set.state` (or keeps its state, for a cancel request) only if nobody
 * moved it first, records the move in its output, and wakes the queue.
 */
async function moveRun(database: CsocDatabase, run: RunsTable, set: Partial<RunsTable>, note: string) {
  if (set.state && !runMayMove(run.state, set.state))
    throw new Error(`A run cannot go from ${run.state} to ${set.state}.`);
  const result = await database.db
    .updateTable('runs')
    .set({ ...set, updated_at: nowIso(), version: sql`version + 1` } as never)
    .where('id', '=', run.id)
    .where('state', '=', run.state)
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

const requesterLabel = (principal: Principal) =>
  principal.token ? `${principal.email} (token ${principal.token.name})` : principal.email;

export interface CreateRunOptions {
  orgId: string;
  commons: CommonsTable;
  kind: RunKind;
  /** Why, in the requester's words; goes into the run's first output line. */
  message?: string;
  requestedBy: Principal;
  /** Secrets the run hands to the plugin (a secret delivery kind), sealed until it ends. */
  delivery?: RunDelivery;
}

/**
 * Queues a run of the commons' current revision with the plugin its spec names. Refuses a kind the plugin
 * cannot do, a drift check with nothing applied, and inputs the plugin no longer accepts.
 */
export async function createRun(context: AppContext, options: CreateRunOptions): Promise<RunsTable> {
  const { database } = context;
  const { commons, kind, requestedBy } = options;
  const spec = JSON.parse(commons.spec) as CommonsSpec;
  const plugin = await resolvePlugin(database, spec.plugin.name, spec.plugin.version!, 'spec.plugin.version');
  // A join token is written by the same plugin verb as the ingest credential (ADR 0074).
  const capability =
    kind === 'plan' ? 'apply' : kind === 'store-agent-join-token' ? 'store-ingest-credential' : kind;
  if (!plugin.manifest.capabilities.includes(capability as never)) {
    throw new InputError(`Plugin ${plugin.name} ${plugin.version} cannot ${kind}.`, [
      {
        field: 'body.kind',
        message: `is not among the plugin's capabilities (${plugin.manifest.capabilities.join(', ')})`,
      },
    ]);
  }
  if (kind === 'drift' && commons.infra_status !== 'provisioned') {
    throw new ConflictError('There is no applied infrastructure to check for drift yet.', 'nothing_to_check');
  }
  // Inputs are checked again here, so a plugin upgrade or a schema change never starts a doomed run. The
  // database services come from the enabled charts (databaseServices.ts).
  const inputs = withDerivedPluginInputs(
    spec,
    plugin.manifest.inputs as { properties?: Record<string, unknown> },
  );
  const problems = plugInputErrors(plugin, inputs, 'spec.inputs');
  if (problems.length)
    throw new InputError(
      `The commons inputs no longer satisfy plugin ${plugin.name} ${plugin.version}: fix the commons first.`,
      problems,
    );
  const now = nowIso();
  const row: RunsTable = {
    id: newId(),
    org_id: options.orgId,
    commons_id: commons.id,
    commons_name: commons.name,
    kind,
    state: 'queued',
    plugin_name: plugin.name,
    plugin_version: plugin.version,
    commons_revision: commons.revision,
    inputs: JSON.stringify(inputs),
    account_name: spec.account,
    requested_by: requesterLabel(requestedBy),
    requested_by_id: requestedBy.userId,
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
    // The worker continues the requester's trace from here (ADR 0039); null when tracing is off.
    trace_context: captureTraceContext(),
  };
  // The delivery first: a worker may claim the run the moment its row exists.
  if (options.delivery) await sealRunDelivery(database, context.vault, row.id, options.delivery);
  await database.db.insertInto('runs').values(row).execute();
  signalRunnable();
  await appendRunOutput(
    database,
    row.id,
    'state',
    JSON.stringify({
      state: 'queued',
      message: `${kind} requested by ${row.requested_by}${options.message ? `: ${options.message}` : ''}`,
    }),
  );
  return row;
}

/**
 * Approves a planned run: a worker then applies exactly its saved plan. Refuses the requester when this
 * CSOC (or the org, for prod) wants a second person, and discards a plan the state has moved past (stale),
 * asking to plan again.
 * Who may approve at all (the approver role) is checked by the caller.
 */
export async function approveRun(context: AppContext, run: RunsTable, approver: Principal): Promise<void> {
  const { database } = context;
  if (run.state !== 'planned')
    throw new ConflictError(
      `Only a planned run can be approved; this one is ${run.state}.`,
      'run_not_planned',
    );
  if (run.requested_by_id === approver.userId) {
    const { environment } = await findCommonsById(database.db, run.commons_id);
    // One rule for runs and waves: the CSOC-wide flag, or the org's own rule for prod (ADR 0050).
    if (await requiresSecondApprover(context, run.org_id, environment))
      throw new ForbiddenError(
        context.config.approvalSeparateApprover
          ? 'This CSOC requires a second person to approve: you requested this run.'
          : 'This org requires a second person to approve changes to prod commons: you requested this run.',
        'approver_is_requester',
      );
  }
  const latest = await latestStateVersion(database, run.commons_id);
  if ((latest ? Number(latest.serial) : 0) !== (run.planned_state_serial ?? 0)) {
    await moveRun(
      database,
      run,
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
  await moveRun(
    database,
    run,
    {
      state: 'applying',
      approved_by: approver.email,
      approved_at: nowIso(),
      lease_owner: null,
      // The apply continues the approval's trace (ADR 0039); an untraced approval keeps the plan's.
      trace_context: captureTraceContext() ?? run.trace_context,
    },
    `approved by ${approver.email}; waiting for a worker to apply`,
  );
}

/** Discards a planned run without applying it. */
export async function discardRun(database: CsocDatabase, run: RunsTable, who: string): Promise<void> {
  if (run.state !== 'planned')
    throw new ConflictError(
      `Only a planned run can be discarded; this one is ${run.state}.`,
      'run_not_planned',
    );
  await moveRun(
    database,
    run,
    { state: 'discarded', finished_at: nowIso(), result_message: `Discarded by ${who}.` },
    `discarded by ${who}`,
  );
}

/**
 * Cancels a run that has not ended. One no worker holds ends cancelled at once; for one a worker holds,
 * the cancel is asked: a worker in this process stops the plugin at once, one elsewhere at its next
 * heartbeat (≤ 5 s), and the worker ends the run.
 */
export async function cancelRun(database: CsocDatabase, run: RunsTable, who: string): Promise<void> {
  if (TERMINAL_STATES.includes(run.state))
    throw new ConflictError(`The run already ended (${run.state}).`, 'run_finished');
  const now = nowIso();
  if (run.state === 'queued' || run.state === 'planned' || (run.state === 'applying' && !run.lease_owner)) {
    await moveRun(
      database,
      run,
      {
        state: 'cancelled',
        cancel_requested_at: now,
        cancel_requested_by: who,
        finished_at: now,
        result_message: `Cancelled by ${who} before it ran.`,
      },
      `cancelled by ${who}`,
    );
    // A delivery that will never run leaves no secret behind.
    await deleteRunDelivery(database, run.id);
    return;
  }
  await moveRun(
    database,
    run,
    { cancel_requested_at: now, cancel_requested_by: who },
    `cancel requested by ${who}`,
  );
  signalCancel(run.id);
}

// What other areas read of runs.

export interface RunHeadline {
  id: string;
  /** Set by the bulk reads (failedLatestRunsOfCommons). */
  commonsId?: string;
  kind: RunKind;
  state: RunState;
  createdAt: string;
}

/** The latest run of a commons (whatever its kind), or null when it never had one. */
export async function latestRunOfCommons(
  database: CsocDatabase,
  commonsId: string,
): Promise<RunHeadline | null> {
  const row = await database.db
    .selectFrom('runs')
    .select(['id', 'kind', 'state', 'created_at'])
    .where('commons_id', '=', commonsId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, kind: row.kind, state: row.state, createdAt: row.created_at } : null;
}

/** The latest run of a kind of the commons, or null when it never had one. */
export async function latestRunOfKind(
  database: CsocDatabase,
  commonsId: string,
  kind: RunKind,
): Promise<(RunHeadline & { resultMessage: string | null }) | null> {
  const row = await database.db
    .selectFrom('runs')
    .select(['id', 'kind', 'state', 'created_at', 'result_message'])
    .where('commons_id', '=', commonsId)
    .where('kind', '=', kind)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        kind: row.kind,
        state: row.state,
        createdAt: row.created_at,
        resultMessage: row.result_message,
      }
    : null;
}

/** The id of a run of the commons that has not ended yet, or undefined when none is active. */
export async function activeRunOfCommons(
  database: CsocDatabase,
  commonsId: string,
): Promise<string | undefined> {
  const row = await database.db
    .selectFrom('runs')
    .select('id')
    .where('commons_id', '=', commonsId)
    .where('state', 'in', ACTIVE_STATES)
    .executeTakeFirst();
  return row?.id;
}

export interface DriftCheckHeadline {
  id: string;
  commonsId: string;
  state: RunState;
  /** null until the check finished. */
  driftDetected: boolean | null;
  createdAt: string;
}

/** The latest drift check of each commons of the org that had one, in one query. */
export async function latestDriftChecksOfOrg(
  database: CsocDatabase,
  orgId: string,
): Promise<DriftCheckHeadline[]> {
  // Ids are time-ordered (UUIDv7): the greatest id per commons is its latest run.
  const rows = await database.db
    .selectFrom('runs')
    .select(['id', 'commons_id', 'state', 'drift_detected', 'created_at'])
    .where('id', 'in', (sub) =>
      sub
        .selectFrom('runs')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('org_id', '=', orgId)
        .where('kind', '=', 'drift')
        .groupBy('commons_id'),
    )
    .execute();
  return rows.map((row) => ({
    id: row.id,
    commonsId: row.commons_id,
    state: row.state,
    driftDetected: row.drift_detected === null ? null : Number(row.drift_detected) === 1,
    createdAt: row.created_at,
  }));
}

/**
 * The latest plan/apply or destroy run of each of these commons that ended failed or errored (drift checks
 * and credential deliveries left out), in one query per 500 commons: the monitor's "a failed run" health reason.
 */
export async function failedLatestRunsOfCommons(
  database: CsocDatabase,
  commonsIds: readonly string[],
): Promise<RunHeadline[]> {
  const failed: RunHeadline[] = [];
  for (let start = 0; start < commonsIds.length; start += 500) {
    const rows = await database.db
      .selectFrom('runs')
      .select(['id', 'commons_id', 'kind', 'state', 'created_at'])
      .where('id', 'in', (sub) =>
        sub
          .selectFrom('runs')
          .select((eb) => eb.fn.max('id').as('id'))
          .where('commons_id', 'in', commonsIds.slice(start, start + 500))
          // A credential delivery's failure is told by its deploy, not as the commons' infrastructure.
          .where('kind', 'not in', ['drift', 'store-ingest-credential', 'store-agent-join-token'])
          .groupBy('commons_id'),
      )
      .where('state', 'in', ['failed', 'errored'])
      .execute();
    failed.push(
      ...rows.map((row) => ({
        id: row.id,
        commonsId: row.commons_id,
        kind: row.kind,
        state: row.state,
        createdAt: row.created_at,
      })),
    );
  }
  return failed;
}

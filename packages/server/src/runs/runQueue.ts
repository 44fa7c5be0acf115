// The runs table as a queue. A worker claims the oldest runnable run with a lease (FOR UPDATE SKIP LOCKED
// on PostgreSQL; under the database write lock on SQLite), keeps it with heartbeats, and loses it when the
// lease expires; expired leases are reclaimed by any worker. Runs of one commons go strictly in order, one
// at a time: a run is runnable only when no earlier run of its commons is still active.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import { sha256Hex } from '../crypto/sha256Hex.ts';
import { releaseLocksOfRun } from '../state/stateStore.ts';
import { ACTIVE_STATES, normalizeRun, statesMovingTo, TERMINAL_STATES } from './runLifecycle.ts';
import { leaseHeldQuery, type LeaseHolder } from './runLease.ts';
import { appendRunOutput } from './runOutput.ts';
import type { RunsTable, RunState } from './runTables.ts';

export type { LeaseHolder } from './runLease.ts';

/** A plan interrupted by a lost worker is retried this many times in all; an apply never is. */
export const MAX_PLAN_ATTEMPTS = 3;

export interface ClaimedRun {
  /** The run as claimed; its `attempt` is this claim's fencing epoch (ADR 0062). */
  run: RunsTable;
  /** The run-scoped state-backend token, known only to the claiming worker. */
  stateToken: string;
}

const candidateSql = sql`
  select r.id from runs r
  where (r.state = 'queued' or (r.state = 'applying' and r.lease_owner is null))
    and r.cancel_requested_at is null
    and not exists (
      select 1 from runs o
      where o.commons_id = r.commons_id and o.id < r.id
        and o.state in (${sql.join(ACTIVE_STATES)})
    )
  order by r.id
  limit 1`;

/** Claims the next runnable run for `workerId`, or returns undefined when there is none. */
export async function claimNextRun(
  database: CsocDatabase,
  workerId: string,
  leaseSeconds: number,
): Promise<ClaimedRun | undefined> {
  const stateToken = randomBytes(32).toString('base64url');
  const now = nowIso();
  const leaseUntil = new Date(Date.now() + leaseSeconds * 1000).toISOString();
  const claim = (candidate: ReturnType<typeof sql>) => sql<RunsTable>`
    update runs set
      lease_owner = ${workerId},
      lease_expires_at = ${leaseUntil},
      attempt = attempt + 1,
      state = case when state = 'queued' then 'running' else state end,
      started_at = coalesce(started_at, ${now}),
      state_token_hash = ${sha256Hex(stateToken)},
      updated_at = ${now},
      version = version + 1
    where id = (${candidate})
    returning *`;
  const rows =
    database.dialect === 'postgres'
      ? (await claim(sql`${candidateSql} for update of r skip locked`).execute(database.db)).rows
      : await serializedTransaction(
          database,
          'run-queue',
          async (trx) => (await claim(candidateSql).execute(trx)).rows,
        );
  const run = rows[0];
  return run ? { run: normalizeRun(run), stateToken } : undefined;
}

/** The holder a claim made. */
export function holderOf(claimed: ClaimedRun, workerId: string): LeaseHolder {
  return { workerId, attempt: claimed.run.attempt };
}

/** Extends the lease; returns false when the worker lost it (reclaimed), and whether a cancel was asked. */
export async function heartbeat(
  database: CsocDatabase,
  runId: string,
  holder: LeaseHolder,
  leaseSeconds: number,
): Promise<{ held: boolean; cancelRequested: boolean; leaseUntil: number }> {
  const leaseUntilMs = Date.now() + leaseSeconds * 1000;
  const leaseUntil = new Date(leaseUntilMs).toISOString();
  const rows = await database.db
    .updateTable('runs')
    .set({ lease_expires_at: leaseUntil })
    .where('id', '=', runId)
    .where('lease_owner', '=', holder.workerId)
    .where('attempt', '=', holder.attempt)
    .where('state', 'in', ['running', 'applying'])
    // An expired lease is not renewed: the run may already be another worker's to reclaim.
    .where('lease_expires_at', '>=', nowIso())
    .returning(['cancel_requested_at'])
    .execute();
  return {
    held: rows.length === 1,
    cancelRequested: Boolean(rows[0]?.cancel_requested_at),
    leaseUntil: leaseUntilMs,
  };
}

/**
 * Whether `holder` still holds the run with an unexpired lease: checked right before a phase writes what
 * outlives it (the saved plan, the commons' outputs), so a worker cut off past its lease writes nothing.
 */
export async function holdsLease(
  database: CsocDatabase,
  runId: string,
  holder: LeaseHolder,
): Promise<boolean> {
  return (await leaseHeldQuery(database.db, runId, holder).executeTakeFirst()) !== undefined;
}

export interface RunTransition {
  state: RunState;
  message?: string | null;
  exitCode?: number | null;
  fields?: Partial<RunsTable>;
}

/**
 * Moves a run this worker holds to its next state and gives up the lease (and the state token). Returns
 * false when the worker no longer held it (another attempt, or its lease expired), so a reclaimed run is
 * never overwritten, or when the run's state may not go to the next one (runLifecycle's guard).
 */
export async function finishPhase(
  database: CsocDatabase,
  runId: string,
  holder: LeaseHolder,
  transition: RunTransition,
): Promise<boolean> {
  const now = nowIso();
  const terminal = TERMINAL_STATES.includes(transition.state);
  const result = await database.db
    .updateTable('runs')
    .set({
      ...transition.fields,
      state: transition.state,
      result_message: transition.message ?? null,
      exit_code: transition.exitCode ?? null,
      lease_owner: null,
      lease_expires_at: null,
      state_token_hash: null,
      updated_at: now,
      ...(terminal ? { finished_at: now } : {}),
      version: sql`version + 1`,
    } as never)
    .where('id', '=', runId)
    .where('lease_owner', '=', holder.workerId)
    .where('attempt', '=', holder.attempt)
    // Past its lease the run is the reclaimer's, even before a reclaim ran: the finish is refused.
    .where('lease_expires_at', '>=', now)
    .where('state', 'in', statesMovingTo(transition.state))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await releaseLocksOfRun(database, runId);
  await appendRunOutput(
    database,
    runId,
    'state',
    JSON.stringify({ state: transition.state, message: transition.message ?? null }),
  );
  return true;
}

/**
 * Reclaims runs whose worker stopped heartbeating: an interrupted plan goes back to the queue (up to
 * MAX_PLAN_ATTEMPTS), an interrupted apply ends `errored` (never re-applied blindly). Either way the
 * run's state token dies and any state lock it held is released.
 */
export async function reclaimExpiredLeases(database: CsocDatabase): Promise<RunsTable[]> {
  const now = nowIso();
  const expired = await database.db
    .selectFrom('runs')
    .selectAll()
    .where('state', 'in', ['running', 'applying'])
    .where('lease_owner', 'is not', null)
    .where('lease_expires_at', '<', now)
    .limit(50)
    .execute();
  const reclaimed: RunsTable[] = [];
  for (const stale of expired.map(normalizeRun)) {
    const retryPlan =
      stale.state === 'running' && stale.attempt < MAX_PLAN_ATTEMPTS && !stale.cancel_requested_at;
    const next: RunState = stale.cancel_requested_at ? 'cancelled' : retryPlan ? 'queued' : 'errored';
    const message = stale.cancel_requested_at
      ? 'Cancelled (its worker stopped before it could confirm).'
      : retryPlan
        ? null
        : stale.state === 'applying'
          ? 'The worker applying this run stopped (crash or kill). Terraform saved the state it reached; its lock was released. Plan again to see where the infrastructure stands.'
          : `The plan was interrupted ${stale.attempt} times by lost workers; giving up. Check the workers and plan again.`;
    const result = await database.db
      .updateTable('runs')
      .set({
        state: next,
        result_message: message,
        lease_owner: null,
        lease_expires_at: null,
        state_token_hash: null,
        updated_at: now,
        ...(next === 'queued' ? {} : { finished_at: now }),
        version: sql`version + 1`,
      } as never)
      .where('id', '=', stale.id)
      .where('state', 'in', statesMovingTo(next))
      .where('lease_owner', '=', stale.lease_owner)
      .where('lease_expires_at', '<', now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    await releaseLocksOfRun(database, stale.id);
    await appendRunOutput(
      database,
      stale.id,
      'state',
      JSON.stringify({
        state: next,
        message: message ?? `Requeued: worker ${stale.lease_owner} stopped while planning.`,
      }),
    );
    reclaimed.push({ ...stale, state: next });
  }
  return reclaimed;
}

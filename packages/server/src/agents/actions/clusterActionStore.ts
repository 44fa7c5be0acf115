// Stored Gen3 operations of a commons (migration 0028): create, approve, move through their states, and
// append output keeping only the last 64 KiB. Each state change is a guarded update (the expected state in
// the WHERE), so two approvers, or a runner and the startup sweep, never both win.
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../db/schema.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { ClusterActionKind, ClusterActionState, ClusterActionsTable } from './clusterActionTables.ts';

/** How much output an action keeps: the end of a long job is what explains how it ended. */
export const OUTPUT_LIMIT_BYTES = 64 * 1024;
export const CSOC_RESTARTED_MESSAGE = 'CSOC restarted while the action ran';

export interface NewClusterAction {
  orgId: string;
  commonsId: string;
  commonsName: string;
  action: ClusterActionKind;
  target: string | null;
  requestedById: string;
  requestedByLabel: string;
  /** pending-approval when a second person must approve; running otherwise. */
  state: Extract<ClusterActionState, 'pending-approval' | 'running'>;
}

export async function createClusterAction(
  db: Kysely<Database>,
  input: NewClusterAction,
): Promise<ClusterActionsTable> {
  const now = nowIso();
  const row: ClusterActionsTable = {
    id: newId(),
    org_id: input.orgId,
    commons_id: input.commonsId,
    commons_name: input.commonsName,
    action: input.action,
    target: input.target,
    state: input.state,
    requested_by_id: input.requestedById,
    requested_by_label: input.requestedByLabel,
    approved_by_id: null,
    approved_by_label: null,
    job_name: null,
    output: '',
    output_bytes: 0,
    result_message: null,
    created_at: now,
    started_at: input.state === 'running' ? now : null,
    finished_at: null,
    heartbeat_at: input.state === 'running' ? now : null,
  };
  await db.insertInto('cluster_actions').values(row).execute();
  return row;
}

/** An action of one commons; another commons' id is "not found", never its row. */
export async function findClusterAction(
  db: Kysely<Database>,
  commonsId: string,
  actionId: string,
): Promise<ClusterActionsTable> {
  const row = await db
    .selectFrom('cluster_actions')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('id', '=', actionId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No action ${actionId} on this commons.`, 'action_not_found');
  return row;
}

/** The newest actions of a commons first, without their output (GET …/actions/{id} has it). */
export async function listClusterActions(
  db: Kysely<Database>,
  commonsId: string,
  limit = 100,
): Promise<Omit<ClusterActionsTable, 'output'>[]> {
  return db
    .selectFrom('cluster_actions')
    .select([
      'id',
      'org_id',
      'commons_id',
      'commons_name',
      'action',
      'target',
      'state',
      'requested_by_id',
      'requested_by_label',
      'approved_by_id',
      'approved_by_label',
      'job_name',
      'output_bytes',
      'result_message',
      'created_at',
      'started_at',
      'finished_at',
      'heartbeat_at',
    ])
    .where('commons_id', '=', commonsId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Approves a pending action and starts it; false when it was not pending any more (someone else won). */
export async function approveClusterAction(
  db: Kysely<Database>,
  actionId: string,
  approver: { id: string; label: string },
): Promise<boolean> {
  const now = nowIso();
  const updated = await db
    .updateTable('cluster_actions')
    .set({
      state: 'running',
      approved_by_id: approver.id,
      approved_by_label: approver.label,
      started_at: now,
      heartbeat_at: now,
    })
    .where('id', '=', actionId)
    .where('state', '=', 'pending-approval')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function recordActionJob(db: Kysely<Database>, actionId: string, job: string): Promise<void> {
  await db.updateTable('cluster_actions').set({ job_name: job }).where('id', '=', actionId).execute();
}

/** Keeps the last `limit` bytes of `text`, never starting inside a multi-byte character. */
export function keepTail(text: string, limit = OUTPUT_LIMIT_BYTES): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= limit) return text;
  let start = bytes.length - limit;
  // UTF-8 continuation bytes are 10xxxxxx: move forward to the next character's first byte.
  while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start).toString();
}

/**
 * Appends output to a running action. One runner writes an action's output, one chunk after another, so
 * a read-modify-write is safe here; the retained text is capped at OUTPUT_LIMIT_BYTES.
 */
export async function appendActionOutput(
  db: Kysely<Database>,
  actionId: string,
  text: string,
): Promise<void> {
  if (!text) return;
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('cluster_actions')
      .select(['output', 'output_bytes'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('cluster_actions')
      .set({
        output: keepTail(row.output + text),
        output_bytes: Number(row.output_bytes) + Buffer.byteLength(text),
      })
      .where('id', '=', actionId)
      .execute();
  });
}

/** Ends a running action; false when it had already ended (the startup sweep, a second finisher). */
export async function finishClusterAction(
  db: Kysely<Database>,
  actionId: string,
  state: Extract<ClusterActionState, 'succeeded' | 'failed'>,
  resultMessage: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('cluster_actions')
    .set({ state, result_message: resultMessage, finished_at: nowIso() })
    .where('id', '=', actionId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** How often the running process renews an action's heartbeat, and when a heartbeat counts as stale. */
export const HEARTBEAT_EVERY_MS = 5_000;
export const HEARTBEAT_STALE_MS = 20_000;

/** Says "this process still runs the action"; a finished action is left as it is. */
export async function renewActionHeartbeat(db: Kysely<Database>, actionId: string): Promise<void> {
  await db
    .updateTable('cluster_actions')
    .set({ heartbeat_at: nowIso() })
    .where('id', '=', actionId)
    .where('state', '=', 'running')
    .execute();
}

/**
 * An action still running whose heartbeat is older than `staleBefore` was run by a CSOC process that is gone
 * (its agent request died with it): it ends failed and says why instead of staying "running" forever.
 * Another replica's live action keeps its fresh heartbeat and is left alone. Returns the actions it ended.
 */
export async function failInterruptedActions(
  db: Kysely<Database>,
  staleBefore = new Date(Date.now() - HEARTBEAT_STALE_MS).toISOString(),
): Promise<ClusterActionsTable[]> {
  const stale = await db
    .selectFrom('cluster_actions')
    .selectAll()
    .where('state', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .execute();
  const ended: ClusterActionsTable[] = [];
  for (const action of stale)
    if (await finishClusterAction(db, action.id, 'failed', CSOC_RESTARTED_MESSAGE)) ended.push(action);
  return ended;
}

/** Refuses to act on an action in the wrong state, naming the state it is in. */
export function conflictUnlessPending(action: ClusterActionsTable): void {
  if (action.state !== 'pending-approval')
    throw new ConflictError(
      `Only an action waiting for approval can be approved; this one is ${action.state}.`,
      'action_not_pending',
    );
}

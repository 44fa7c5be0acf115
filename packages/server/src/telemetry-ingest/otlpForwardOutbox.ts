// The durable OTLP forwarding outbox (ADR 0052): an accepted request of an org that forwards is a row until
// it was delivered (then deleted), given up (a 4xx), or dropped by the org's backlog bound (bytes, age; the
// oldest go first). Senders claim due rows with a lease and a compare-and-set on the row's version, as the
// alert outbox does (ADR 0033), so two processes never hold one row and a dead holder's rows come back.
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import { claimLeasedRows } from '../db/claimLeasedRows.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import type { OtlpSignal } from './decodeOtlpBody.ts';
import type { TelemetryForwardOutboxTable } from './telemetryTables.ts';

/** An accepted OTLP request, as the commons sent it. */
export interface ForwardPayload {
  orgId: string;
  signal: OtlpSignal;
  body: Buffer;
  contentType: string;
  contentEncoding?: string;
}

export interface ClaimedForward extends ForwardPayload {
  row: TelemetryForwardOutboxTable;
}

export interface ForwardBacklog {
  requests: number;
  bytes: number;
  oldestAt: string | null;
}

export interface BacklogBound {
  /** Bytes (as received) an org's backlog may hold; the oldest pending requests beyond are dropped. */
  maxBytes: number;
  /** Pending requests older than this are dropped: the org's backend was down too long. */
  maxAgeMs: number;
}

/** Stores an accepted request for forwarding; due at once. */
export async function enqueueForward(
  db: Kysely<Database>,
  payload: ForwardPayload,
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('telemetry_forward_outbox')
    .values({
      id: newId(),
      org_id: payload.orgId,
      signal: payload.signal,
      content_type: payload.contentType,
      content_encoding: payload.contentEncoding ?? null,
      body: payload.body.toString('base64'),
      body_bytes: payload.body.length,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      lease_owner: null,
      lease_expires_at: null,
      created_at: now.toISOString(),
      version: 1,
    })
    .execute();
}

/**
 * Claims up to `limit` due requests for `owner`, oldest first: pending ones whose time has come, and ones
 * whose holder's lease expired. Of two processes racing for a row exactly one updates it (the version).
 */
export async function claimDueForwards(
  db: Kysely<Database>,
  owner: string,
  leaseMs: number,
  limit: number,
  now = new Date(),
): Promise<ClaimedForward[]> {
  // Bodies are read with the candidates: a row lost to another process wastes one read, a won one saves one.
  const rows = await claimLeasedRows(db, 'telemetry_forward_outbox', { owner, leaseMs, limit, now });
  return rows.map((row) => ({
    row,
    orgId: row.org_id,
    signal: row.signal as OtlpSignal,
    body: Buffer.from(row.body, 'base64'),
    contentType: row.content_type,
    ...(row.content_encoding ? { contentEncoding: row.content_encoding } : {}),
  }));
}

/**
 * Ends a claimed request: `done` deletes it (delivered, given up, or nowhere to send it), `retry` puts it
 * back for `retryAt`. Only the lease holder may; false when it lost the row (lease expired, or the backlog
 * bound dropped it meanwhile).
 */
export async function finishForward(
  db: Kysely<Database>,
  claimed: ClaimedForward,
  outcome: { kind: 'done' } | { kind: 'retry'; retryAt: Date },
): Promise<boolean> {
  const { row } = claimed;
  if (outcome.kind === 'done') {
    const removed = await db
      .deleteFrom('telemetry_forward_outbox')
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .where('lease_owner', '=', row.lease_owner)
      .executeTakeFirst();
    return Number(removed.numDeletedRows) === 1;
  }
  const updated = await db
    .updateTable('telemetry_forward_outbox')
    .set({
      status: 'pending',
      lease_owner: null,
      lease_expires_at: null,
      next_attempt_at: outcome.retryAt.toISOString(),
      version: row.version + 1,
    })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('lease_owner', '=', row.lease_owner)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

const DELETE_CHUNK = 500;

/**
 * Applies the backlog bound: pending requests older than `maxAgeMs`, and per org the oldest pending ones
 * beyond the newest `maxBytes`, are deleted. A row being sent is left to its sender. Returns how many were
 * dropped per org.
 */
export async function trimForwardBacklog(
  db: Kysely<Database>,
  bound: BacklogBound,
  now = new Date(),
): Promise<Map<string, number>> {
  const dropped = new Map<string, number>();
  const add = (orgId: string, count: number) => {
    if (count > 0) dropped.set(orgId, (dropped.get(orgId) ?? 0) + count);
  };
  const cutoff = new Date(now.getTime() - bound.maxAgeMs).toISOString();
  const stale = await db
    .selectFrom('telemetry_forward_outbox')
    .select('org_id')
    .distinct()
    .where('status', '=', 'pending')
    .where('created_at', '<', cutoff)
    .execute();
  for (const { org_id: orgId } of stale) {
    const removed = await db
      .deleteFrom('telemetry_forward_outbox')
      .where('org_id', '=', orgId)
      .where('status', '=', 'pending')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    add(orgId, Number(removed.numDeletedRows));
  }

  const over = await db
    .selectFrom('telemetry_forward_outbox')
    .select((eb) => ['org_id', eb.fn.sum<number | string>('body_bytes').as('bytes')])
    .groupBy('org_id')
    .having((eb) => eb.fn.sum('body_bytes'), '>', bound.maxBytes)
    .execute();
  for (const { org_id: orgId } of over) {
    const rows = await db
      .selectFrom('telemetry_forward_outbox')
      .select(['id', 'body_bytes', 'status'])
      .where('org_id', '=', orgId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    // Keep the newest that fit; once one does not, it and everything older goes.
    let kept = 0;
    let overflowAt = rows.length;
    for (const [index, row] of rows.entries()) {
      kept += Number(row.body_bytes);
      if (kept > bound.maxBytes) {
        overflowAt = index;
        break;
      }
    }
    const doomed = rows
      .slice(overflowAt)
      .filter((row) => row.status === 'pending')
      .map((row) => row.id);
    for (let start = 0; start < doomed.length; start += DELETE_CHUNK) {
      const removed = await db
        .deleteFrom('telemetry_forward_outbox')
        .where('id', 'in', doomed.slice(start, start + DELETE_CHUNK))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      add(orgId, Number(removed.numDeletedRows));
    }
  }
  return dropped;
}

/** What an org's backlog holds now (pending and being sent); every org's together without `orgId`. */
export async function forwardBacklogOf(db: Kysely<Database>, orgId?: string): Promise<ForwardBacklog> {
  let query = db
    .selectFrom('telemetry_forward_outbox')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('requests'),
      eb.fn.sum<number | string | null>('body_bytes').as('bytes'),
      eb.fn.min<string | null>('created_at').as('oldest_at'),
    ]);
  if (orgId !== undefined) query = query.where('org_id', '=', orgId);
  const row = await query.executeTakeFirstOrThrow();
  return { requests: Number(row.requests), bytes: Number(row.bytes ?? 0), oldestAt: row.oldest_at ?? null };
}

/** Adds to an org's delivery counts; an error also becomes its last error. */
export async function countForwardOutcome(
  db: Kysely<Database>,
  orgId: string,
  outcome: 'forwarded' | 'failed' | 'dropped',
  count: number,
  error?: string,
): Promise<void> {
  await db
    .updateTable('telemetry_forwarders')
    .set((eb) => ({
      [outcome]: eb(outcome, '+', count),
      ...(error ? { last_error: error.slice(0, 500), last_error_at: nowIso() } : {}),
    }))
    .where('org_id', '=', orgId)
    .execute();
}

/** Records the last error without counting a request (a retry that is not yet a failure). */
export async function noteForwardError(db: Kysely<Database>, orgId: string, error: string): Promise<void> {
  await db
    .updateTable('telemetry_forwarders')
    .set({ last_error: error.slice(0, 500), last_error_at: nowIso() })
    .where('org_id', '=', orgId)
    .execute();
}

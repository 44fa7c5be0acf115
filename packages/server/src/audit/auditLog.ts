// Appends audit events to a hash chain and verifies it. Each event's hash covers its content and the
// previous event's hash, so changing, removing or reordering any row breaks verification from there on.
import { newId } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import type { AuditEventsTable } from './auditTables.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEventInput {
  actorKind: AuditEventsTable['actor_kind'];
  actorId?: string | null;
  actorLabel: string;
  orgId?: string | null;
  action: string;
  target: string;
  outcome: AuditEventsTable['outcome'];
  statusCode?: number | null;
  requestId?: string | null;
  sourceIp?: string | null;
  /** What changed; pass it through redactSecrets first (appendAuditEvent does it again, to be sure). */
  summary?: Record<string, unknown>;
}

const SECRET_KEY =
  /(secret|password|token|passphrase|private|credential|kubeconfig|apikey|api_key|accesskey|access_key|cookie|authorization)/i;

/** Bounds of a redacted summary: it describes a request, it never stores one. */
const MAX_DEPTH = 8;
const MAX_ENTRIES = 50;
const MAX_STRING = 500;
/** Total values (objects, items, strings) one summary may hold; the rest is cut with a marker. */
const MAX_NODES = 1000;

function describeNonPlain(value: object): string {
  if (Buffer.isBuffer(value)) return `[binary, ${value.length} bytes]`;
  if (ArrayBuffer.isView(value)) return `[binary, ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer)
    return `[binary, ${value.byteLength} bytes]`;
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return `[${typeof name === 'string' && name ? name : 'object'}]`;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A bounded, JSON-safe copy for an audit summary: every value under a secret-looking key becomes
 * "[redacted]"; only plain objects, arrays and primitives are copied (at most 8 levels, 50 entries each,
 * 500 characters per string, 1000 values in all); binary data, streams and class instances become a short
 * description such as "[binary, 1048576 bytes]"; cycles become "[circular]". Safe for any input: the work
 * it does is bounded whatever the caller passes.
 */
export function redactSecrets(value: unknown): unknown {
  let nodes = 0;
  const seen = new WeakSet<object>();
  const copy = (item: unknown, depth: number): unknown => {
    nodes += 1;
    if (nodes > MAX_NODES) return '[truncated]';
    if (item === null || typeof item === 'boolean' || item === undefined) return item;
    if (typeof item === 'number') return Number.isFinite(item) ? item : String(item);
    if (typeof item === 'string') return item.length > MAX_STRING ? `${item.slice(0, MAX_STRING)}…` : item;
    if (typeof item === 'bigint') return item.toString();
    if (typeof item !== 'object') return `[${typeof item}]`;
    if (item instanceof Date) return Number.isNaN(item.getTime()) ? '[invalid date]' : item.toISOString();
    if (seen.has(item)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (Array.isArray(item)) {
      seen.add(item);
      const length = Math.min(item.length, MAX_ENTRIES);
      const result: unknown[] = [];
      for (let index = 0; index < length; index += 1) result.push(copy(item[index], depth + 1));
      if (item.length > MAX_ENTRIES) result.push(`[${item.length - MAX_ENTRIES} more]`);
      seen.delete(item);
      return result;
    }
    if (!isPlainObject(item)) return describeNonPlain(item);
    seen.add(item);
    const result: Record<string, unknown> = {};
    let count = 0;
    for (const key in item) {
      if (!Object.hasOwn(item, key)) continue;
      if (count === MAX_ENTRIES) {
        result['…'] = '[more keys]';
        break;
      }
      count += 1;
      // Read the data property only: a getter could run arbitrary code.
      const descriptor = Object.getOwnPropertyDescriptor(item, key);
      const safeKey = key.length > 100 ? `${key.slice(0, 100)}…` : key;
      result[safeKey] = SECRET_KEY.test(key)
        ? '[redacted]'
        : descriptor && 'value' in descriptor
          ? copy(descriptor.value, depth + 1)
          : '[accessor]';
    }
    seen.delete(item);
    return result;
  };
  return copy(value, 0);
}

type HashedFields = Omit<AuditEventsTable, 'hash'>;

/** The canonical text an event's hash covers: fixed field order, so the hash is stable across dialects. */
function canonicalText(event: HashedFields): string {
  return JSON.stringify([
    event.id,
    event.seq,
    event.time,
    event.actor_kind,
    event.actor_id,
    event.actor_label,
    event.org_id,
    event.action,
    event.target,
    event.outcome,
    event.status_code,
    event.request_id,
    event.source_ip,
    event.summary,
    event.prev_hash,
  ]);
}

export function hashEvent(event: HashedFields): string {
  return createHash('sha256').update(canonicalText(event)).digest('hex');
}

/** Appends one event under the audit chain lock and returns it. */
export async function appendAuditEvent(
  database: CsocDatabase,
  input: AuditEventInput,
): Promise<AuditEventsTable> {
  return serializedTransaction(database, 'audit-chain', async (trx) => {
    const last = await trx
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const anchor = last
      ? undefined
      : await trx.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    const previous = last ?? anchor;
    const fields: HashedFields = {
      id: newId(),
      seq: (previous?.seq ?? 0) + 1,
      time: new Date().toISOString(),
      actor_kind: input.actorKind,
      actor_id: input.actorId ?? null,
      actor_label: input.actorLabel,
      org_id: input.orgId ?? null,
      action: input.action,
      target: input.target,
      outcome: input.outcome,
      status_code: input.statusCode ?? null,
      request_id: input.requestId ?? null,
      source_ip: input.sourceIp ?? null,
      summary: JSON.stringify(redactSecrets(input.summary ?? {})),
      prev_hash: previous?.hash ?? GENESIS_HASH,
    };
    const event: AuditEventsTable = { ...fields, hash: hashEvent(fields) };
    await trx.insertInto('audit_events').values(event).execute();
    return event;
  });
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first event whose content or link does not match, when the chain is broken. */
  firstBroken?: { id: string; seq: number; reason: string };
}

/** Walks the whole chain in order, in pages, and names the first broken link. */
export async function verifyAuditChain(database: CsocDatabase): Promise<ChainVerification> {
  const { db } = database;
  const anchor = await db
    .selectFrom('audit_anchor')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  let expectedPrev = anchor?.hash ?? GENESIS_HASH;
  let expectedSeq = (anchor?.seq ?? 0) + 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = (reason: string): ChainVerification => ({
        valid: false,
        checked,
        firstBroken: { id: row.id, seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq)
        return broken(`event ${expectedSeq} is missing (next found is ${row.seq})`);
      if (row.prev_hash !== expectedPrev) return broken('its link to the previous event does not match');
      const { hash, ...fields } = row;
      if (
        hashEvent({
          ...fields,
          status_code: fields.status_code === null ? null : Number(fields.status_code),
          seq: Number(fields.seq),
        }) !== hash
      ) {
        return broken('its content was changed after it was written');
      }
      expectedPrev = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  return { valid: true, checked };
}

/**
 * Deletes events older than the retention period, keeping the chain verifiable by recording the last
 * deleted event's hash as the anchor. PostgreSQL's trigger refuses anything younger than 30 days.
 */
export async function pruneAuditEvents(database: CsocDatabase, retentionDays: number): Promise<number> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
  return serializedTransaction(database, 'audit-chain', async (trx) => {
    const lastOld = await trx
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('time', '<', cutoff)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!lastOld) return 0;
    const result = await trx.deleteFrom('audit_events').where('seq', '<=', lastOld.seq).executeTakeFirst();
    const anchor = { id: 1, seq: lastOld.seq, hash: lastOld.hash, pruned_at: new Date().toISOString() };
    const existing = await trx.selectFrom('audit_anchor').select('id').where('id', '=', 1).executeTakeFirst();
    if (existing) await trx.updateTable('audit_anchor').set(anchor).where('id', '=', 1).execute();
    else await trx.insertInto('audit_anchor').values(anchor).execute();
    return Number(result.numDeletedRows);
  });
}

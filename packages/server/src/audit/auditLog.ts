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

/** Deep copy with every value under a secret-looking key replaced by "[redacted]". */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactSecrets(item, depth + 1));
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(item, depth + 1);
    }
    return copy;
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
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

// A run's output, in one ordered sequence per run: log text (batched into chunks), plugin events and
// state changes. Stored in the database so any API replica can stream it and it outlives the run.
import { newId } from '@csoc/common';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { leaseHeldQuery, type LeaseHolder } from './runLease.ts';
import { signalRunOutput } from './runQueueSignal.ts';
import type { RunOutputTable } from './runTables.ts';

/** The worker and attempt a phase's output belongs to: records of a lost lease are dropped (ADR 0062). */
export type OutputFence = LeaseHolder;

/** Appends one output record with the next sequence number (retrying if another writer took it). */
export async function appendRunOutput(
  database: CsocDatabase,
  runId: string,
  kind: RunOutputTable['kind'],
  data: string,
): Promise<number> {
  return appendRunOutputs(database, runId, [{ kind, data }]);
}

/** Records in one statement: a plan or an apply streams one event per resource, dozens at a time. */
const RECORDS_PER_INSERT = 200;

/**
 * Appends records in order with the next sequence numbers, in as few statements as their number allows
 * (retrying a statement whose numbers another writer took); returns the last sequence number.
 */
export async function appendRunOutputs(
  database: CsocDatabase,
  runId: string,
  records: { kind: RunOutputTable['kind']; data: string }[],
  fence?: OutputFence,
): Promise<number> {
  if (fence) return appendFencedRunOutputs(database, runId, records, fence);
  let seq = 0;
  for (let start = 0; start < records.length; start += RECORDS_PER_INSERT) {
    const slice = records.slice(start, start + RECORDS_PER_INSERT);
    for (let attempt = 0; ; attempt++) {
      const last = await database.db
        .selectFrom('run_output')
        .select((eb) => eb.fn.max<number>('seq').as('seq'))
        .where('run_id', '=', runId)
        .executeTakeFirst();
      const first = Number(last?.seq ?? 0) + 1;
      const createdAt = nowIso();
      try {
        await database.db
          .insertInto('run_output')
          .values(
            slice.map((record, index) => ({
              id: newId(),
              run_id: runId,
              seq: first + index,
              kind: record.kind,
              data: record.data,
              created_at: createdAt,
            })),
          )
          .execute();
        seq = first + slice.length - 1;
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
  }
  signalRunOutput(runId);
  return seq;
}

/**
 * Appends a phase's records only while `fence` still holds the run with an unexpired lease, checked in
 * the same transaction as the insert; on PostgreSQL the run's row is share-locked, so a reclaim waits
 * for the insert and the records land before it. Records of a lost lease are dropped: a worker cut off
 * the network must not add lines to a run another worker has taken over. Returns 0 when dropped.
 */
async function appendFencedRunOutputs(
  database: CsocDatabase,
  runId: string,
  records: { kind: RunOutputTable['kind']; data: string }[],
  fence: OutputFence,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const seq = await database.db.transaction().execute(async (trx) => {
        const holder = leaseHeldQuery(trx, runId, fence);
        const held = await (database.dialect === 'postgres' ? holder.forShare() : holder).executeTakeFirst();
        if (!held) return 0;
        const last = await trx
          .selectFrom('run_output')
          .select((eb) => eb.fn.max<number>('seq').as('seq'))
          .where('run_id', '=', runId)
          .executeTakeFirst();
        let next = Number(last?.seq ?? 0) + 1;
        const createdAt = nowIso();
        for (let start = 0; start < records.length; start += RECORDS_PER_INSERT) {
          const slice = records.slice(start, start + RECORDS_PER_INSERT);
          await trx
            .insertInto('run_output')
            .values(
              slice.map((record, index) => ({
                id: newId(),
                run_id: runId,
                seq: next + index,
                kind: record.kind,
                data: record.data,
                created_at: createdAt,
              })),
            )
            .execute();
          next += slice.length;
        }
        return next - 1;
      });
      if (seq > 0) signalRunOutput(runId);
      return seq;
    } catch (error) {
      // Another writer (the queue recording a state change) took the same sequence numbers: read again.
      if (attempt >= 10) throw error;
    }
  }
}

export async function readRunOutput(
  database: CsocDatabase,
  runId: string,
  afterSeq: number,
  limit: number,
): Promise<RunOutputTable[]> {
  const rows = await database.db
    .selectFrom('run_output')
    .selectAll()
    .where('run_id', '=', runId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/**
 * How long plugin events and log text wait for company before they are written. A plan or an apply streams
 * an event or two per resource as Terraform works; written as they came, that was a transaction per 3–4
 * records (about 90 per sim run), whose CPU the worker took from Terraform on a small machine. State
 * changes and close() write at once, taking whatever waits: the wait never delays a phase, only the live
 * view, by at most this.
 */
export const EVENT_BATCH_MS = 20;

/**
 * Buffers log text and flushes it as chunks (every 250 ms or 16 KiB), batches plugin events (EVENT_BATCH_MS),
 * and keeps the last lines for errors.
 */
export class RunLogWriter {
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private batchTimer: NodeJS.Timeout | undefined;
  /** Starts the queued write (nextWrite) once the one in progress is done. */
  private startBatch: (() => void) | undefined;
  private pending: Promise<unknown> = Promise.resolve();
  /** Records waiting for the write in progress to end, and the write that will take them. */
  private readonly queued: { kind: RunOutputTable['kind']; data: string }[] = [];
  private nextWrite: Promise<unknown> | undefined;
  private readonly tail: string[] = [];

  constructor(
    private readonly database: CsocDatabase,
    private readonly runId: string,
    /** When given, records are kept only while this worker's attempt holds the run's lease. */
    private readonly fence?: OutputFence,
  ) {}

  write(text: string): void {
    this.buffer += text;
    for (const line of text.split('\n')) if (line.trim()) this.tail.push(line);
    if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    if (this.buffer.length >= 16 * 1024) this.flushSoon(0);
    else this.flushSoon(250);
  }

  /**
   * Records a structured record (plugin event or state change) in order with the log text. A state change
   * is written at once; an event waits up to EVENT_BATCH_MS for the ones after it.
   */
  record(kind: 'event' | 'state', data: unknown): Promise<unknown> {
    this.flushNow();
    return this.enqueue(kind, JSON.stringify(data), kind === 'state');
  }

  /**
   * Queues a record; the records queued meanwhile are written together, in order, in one transaction.
   * Resolves when the write that holds this record is done. Not `urgent`: the write starts after
   * EVENT_BATCH_MS, or sooner with the next urgent record.
   */
  private enqueue(kind: RunOutputTable['kind'], data: string, urgent: boolean): Promise<unknown> {
    this.queued.push({ kind, data });
    if (!this.nextWrite) {
      let start!: () => void;
      const started = new Promise<void>((resolve) => (start = resolve));
      this.startBatch = start;
      this.nextWrite = Promise.all([this.pending, started]).then(() => {
        this.nextWrite = undefined;
        return appendRunOutputs(this.database, this.runId, this.queued.splice(0), this.fence);
      });
      this.pending = this.nextWrite;
      if (!urgent) this.batchTimer = setTimeout(() => this.startNextWrite(), EVENT_BATCH_MS);
    }
    if (urgent) this.startNextWrite();
    return this.nextWrite;
  }

  /** Lets the queued write go (after the one in progress). */
  private startNextWrite(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.startBatch?.();
    this.startBatch = undefined;
  }

  /** The last lines written, shown when a run fails. */
  lastLines(count = 15): string[] {
    return this.tail.slice(-count);
  }

  private flushSoon(delayMs: number): void {
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => this.flushNow(), delayMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    void this.enqueue('log', text, false);
  }

  async close(): Promise<void> {
    this.flushNow();
    this.startNextWrite();
    await this.pending;
  }
}

// A run's live output stream in this process wakes when a record of that run is written, instead of at its
// next 250 ms poll; a record of another run does not wake it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { appendRunOutput, EVENT_BATCH_MS, readRunOutput, RunLogWriter } from './runOutput.ts';
import { nextRunOutput } from './runQueueSignal.ts';

describe('run output wake-ups', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-run-output-'));
  let database: CsocDatabase;
  beforeAll(async () => {
    database = createDatabase({ url: `sqlite:${path.join(dir, 'csoc.db')}`, dataDir: dir });
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('wakes a waiter registered before the record is written, and only for its own run', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    const otherRun = '00000000-0000-4000-8000-000000000002';
    // Registered before the read, as the stream does: a record written in between is not missed.
    const mine = nextRunOutput(runId, 600_000);
    const theirs = nextRunOutput(otherRun, 600_000);
    let theirsWoken = false;
    void theirs.wait.then(() => (theirsWoken = true));

    const seq = await appendRunOutput(database, runId, 'state', JSON.stringify({ state: 'planned' }));
    // Without the signal this waits ten minutes and the test times out.
    await mine.wait;
    expect((await readRunOutput(database, runId, seq - 1, 10)).map((row) => row.kind)).toEqual(['state']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(theirsWoken).toBe(false);
    theirs.cancel();
    await theirs.wait;
  }, 30_000);

  it('keeps log text, events and state records in the order they came, whatever their number', async () => {
    const runId = '00000000-0000-4000-8000-000000000004';
    const log = new RunLogWriter(database, runId);
    // Another writer (the queue finishing a phase) takes sequence numbers meanwhile.
    await appendRunOutput(database, runId, 'state', JSON.stringify({ state: 'running' }));
    log.write('starting\n');
    const records: Promise<unknown>[] = [];
    for (let index = 0; index < 450; index++) records.push(log.record('event', { index }));
    log.write('in between\n');
    const stored = log.record('state', { state: 'planned' });
    await stored;
    // The state record is in the database once its promise resolves, after every record before it.
    const rows = await readRunOutput(database, runId, 0, 1000);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index + 1));
    expect(rows.map((row) => (row.kind === 'event' ? JSON.parse(row.data).index : row.kind))).toEqual([
      'state',
      'log',
      ...Array.from({ length: 450 }, (_, index) => index),
      'log',
      'state',
    ]);
    await Promise.all(records);
    await log.close();
  }, 60_000);

  it('writes events that come over several ticks in one transaction, and a state record at once', async () => {
    const runId = '00000000-0000-4000-8000-000000000005';
    // Only timers are faked: the batch wait never runs out by itself, so what is written together is not
    // left to the machine's speed.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const log = new RunLogWriter(database, runId);
      for (let index = 0; index < 10; index++) {
        void log.record('event', { index });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await readRunOutput(database, runId, 0, 100)).toEqual([]);
      // A state change does not wait for the batch: it goes at once and takes the waiting events along.
      await log.record('state', { state: 'planned' });
      const rows = await readRunOutput(database, runId, 0, 100);
      expect(rows.map((row) => (row.kind === 'event' ? JSON.parse(row.data).index : row.kind))).toEqual([
        ...Array.from({ length: 10 }, (_, index) => index),
        'state',
      ]);
      expect(new Set(rows.map((row) => row.created_at)).size).toBe(1);
      // Events on their own are written when the wait runs out, or when the phase ends (close).
      void log.record('event', { index: 10 });
      await vi.advanceTimersByTimeAsync(EVENT_BATCH_MS);
      expect((await readRunOutput(database, runId, 11, 100)).length).toBe(1);
      void log.record('event', { index: 11 });
      await log.close();
      expect((await readRunOutput(database, runId, 12, 100)).length).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves at its timeout when nothing is written', async () => {
    const waiter = nextRunOutput('00000000-0000-4000-8000-000000000003', 20);
    await expect(waiter.wait).resolves.toBeUndefined();
  });
});

// The standalone worker (`csoc-server worker`) opens the same composition root as `serve`: started with
// stored secrets sealed by a master key it does not hold, it warns exactly as `serve` does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/loadConfig.ts';
import { generateMasterKey } from '../credentials/masterKeyring.ts';
import { createSimAccount } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createPostgresTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { startStandaloneWorker } from './startStandaloneWorker.ts';

const MISSING_KEY_WARNING = 'stored secrets need master keys this process does not hold';

/** The structured log lines a process wrote, parsed. */
function logCapture() {
  const chunks: string[] = [];
  return {
    destination: new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: number; msg: string; missingKeys?: string[] }),
  };
}

describe('standalone worker start (PostgreSQL, the multi-process database)', () => {
  let databaseUrl: string;
  const sealingKey = generateMasterKey();
  const otherKey = generateMasterKey();
  let csoc: TestCsoc;
  const started: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    databaseUrl = await createPostgresTestDatabase();
    csoc = await startTestCsoc({
      databaseUrl,
      env: { CSOC_WORKER: 'off', CSOC_MASTER_KEY: sealingKey.key.toString('base64') },
    });
    await ensureOrg(csoc, 'sealed-org');
    await createSimAccount(csoc.admin, 'sealed-org');
  });
  afterAll(async () => {
    for (const running of started) await running.stop();
    await csoc?.stop();
  });

  const startWorker = async (masterKey: Buffer) => {
    const log = logCapture();
    const worker = await startStandaloneWorker(
      loadConfig({
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-worker-')),
        CSOC_DATABASE_URL: databaseUrl,
        CSOC_MASTER_KEY: masterKey.toString('base64'),
        CSOC_PUBLIC_URL: csoc.url,
        CSOC_LOG_LEVEL: 'info',
      }),
      log.destination,
    );
    started.push(worker);
    return { worker, log };
  };

  it('warns about stored secrets sealed by a master key it does not hold, exactly as serve does', async () => {
    const { worker, log } = await startWorker(otherKey.key);
    expect(worker.tasks.running()).toEqual([
      'run-worker',
      'alert-sources',
      'alert-dispatcher',
      'drift-checks',
    ]);
    const workerWarning = log.lines().find((line) => line.msg.startsWith(MISSING_KEY_WARNING));
    expect(workerWarning?.missingKeys).toEqual([sealingKey.id]);

    // `serve` with the same key on the same database: the same warning, at the same level.
    const serve = await startTestCsoc({
      databaseUrl,
      env: {
        CSOC_WORKER: 'off',
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-serve-')),
        CSOC_MASTER_KEY: otherKey.key.toString('base64'),
      },
    });
    started.push(serve);
    const serveWarning = serve
      .capturedOutput()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => line.msg.startsWith(MISSING_KEY_WARNING));
    expect(serveWarning).toBeDefined();
    const comparable = ({ level, msg, missingKeys }: Record<string, unknown>) => ({
      level,
      msg,
      missingKeys,
    });
    expect(comparable(workerWarning!)).toEqual(comparable(serveWarning));
  });

  it('does not warn when it holds the key that sealed the stored secrets', async () => {
    const { log } = await startWorker(sealingKey.key);
    expect(log.lines().some((line) => line.msg === 'database ready')).toBe(true);
    expect(log.lines().some((line) => line.msg.startsWith(MISSING_KEY_WARNING))).toBe(false);
  });

  it('stops its run worker through the background tasks and lets go of the database', async () => {
    const { worker, log } = await startWorker(sealingKey.key);
    await worker.stop();
    expect(worker.tasks.running()).toEqual([]);
    expect(worker.context.lifecycle.accepting).toBe(false);
    expect(log.lines().map((line) => line.msg)).toContain('background task stopped');
    await expect(worker.context.database.db.selectFrom('orgs').select('id').execute()).rejects.toThrow();
  });
});

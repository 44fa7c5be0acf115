// A rolling restart (docs/operations/upgrade.md): two API processes on one PostgreSQL, a client sending a
// bounded stream of reads and creates alternately to both, and each process in turn stopped with SIGTERM
// and started again. Users see no failed request: only failures the client may cleanly retry once on the
// other process (testing/retryingLoadClient.ts says which), and every org created is there afterwards.
import { describe, expect, it } from 'vitest';
import { generateMasterKey } from './credentials/masterKeyring.ts';
import { checkoutRoot } from './testing/copyCheckout.ts';
import { type LoadRequest, runLoad, signIn } from './testing/retryingLoadClient.ts';
import { type CsocServerProcess, spawnCsocServer } from './testing/spawnCsocServer.ts';
import { createPostgresTestDatabase } from './testing/testDatabases.ts';
import { waitFor } from './testing/waitFor.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ADMIN = { email: 'admin@rolling.test', password: 'rolling-test-password-123' };
/** Requests that must succeed on the restarted process before the next step (proves it serves again). */
const SUCCESSES_PER_STEP = 40;
/** The stream's bound: the test ends (and fails, unless the restarts finished) after this many requests. */
const MAX_REQUESTS = 20_000;

describe('a rolling restart of two API processes under load', () => {
  it('fails no request beyond clean retries, and loses no write', async () => {
    const env = {
      CSOC_DATABASE_URL: await createPostgresTestDatabase(),
      CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
      CSOC_ADMIN_EMAIL: ADMIN.email,
      CSOC_ADMIN_PASSWORD: ADMIN.password,
      CSOC_WORKER: 'off',
      CSOC_LOG_LEVEL: 'warn',
    };
    const start = (port?: number) =>
      spawnCsocServer(
        checkoutRoot,
        { ...env, CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-rolling-')) },
        port,
      );
    const processes: CsocServerProcess[] = [await start()];
    await processes[0]!.ready(); // the first start migrates; the second finds nothing left to do
    processes.push(await start());
    await processes[1]!.ready();
    const urls = processes.map((server) => server.url);
    try {
      const session = await signIn(urls[0]!, ADMIN.email, ADMIN.password);
      const created: string[] = [];
      let restartsDone = false;
      let issued = 0;
      const next = (): LoadRequest | undefined => {
        if (restartsDone || issued >= MAX_REQUESTS) return undefined;
        issued += 1;
        if (issued % 4 !== 0) return { method: 'GET', path: '/api/v1/orgs', expect: 200 };
        const slug = `rolling-${issued}`;
        created.push(slug);
        return {
          method: 'POST',
          path: '/api/v1/orgs',
          body: { slug, name: slug },
          expect: 201,
          landedStatusOnRetry: 409,
        };
      };
      const load = runLoad(urls, session, next, 4);
      const restarts: { port: number; exitCode: number | null; restartMs: number }[] = [];
      try {
        for (const index of [0, 1]) {
          const before = issued;
          await waitFor(
            'requests before the restart',
            () => issued - before >= SUCCESSES_PER_STEP,
            120_000,
            20,
          );
          const startedAt = Date.now();
          const exitCode = await processes[index]!.stop();
          processes[index] = await start(processes[index]!.port);
          await processes[index]!.ready();
          restarts.push({ port: processes[index]!.port, exitCode, restartMs: Date.now() - startedAt });
          const after = issued;
          await waitFor(
            'requests after the restart',
            () => issued - after >= SUCCESSES_PER_STEP,
            120_000,
            20,
          );
        }
      } finally {
        restartsDone = true;
      }
      const outcome = await load;
      console.log(
        `rolling restart: ${outcome.sent} requests, ${outcome.retried} clean retries ` +
          `${JSON.stringify(outcome.retryReasons)}, ${outcome.failures.length} failed; ` +
          `restarts ${JSON.stringify(restarts)}`,
      );
      expect(outcome.failures).toEqual([]);
      expect(restarts.map((restart) => restart.exitCode)).toEqual([0, 0]);
      expect(issued).toBeLessThan(MAX_REQUESTS);
      expect(outcome.succeeded).toBe(outcome.sent);
      // Every create that succeeded (first time or on its retry) left exactly that org.
      for (const slug of created) {
        const response = await fetch(`${urls[created.indexOf(slug) % 2]}/api/v1/orgs/${slug}`, {
          headers: { cookie: session.cookie },
        });
        expect(response.status, slug).toBe(200);
      }
    } finally {
      await Promise.all(processes.map((server) => server.stop()));
    }
  }, 600_000);
});

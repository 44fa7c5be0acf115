// A rolling restart and a rolling upgrade (docs/operations/upgrade.md): two API processes on one
// PostgreSQL, a client sending a bounded stream of reads and creates alternately to both, and the processes
// stopped with SIGTERM and started again one at a time — as the same version, or as a newer version with
// an expand migration (a copy of this checkout), so old and new serve side by side mid-rollout. Users see
// no failed request: only failures the client may cleanly retry once on the other process
// (testing/retryingLoadClient.ts says which), and every org created is there afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from './credentials/masterKeyring.ts';
import { type CheckoutCopy, checkoutRoot, copyCheckout } from './testing/copyCheckout.ts';
import { type LoadRequest, type LoadOutcome, runLoad, signIn } from './testing/retryingLoadClient.ts';
import { type CsocServerProcess, spawnCsocServer } from './testing/spawnCsocServer.ts';
import { createPostgresTestDatabase } from './testing/testDatabases.ts';
import { waitFor } from './testing/waitFor.ts';

const ADMIN = { email: 'admin@rolling.test', password: 'rolling-test-password-123' };
/** Requests the client sends between two steps (proves the restarted process is serving again). */
const REQUESTS_PER_STEP = 40;
/** The stream's bound: the load ends (and the test fails, unless the steps finished) after this many. */
const MAX_REQUESTS = 20_000;

interface Step {
  /** Which of the two processes is replaced. */
  index: 0 | 1;
  /** The checkout whose server replaces it. */
  root: string;
}

interface RollResult {
  outcome: LoadOutcome;
  exitCodes: (number | null)[];
  /** How many orgs the load created. */
  created: number;
  /** Created orgs that were not there afterwards. */
  missingOrgs: string[];
  logs: string[];
}

/** Starts two API processes of this checkout, runs the load, performs `steps` one after another. */
async function rollThrough(steps: Step[]): Promise<RollResult> {
  const env = {
    CSOC_DATABASE_URL: await createPostgresTestDatabase(),
    CSOC_MASTER_KEY: generateMasterKey().key.toString('base64'),
    CSOC_ADMIN_EMAIL: ADMIN.email,
    CSOC_ADMIN_PASSWORD: ADMIN.password,
    CSOC_WORKER: 'off',
    CSOC_LOG_LEVEL: 'warn',
  };
  const start = (root: string, port?: number) =>
    spawnCsocServer(
      root,
      { ...env, CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-rolling-')) },
      port,
    );
  const processes: CsocServerProcess[] = [await start(checkoutRoot)];
  const everyProcess = [...processes];
  await processes[0]!.ready(); // the first start migrates; the second finds nothing left to do
  processes.push(await start(checkoutRoot));
  everyProcess.push(processes[1]!);
  await processes[1]!.ready();
  const urls = processes.map((server) => server.url);
  try {
    const session = await signIn(urls[0]!, ADMIN.email, ADMIN.password);
    const created: string[] = [];
    let stepsDone = false;
    let issued = 0;
    const next = (): LoadRequest | undefined => {
      if (stepsDone || issued >= MAX_REQUESTS) return undefined;
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
    const exitCodes: (number | null)[] = [];
    try {
      const requestsGoOn = async (what: string) => {
        const before = issued;
        await waitFor(what, () => issued - before >= REQUESTS_PER_STEP, 120_000, 20);
      };
      for (const step of steps) {
        await requestsGoOn('requests before the step');
        exitCodes.push(await processes[step.index]!.stop());
        processes[step.index] = await start(step.root, processes[step.index]!.port);
        everyProcess.push(processes[step.index]!);
        await processes[step.index]!.ready();
        await requestsGoOn('requests after the step');
      }
    } finally {
      stepsDone = true;
    }
    const outcome = await load;
    expect(issued).toBeLessThan(MAX_REQUESTS);
    // Every create that succeeded (first time or on its retry) left its org, readable on either process.
    const missingOrgs: string[] = [];
    for (const [index, slug] of created.entries()) {
      const response = await fetch(`${urls[index % 2]}/api/v1/orgs/${slug}`, {
        headers: { cookie: session.cookie },
      });
      if (response.status !== 200) missingOrgs.push(`${slug}: ${response.status}`);
    }
    return {
      outcome,
      exitCodes,
      created: created.length,
      missingOrgs,
      logs: everyProcess.map((server) => server.output().stdout),
    };
  } finally {
    await Promise.all(processes.map((server) => server.stop()));
  }
}

function report(what: string, { outcome, exitCodes, created }: RollResult): void {
  console.log(
    `${what}: ${outcome.sent} requests, ${outcome.retried} clean retries ${JSON.stringify(outcome.retryReasons)}, ` +
      `${outcome.failures.length} failed, ${created} orgs created; exit codes on SIGTERM ${JSON.stringify(exitCodes)}`,
  );
}

describe('two API processes under load', () => {
  it('restarted one at a time, fail no request beyond clean retries and lose no write', async () => {
    const result = await rollThrough([
      { index: 0, root: checkoutRoot },
      { index: 1, root: checkoutRoot },
    ]);
    report('rolling restart', result);
    expect(result.outcome.failures).toEqual([]);
    expect(result.outcome.succeeded).toBe(result.outcome.sent);
    expect(result.exitCodes).toEqual([0, 0]);
    expect(result.created).toBeGreaterThan(0);
    expect(result.missingOrgs).toEqual([]);
  }, 600_000);

  describe('upgraded one at a time to a newer version with an expand migration', () => {
    let newer: CheckoutCopy;
    beforeAll(() => {
      newer = copyCheckout();
      fs.writeFileSync(
        path.join(newer.root, 'packages/server/src/db/migrations/9999_rolling_probe.ts'),
        `import type { Kysely } from 'kysely';
export const compatibility = 'expand';
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orgs').addColumn('rolling_probe_note', 'text').execute();
}
`,
      );
    }, 300_000);
    afterAll(() => newer?.remove());

    it('serve side by side, the old one restarts on the expanded schema, and no request fails', async () => {
      // New, then the old one crash-restarts mid-rollout (on the schema the new one expanded), then new.
      const result = await rollThrough([
        { index: 0, root: newer.root },
        { index: 1, root: checkoutRoot },
        { index: 1, root: newer.root },
      ]);
      report('rolling upgrade', result);
      expect(result.outcome.failures).toEqual([]);
      expect(result.outcome.succeeded).toBe(result.outcome.sent);
      expect(result.exitCodes).toEqual([0, 0, 0]);
      // The old version's restart saw the newer migration and ran beside it.
      expect(result.logs.join('\n')).toMatch(/"newerMigrations":\["9999_rolling_probe"\]/);
      expect(result.created).toBeGreaterThan(0);
      expect(result.missingOrgs).toEqual([]);
    }, 600_000);
  });
});

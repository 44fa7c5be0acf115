// Server start to ready: wall time from spawning the process to /readyz answering 200, on SQLite and on
// PostgreSQL, first start (empty database: migrations and the admin bootstrap) and restart (same database);
// median of N, interleaved. Two ways to run the server side by side: the bundle the image runs
// (packages/server/scripts/bundleServer.mjs, plain node, built by this benchmark) and `npm start`'s command
// (node --import tsx packages/server/src/main.ts, which compiles the sources as it loads them).
// CSOC_BENCH_STARTUP_BASELINE=<a bundle under packages/server/dist/> adds another bundle (the code before a
// change), interleaved with the others; CSOC_BENCH_STARTUP_TSX=0 leaves tsx out; CSOC_BENCH_STARTUP_RUNS=N.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createPostgresTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { findFreePort, startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { median, printTable, round } from './benchKit.ts';

const RUNS = Number(process.env.CSOC_BENCH_STARTUP_RUNS ?? 5);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** How a variant starts the server: node's arguments. */
interface Variant {
  name: string;
  args: string[];
}
const READY_TIMEOUT_MS = 120_000;

interface Start {
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  stop(): Promise<void>;
}

async function startServer(variant: Variant, databaseUrl: string, dataDir: string): Promise<Start> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, variant.args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CSOC_PORT: String(port),
      CSOC_DATA_DIR: dataDir,
      CSOC_DATABASE_URL: databaseUrl,
      CSOC_ADMIN_EMAIL: 'admin@example.org',
      CSOC_ADMIN_PASSWORD: 'correct-horse-battery-staple',
      CSOC_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`CSOC exited ${child.exitCode} before ready: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { readyMs: performance.now() - started, stop: () => stopServer(child) };
    await sleep(5);
  }
  await stopServer(child);
  throw new Error(`CSOC was not ready after ${READY_TIMEOUT_MS} ms: ${stderr}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function benchStartup(): Promise<void> {
  // Beside the image's bundle (the bundle finds the repository's files from where it sits), under a name of
  // its own: other processes may be running packages/server/dist/csoc-server.mjs.
  const bundle = path.join(REPO_ROOT, 'packages/server/dist', `csoc-server-bench-${process.pid}.mjs`);
  execFileSync(process.execPath, ['packages/server/scripts/bundleServer.mjs', '--outfile', bundle], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 600_000,
  });
  const variants: Variant[] = [{ name: 'bundle', args: [bundle, 'serve'] }];
  const baseline = process.env.CSOC_BENCH_STARTUP_BASELINE;
  if (baseline)
    variants.push({ name: `baseline ${path.basename(baseline)}`, args: [path.resolve(baseline), 'serve'] });
  if (process.env.CSOC_BENCH_STARTUP_TSX !== '0')
    variants.push({ name: 'npm start (tsx)', args: ['--import', 'tsx', 'packages/server/src/main.ts'] });
  const postgres = await startThrowawayPostgres();
  const serverUrl = process.env.CSOC_TEST_DATABASE_URL;
  process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  const samples: Record<string, number[]> = {};
  const record = (name: string, ms: number) => (samples[name] ??= []).push(ms);
  const loadBefore = os.loadavg()[0]!;
  try {
    for (let index = 0; index < RUNS; index++) {
      for (const variant of variants) {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-startup-'));
        const targets = [
          { dialect: 'SQLite', databaseUrl: `sqlite:${path.join(scratch, 'csoc.db')}` },
          { dialect: 'PostgreSQL', databaseUrl: await createPostgresTestDatabase() },
        ];
        for (const target of targets) {
          const dataDir = path.join(scratch, target.dialect);
          for (const phase of ['first start (empty database)', 'restart (same database)']) {
            const server = await startServer(variant, target.databaseUrl, dataDir);
            record(`${variant.name} | ${target.dialect}, ${phase}`, server.readyMs);
            await server.stop();
          }
        }
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    }
  } finally {
    if (serverUrl === undefined) delete process.env.CSOC_TEST_DATABASE_URL;
    else process.env.CSOC_TEST_DATABASE_URL = serverUrl;
    await postgres.stop();
    fs.rmSync(bundle, { force: true });
    fs.rmSync(bundle.replace(/\.mjs$/, '.install.json'), { force: true });
  }
  printTable(
    `Server start to ready (spawn → /readyz 200), median of ${RUNS}, variants interleaved (load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after)`,
    Object.entries(samples).map(([name, values]) => ({
      'server | database': name,
      'median ms': round(median(values), 0),
      'min ms': round(Math.min(...values), 0),
      'max ms': round(Math.max(...values), 0),
    })),
  );
}

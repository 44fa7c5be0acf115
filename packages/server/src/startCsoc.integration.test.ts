// `serve`'s background work goes through one registry: tasks start in order, stop in reverse, each logged,
// and a started-then-stopped CSOC leaves nothing behind that keeps its process alive.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTestCsoc } from './testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from './testing/testDatabases.ts';

const SERVE_TASKS = [
  'sim-argocd',
  'deploy-followers',
  'http-server',
  'validator-compilation',
  'audit-retention',
  'monitor-probes',
  'alert-sources',
  'alert-dispatcher',
  'telemetry-signals',
  'drift-checks',
  'release-waves',
  'run-worker',
];
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'testing/startThenStopCsoc.ts');

describe('serve background tasks (sqlite)', () => {
  it('starts every background task in order and stops them all in reverse, each logged by name', async () => {
    const csoc = await startTestCsoc({ databaseUrl: createSqliteTestDatabase() });
    expect(csoc.tasks.running()).toEqual(SERVE_TASKS);
    expect(csoc.context.deployFollowers.sweeper).toBeDefined();
    await csoc.stop();

    expect(csoc.tasks.running()).toEqual([]);
    const lines = csoc
      .capturedOutput()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; task?: string });
    const named = (msg: string) => lines.filter((line) => line.msg === msg).map((line) => line.task);
    expect(named('background task started')).toEqual(SERVE_TASKS);
    expect(named('background task stopped')).toEqual([...SERVE_TASKS].reverse());
    expect(csoc.context.lifecycle.accepting).toBe(false);
    expect(csoc.context.deployFollowers.sweeper).toBeUndefined();
    expect(csoc.context.deployFollowers.running.size).toBe(0);
    expect(csoc.worker?.activeCount()).toBe(0);
    await expect(fetch(`${csoc.url}/healthz`)).rejects.toThrow();
    await expect(fetch(`${csoc.context.simArgoCdUrl}/argocd/any/api/v1/applications`)).rejects.toThrow();
  });

  it('lets its process exit on its own once stopped (no timer, socket or pool left behind)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        PATH: process.env.PATH ?? '',
        CSOC_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-stop-')),
        CSOC_PORT: '0',
        CSOC_LOG_LEVEL: 'warn',
        CSOC_ADMIN_EMAIL: 'admin@example.org',
        CSOC_ADMIN_PASSWORD: 'correct-horse-battery',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The script never calls process.exit; a task that kept a handle would keep it alive past this limit.
    const code = await new Promise<number | string | null>((resolve) => {
      const limit = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running 45 s after start');
      }, 45_000);
      child.once('exit', (exitCode) => {
        clearTimeout(limit);
        resolve(exitCode);
      });
    });
    expect(code, output).toBe(0);
    const report = JSON.parse(output.split('\n').find((line) => line.startsWith('{"started"'))!);
    expect(report).toEqual({ started: SERVE_TASKS, stillRunning: [] });
  }, 60_000);
});

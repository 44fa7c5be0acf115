// Start-up of the csoc command as a user runs it (a fresh node process each time): `csoc --help` and
// `csoc commons list` against a running CSOC, from the bundle and through tsx, next to node doing nothing;
// median wall time of N runs each, interleaved so load on the machine falls on every variant alike.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCliBundle } from '@csoc/cli/bundle';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { median, printTable, round, startBenchCsoc } from './benchKit.ts';

const RUNS = 15;
const bin = path.resolve('packages/cli/bin/csoc.mjs');

export async function benchCli(): Promise<void> {
  await ensureCliBundle();
  const csoc = await startBenchCsoc(undefined, { CSOC_PROBE_INTERVAL_SECONDS: '0' });
  await csoc.admin.post('/api/v1/orgs', { slug: 'bench-cli', name: 'Bench CLI' });
  await createSimAccount(csoc.admin, 'bench-cli');
  for (let index = 0; index < 20; index++)
    await csoc.admin.post('/api/v1/orgs/bench-cli/commons', simCommonsDocument(`cli-${index}`));

  // A signed-in context, saved by `csoc login` as a user would.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bench-cli-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
  const login = await run(
    [bin, 'login', '--server', csoc.url, '--email', TEST_ADMIN_EMAIL, '--org', 'bench-cli'],
    env,
    `${TEST_ADMIN_PASSWORD}\n`,
  );
  if (login.status !== 0) throw new Error(`csoc login failed: ${login.stderr}`);

  const variants = [
    { name: 'node -e 0 (node start-up alone)', args: ['-e', '0'], entry: 'bundle' },
    { name: 'csoc --help, bundle', args: [bin, '--help'], entry: 'bundle' },
    { name: 'csoc --help, tsx', args: [bin, '--help'], entry: 'sources' },
    { name: 'csoc commons list, bundle', args: [bin, 'commons', 'list'], entry: 'bundle' },
    { name: 'csoc commons list, tsx', args: [bin, 'commons', 'list'], entry: 'sources' },
  ];
  const samples = new Map(variants.map((variant) => [variant.name, [] as number[]]));
  for (let round = 0; round < RUNS; round++) {
    for (const variant of variants) {
      const started = performance.now();
      const result = await run(variant.args, { ...env, CSOC_CLI_ENTRY: variant.entry });
      const ms = performance.now() - started;
      if (result.status !== 0) throw new Error(`${variant.name} failed: ${result.stderr}`);
      if (variant.args.includes('list') && !result.stdout.includes('cli-19'))
        throw new Error(`${variant.name} did not list the commons: ${result.stdout}`);
      samples.get(variant.name)!.push(ms);
    }
  }
  printTable(`csoc start-up, wall time of a whole command, median of ${RUNS} (target < 150 ms)`, [
    ...variants.map((variant) => {
      const values = samples.get(variant.name)!;
      return {
        command: variant.name,
        'median ms': round(median(values), 1),
        'min ms': round(Math.min(...values), 1),
      };
    }),
  ]);
  // The machine is shared: the load during the runs says how far the absolute times can be trusted.
  console.log(
    `load average (1, 5, 15 min) after the runs: ${os
      .loadavg()
      .map((l) => round(l))
      .join(', ')}`,
  );
  fs.rmSync(home, { recursive: true, force: true });
  await csoc.stop();
}

/** Runs node with args, asynchronously: the CSOC under test answers from this same process. */
function run(
  args: string[],
  env: Record<string, string>,
  input = '',
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

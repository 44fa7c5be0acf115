// README.md's "A short tour", run exactly as written, against `npm start` with every default: the first
// thing a newcomer does. Every other test gives CSOC an absolute data dir, so none saw that the default
// relative ./.csoc-data put the GitOps repo elsewhere (git runs in another directory) and no deploy
// ever became healthy.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { copyCheckout } from './testing/copyCheckout.ts';
import { readmeTourCommands } from './testing/readmeTourCommands.ts';

/** Where the README says CSOC listens: the tour's commands name it, so the test cannot pick another port. */
const README_PORT = 8080;
/** First start bundles the plugins (and builds the portal when no build exists to link). */
const START_TIMEOUT_MS = 300_000;
/** Longest one tour command may take; the slowest, `deploy --wait`, takes seconds when all is well. */
const STEP_TIMEOUT_MS = 120_000;

interface StepResult {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A newcomer's shell: no CSOC_* or OTEL_* settings (every default), and none of the test runner's or of
 * an enclosing `npm test`. The CLI also gets its own HOME and XDG_CONFIG_HOME, so that its context file
 * is not the developer's.
 */
function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(CSOC_|OTEL_|VITEST|npm_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$)/.test(name)) env[name] = value;
  return { ...env, ...extra };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `Port ${port} on 127.0.0.1 is busy (${error.code}): the README tour runs \`npm start\` with every default, which listens there. Stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it; often a CSOC from \`npm start\`) and run this test again.`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Runs one command through sh in `cwd`, as typed in a terminal; kills it (and its children) at the bound. */
function runStep(command: string, cwd: string, env: NodeJS.ProcessEnv, stdin = ''): Promise<StepResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const bound = setTimeout(() => {
      stderr += `\n[test] still running after ${STEP_TIMEOUT_MS / 1000} s: killed`;
      killGroup(child, 'SIGKILL');
    }, STEP_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(bound);
      resolve({ command, code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

function startNpmStart(root: string) {
  // detached: npm, its shell and node form one process group, stopped together at the end.
  const child = spawn('npm', ['start'], { cwd: root, env: newcomerEnv(), detached: true, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    output: () => output,
    /** The one-time admin password `npm start` prints at first start, once CSOC answers /readyz. */
    async ready(): Promise<string> {
      const deadline = Date.now() + START_TIMEOUT_MS;
      let running = true;
      void exited.then(() => (running = false));
      for (;;) {
        const password = /One-time password: (\S+)/.exec(output)?.[1];
        if (password && (await isReady())) return password;
        if (!running) throw new Error(`npm start exited before CSOC was ready:\n${output}`);
        if (Date.now() > deadline)
          throw new Error(`npm start was not ready within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop(): Promise<void> {
      killGroup(child, 'SIGTERM');
      const killed = setTimeout(() => killGroup(child, 'SIGKILL'), 15_000);
      await exited;
      // npm may exit before node has shut down: wait for the port to close, then leave nothing behind.
      for (let waited = 0; waited < 15_000 && (await isListening()); waited += 250)
        await new Promise((resolve) => setTimeout(resolve, 250));
      clearTimeout(killed);
      killGroup(child, 'SIGKILL');
    },
  };
}

function isListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(README_PORT, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function isReady(): Promise<boolean> {
  try {
    return (
      (await fetch(`http://127.0.0.1:${README_PORT}/readyz`, { signal: AbortSignal.timeout(2_000) }))
        .status === 200
    );
  } catch {
    return false;
  }
}

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe('the README tour', () => {
  it('runs every step as written against `npm start` with every default, from a fresh copy of the repository', async () => {
    await assertPortFree(README_PORT);
    // A scratch copy, not this checkout: `npm start` here would use (and leave) the developer's own
    // ./.csoc-data. A copy keeps every default and starts from nothing, like a fresh clone; a `git
    // clone` would not do, as it would test the last commit instead of the working tree.
    const checkout = copyCheckout();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-tour-home-'));
    // The misplaced data dirs the bug created: relative to git's working directory, or the copy's parent.
    const strayDataDirs = [os.tmpdir(), path.dirname(checkout.root)]
      .map((dir) => path.join(dir, '.csoc-data'))
      .filter((dir) => !fs.existsSync(dir));
    const server = startNpmStart(checkout.root);
    // Also after a timeout: the server is detached (its own process group) and would outlive the test.
    onTestFinished(async () => {
      await server.stop();
      checkout.remove();
      fs.rmSync(home, { recursive: true, force: true });
    });
    const cliEnv = newcomerEnv({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') });
    const steps: StepResult[] = [];
    const password = await server.ready();
    const readme = fs.readFileSync(path.join(checkout.root, 'README.md'), 'utf8');
    let printedRunId: string | undefined;
    for (const written of readmeTourCommands(readme)) {
      // The one substitution a reader makes: RUN_ID is the id the previous command printed.
      if (written.includes('RUN_ID') && !printedRunId)
        throw new Error(`"${written}" needs RUN_ID, but the previous command printed no run id`);
      const command = written.replaceAll('RUN_ID', printedRunId ?? 'RUN_ID');
      // The README's login comment: the password may be piped in on stdin.
      const step = await runStep(
        command,
        checkout.root,
        cliEnv,
        / csoc login /.test(command) ? `${password}\n` : '',
      );
      steps.push(step);
      const shown = `${command}\n--- exit ${step.code}; stdout:\n${step.stdout}\n--- stderr:\n${step.stderr}\n--- server (last lines):\n${server.output().slice(-4000)}`;
      expect(step.code, shown).toBe(0);
      assertStepOutcome(step, shown);
      printedRunId = /^id\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/m.exec(
        step.stdout,
      )?.[1];
    }
    expect(steps.map((step) => step.command.split(' ').slice(0, 3).join(' '))).toContain('npx csoc destroy');

    // Torn down: the commons' infrastructure is gone from its state.
    const resources = await runStep('npx csoc state resources acme/alpha -o json', checkout.root, cliEnv);
    expect(resources.code, resources.stderr).toBe(0);
    expect(JSON.parse(resources.stdout)).toEqual([]);

    // Every file in ./.csoc-data of the directory `npm start` ran in, and only CSOC's user may read them.
    const dataDir = path.join(checkout.root, '.csoc-data');
    expect(strayDataDirs.filter((dir) => fs.existsSync(dir))).toEqual([]);
    expect(modeOf(dataDir)).toBe('700');
    for (const file of ['csoc.db', 'csoc.db-wal', 'csoc.db-shm', 'master.key'])
      expect([file, modeOf(path.join(dataDir, file))]).toEqual([file, '600']);

    // Torn down, Gen3 included: no file of the commons is left in the org's GitOps repository.
    const gitopsFiles = execFileSync(
      'git',
      ['--git-dir', path.join(dataDir, 'gitops', 'acme.git'), 'ls-tree', '-r', '--name-only', 'main'],
      { encoding: 'utf8' },
    );
    expect(gitopsFiles.split('\n').filter((file) => file.includes('alpha'))).toEqual([]);
  }, 900_000);
});

/** What the README promises each step shows, beyond exiting 0. */
function assertStepOutcome(step: StepResult, shown: string): void {
  const { command, stdout, stderr } = step;
  if (/ csoc login /.test(command))
    expect(stderr + stdout, shown).toMatch(/Logged in .* as admin@csoc\.local/);
  if (/ csoc plan .*--wait/.test(command)) expect(stdout, shown).toMatch(/^state\s+planned$/m);
  if (/ csoc runs logs .*--follow/.test(command)) expect(stdout, shown).toMatch(/succeeded/);
  if (/ csoc deploy .*--wait/.test(command)) expect(stdout, shown).toMatch(/^status\s+healthy$/m);
  if (/ csoc status /.test(command)) expect(stdout, shown).toMatch(/Synced\/Healthy/);
  if (/ csoc fleet /.test(command))
    expect(stdout, shown).toMatch(/alpha.*Synced.*Healthy.*2025\.06|alpha.*2025\.06.*Synced.*Healthy/);
  if (/ csoc upgrade .*--plan-only/.test(command)) expect(stdout, shown).toMatch(/2025\.06 -> 2025\.07/);
  if (/ csoc upgrade .*--wait/.test(command)) {
    expect(stdout, shown).toMatch(/^release\s+2025\.07$/m);
    expect(stdout, shown).toMatch(/^status\s+healthy$/m);
  }
  if (/ csoc destroy .*--auto-approve/.test(command)) expect(stdout, shown).toMatch(/^state\s+succeeded$/m);
  if (/ csoc audit verify/.test(command)) expect(stdout + stderr, shown).toMatch(/intact|verified|valid/i);
}

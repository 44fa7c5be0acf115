// Runs README.md's "A short tour" as a reader would, one shell command at a time, and checks each step
// shows what the README promises. Shared by the tour against `npm start` (readmeTour.integration.test.ts)
// and the tour against the container image (deploy/container/containerReadmeTour.test.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { readmeTourCommands } from './readmeTourCommands.ts';

/** Where the README says CSOC listens; the tour's commands name it. */
export const README_SERVER_URL = 'http://127.0.0.1:8080';
/** Longest one tour command may take; the slowest, `deploy --wait`, takes seconds when all is well. */
export const STEP_TIMEOUT_MS = 120_000;

export interface StepResult {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A newcomer's shell: no CSOC_* or OTEL_* settings (every default), and none of the test runner's or of
 * an enclosing `npm test`. Callers give the CLI its own HOME and XDG_CONFIG_HOME, so that its context file
 * is not the developer's.
 */
export function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(CSOC_|OTEL_|VITEST|npm_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$)/.test(name)) env[name] = value;
  return { ...env, ...extra };
}

/** Runs one command through sh in `cwd`, as typed in a terminal; kills it (and its children) at the bound. */
export function runStep(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin = '',
): Promise<StepResult> {
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
    // A command that never reads its input (most tour steps) may exit before the input is written: the
    // pipe then breaks, which says nothing about the step. Anything else is noted in its output.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') stderr += `\n[test] could not write the step's input: ${error.message}`;
    });
    child.stdin.end(stdin);
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

export interface ReadmeTourOptions {
  /** README.md's text: the tour is read from it. */
  readme: string;
  /** Where the commands run (the tour writes alpha.yaml there) and what `npx csoc` resolves from. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The one-time admin password CSOC printed at first start; piped to `csoc login` as the README says. */
  password: string;
  /** The CSOC the tour drives, when not the README's own http://127.0.0.1:8080. */
  serverUrl?: string;
  /** The server's output so far, shown with a step that failed. */
  serverOutput: () => string;
}

/**
 * Runs every command of the tour in order and asserts each one's outcome. The substitutions a reader
 * makes: RUN_ID is the id the previous command printed, and the server address is theirs.
 */
export async function runReadmeTour(options: ReadmeTourOptions): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  let printedRunId: string | undefined;
  for (const written of readmeTourCommands(options.readme)) {
    if (written.includes('RUN_ID') && !printedRunId)
      throw new Error(`"${written}" needs RUN_ID, but the previous command printed no run id`);
    const command = written
      .replaceAll('RUN_ID', printedRunId ?? 'RUN_ID')
      .replaceAll(README_SERVER_URL, options.serverUrl ?? README_SERVER_URL);
    // The README's login comment: the password may be piped in on stdin.
    const step = await runStep(
      command,
      options.cwd,
      options.env,
      / csoc login /.test(command) ? `${options.password}\n` : '',
    );
    steps.push(step);
    const shown = `${command}\n--- exit ${step.code}; stdout:\n${step.stdout}\n--- stderr:\n${step.stderr}\n--- server (last lines):\n${options.serverOutput().slice(-4000)}`;
    expect(step.code, shown).toBe(0);
    assertStepOutcome(step, shown);
    printedRunId = /^id\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s*$/m.exec(
      step.stdout,
    )?.[1];
  }
  return steps;
}

/** What the README promises each step shows, beyond exiting 0. */
export function assertStepOutcome(step: StepResult, shown: string): void {
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

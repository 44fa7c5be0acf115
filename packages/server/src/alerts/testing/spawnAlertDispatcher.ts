// Starts runAlertDispatcher.ts as a separate OS process on a test CSOC's database (a second replica, or
// one to kill -9 mid-delivery). SQLite needs real processes: two connections in one process would wait
// on each other's lock inside one blocked event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../testing/waitFor.ts';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'runAlertDispatcher.ts');

export interface SpawnedDispatcher {
  process: ChildProcess;
  output(): string;
  /** Kills it (-9 by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnAlertDispatcher(env: Record<string, string>): Promise<SpawnedDispatcher> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', CSOC_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawned: SpawnedDispatcher = {
    process: child,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  try {
    await waitFor(
      'the dispatcher process to start',
      () => {
        if (child.exitCode !== null) throw new Error(`the dispatcher process exited: ${output}`);
        return output.includes('dispatcher ready');
      },
      120_000,
    );
  } catch (error) {
    await spawned.kill();
    throw error;
  }
  return spawned;
}

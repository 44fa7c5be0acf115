// A real `csoc-server` process of any checkout (this one, a copy, or a previous release's worktree), as an
// operator runs it: `node --import tsx packages/server/src/main.ts` with configuration in the environment.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from './startThrowawayPostgres.ts';

export interface CsocServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** Resolves once /readyz answers 200; rejects (with the output) when the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code (graceful shutdown exits 0). */
  stop(): Promise<number | null>;
}

/** Starts the server of the checkout at `root` on `port` (a free one when not given). */
export async function spawnCsocServer(
  root: string,
  env: Record<string, string>,
  port?: number,
): Promise<CsocServerProcess> {
  const listenPort = port ?? (await findFreePort());
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CSOC_HOST: '127.0.0.1',
      CSOC_PORT: String(listenPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${listenPort}`;
  const output = () => ({ stdout, stderr });
  return {
    url,
    port: listenPort,
    child,
    exited,
    output,
    async ready(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exitCode !== undefined)
          throw new Error(
            `the server exited (${exitCode}) before it was ready:\n${stderr}\n${stdout.slice(-4000)}`,
          );
        try {
          if ((await fetch(`${url}/readyz`)).status === 200) return;
        } catch {
          /* not listening yet */
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${stderr}\n${stdout.slice(-4000)}`);
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}

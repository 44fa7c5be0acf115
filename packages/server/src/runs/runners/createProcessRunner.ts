// The default runner: the plugin's runtime.command as a local child process in the plugin folder, with a
// clean environment (none of CSOC's own secrets), secrets in a 0600 file on a tmpfs, optionally inside
// a bubblewrap sandbox. The plugin dies with the worker (parent-death signal), so a killed worker leaves
// no Terraform running against the state.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REQUEST_FILE_ENV, type PluginRequest } from '@csoc/plugin-sdk';
import {
  STATE_TOKEN_ENV,
  type PluginRunner,
  type RunnerInvocation,
  type RunnerResult,
} from './PluginRunner.ts';

export interface ProcessRunnerOptions {
  /** Run plugins inside bubblewrap (read-only host, private /tmp, writable work dir only). */
  sandbox: 'none' | 'bwrap';
  /** Extra environment for plugins, e.g. CSOC_TF_PLUGIN_MIRROR. Never CSOC's own secrets. */
  pluginEnv?: Record<string, string>;
  /** Seconds between the polite stop (SIGTERM) and SIGKILL. */
  killGraceSeconds?: number;
}

function commandExists(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/** A 0700 folder `<secretsBase>/<name>` for one plugin invocation's secret files. */
export function secretsDirFor(secretsBase: string, name: string): string {
  const dir = path.join(secretsBase, name);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function createProcessRunner(options: ProcessRunnerOptions): PluginRunner {
  const useSetpriv = commandExists('setpriv');
  if (options.sandbox === 'bwrap' && !commandExists('bwrap')) {
    throw new Error(
      'CSOC_RUNNER_SANDBOX=bwrap but bwrap is not installed; install the bubblewrap package or set it to none',
    );
  }
  return {
    kind: 'process',
    async run(invocation: RunnerInvocation): Promise<RunnerResult> {
      const command = invocation.plugin.manifest.runtime.command;
      if (!command?.length)
        throw new Error(`plugin ${invocation.plugin.name} has no runtime.command for the process runner`);
      fs.mkdirSync(invocation.workDir, { recursive: true });
      const secretsDir = secretsDirFor(invocation.secretsBase, `${invocation.runId}-${invocation.verb}`);
      const secretsFile = path.join(secretsDir, 'credentials.json');
      fs.writeFileSync(secretsFile, JSON.stringify(invocation.secrets), { mode: 0o600 });
      const request: PluginRequest = {
        ...invocation.request,
        credentials: { ...invocation.request.credentials, secretsFile },
        workDir: invocation.workDir,
        state: {
          address: invocation.stateBackendUrl,
          lockAddress: invocation.stateBackendUrl,
          unlockAddress: invocation.stateBackendUrl,
          username: invocation.stateUsername,
          passwordEnv: STATE_TOKEN_ENV,
        },
        ...(invocation.planFileName
          ? { planFile: path.join(invocation.workDir, invocation.planFileName) }
          : {}),
      };
      const requestFile = path.join(invocation.workDir, `request-${invocation.verb}.json`);
      fs.writeFileSync(requestFile, JSON.stringify(request, null, 2), { mode: 0o600 });

      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: invocation.workDir,
        LANG: 'C.UTF-8',
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        [REQUEST_FILE_ENV]: requestFile,
        [STATE_TOKEN_ENV]: invocation.stateToken,
        ...options.pluginEnv,
      };
      const pluginDir = invocation.plugin.source;
      let argv = [...command, invocation.verb];
      if (options.sandbox === 'bwrap') {
        argv = [
          'bwrap',
          '--die-with-parent',
          '--new-session',
          '--ro-bind',
          '/',
          '/',
          '--dev',
          '/dev',
          '--proc',
          '/proc',
          '--tmpfs',
          '/tmp',
          '--bind',
          invocation.workDir,
          invocation.workDir,
          '--ro-bind',
          secretsDir,
          secretsDir,
          '--unshare-pid',
          '--unshare-ipc',
          '--unshare-uts',
          '--chdir',
          pluginDir,
          '--',
          ...argv,
        ];
      } else if (useSetpriv) {
        // If the worker dies (even kill -9), the plugin gets SIGTERM and stops Terraform cleanly.
        argv = ['setpriv', '--pdeathsig', 'TERM', '--', ...argv];
      }

      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: pluginDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      child.stdout.on('data', (chunk: Buffer) => invocation.onStdout(chunk));
      child.stderr.on('data', (chunk: Buffer) => invocation.onStderr(chunk));

      let timedOut = false;
      let aborted = false;
      let killTimer: NodeJS.Timeout | undefined;
      const stop = () => {
        if (child.exitCode !== null || child.pid === undefined) return;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        killTimer ??= setTimeout(
          () => {
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              /* already gone */
            }
          },
          (options.killGraceSeconds ?? 20) * 1000,
        );
      };
      const timeout = setTimeout(() => {
        timedOut = true;
        stop();
      }, invocation.timeoutMs);
      const onAbort = () => {
        aborted = true;
        stop();
      };
      invocation.signal.addEventListener('abort', onAbort, { once: true });
      if (invocation.signal.aborted) onAbort();

      try {
        return await new Promise<RunnerResult>((resolve, reject) => {
          child.once('error', reject);
          child.once('close', (exitCode, signal) => resolve({ exitCode, signal, timedOut, aborted }));
        });
      } finally {
        clearTimeout(timeout);
        if (killTimer) clearTimeout(killTimer);
        invocation.signal.removeEventListener('abort', onAbort);
        fs.rmSync(secretsDir, { recursive: true, force: true });
        // Kill anything the plugin left behind in its process group.
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* group already empty */
        }
      }
    },
  };
}

export const defaultRunsDir = (dataDir: string) => path.join(dataDir, 'runs');
export const hostname = os.hostname();

// The default runner: the plugin's runtime.command as a local child process in the plugin folder, with a
// clean environment (none of CSOC's own secrets), the credential secrets and the state token in 0600
// files on a tmpfs, and by default isolated from every other run's plugin (own PID namespace, other runs'
// secret and work folders hidden). The plugin dies with the worker (parent-death signal), so a killed
// worker leaves no Terraform running against the state.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLUGIN_CACHE_ENV, REQUEST_FILE_ENV, type PluginRequest } from '@csoc/plugin-sdk';
import type { PluginRunner, RunnerInvocation, RunnerResult } from './PluginRunner.ts';

export type ProcessSandbox = 'isolate' | 'bwrap' | 'none';

export interface ProcessRunnerOptions {
  /**
   * isolate (default): each plugin in its own PID namespace, other runs' secret and work folders hidden
   * (bubblewrap); bwrap: that, plus a read-only host and a private /tmp; none: no isolation between runs.
   */
  sandbox?: ProcessSandbox;
  /** Told once, at creation, when plugins cannot be isolated from each other and why. */
  onWarning?: (message: string) => void;
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

/** Arguments that give bubblewrap its own PID namespace (and, as root, no capabilities to undo the masks). */
function namespaceArgs(): string[] {
  return [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--proc',
    '/proc',
    ...(process.getuid?.() === 0 ? ['--cap-drop', 'ALL'] : []),
  ];
}

/** Why bubblewrap cannot isolate plugins on this host, or undefined when it can. */
export function bwrapProblem(): string | undefined {
  if (!commandExists('bwrap')) return 'bwrap is not installed (install the bubblewrap package)';
  const probe = spawnSync(
    'bwrap',
    ['--dev-bind', '/', '/', ...namespaceArgs(), '--', process.execPath, '-e', ''],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (probe.status === 0) return undefined;
  const detail = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim();
  return `bwrap cannot create namespaces here (${detail}); allow unprivileged user namespaces or run CSOC as root`;
}

/**
 * The folders of other runs a plugin must not see: the secrets base of this installation, when the work
 * dir has the `<runs>/<runId>/work` layout the runs folder, and the provider caches of every plugin version
 * (`<caches>/<plugin>/<version>`). All are hidden behind an empty tmpfs, and only this invocation's own
 * folders are mounted back.
 */
function hiddenFolders(invocation: RunnerInvocation): string[] {
  const runDir = path.dirname(invocation.workDir);
  const layout = path.basename(invocation.workDir) === 'work' && path.basename(runDir) === invocation.runId;
  const caches = invocation.pluginCacheDir ? [path.dirname(path.dirname(invocation.pluginCacheDir))] : [];
  return [...(layout ? [path.dirname(runDir)] : []), invocation.secretsBase, ...caches];
}

export function createProcessRunner(options: ProcessRunnerOptions = {}): PluginRunner {
  const useSetpriv = commandExists('setpriv');
  let sandbox: ProcessSandbox = options.sandbox ?? 'isolate';
  if (sandbox !== 'none') {
    const problem = bwrapProblem();
    if (problem && sandbox === 'bwrap')
      throw new Error(`CSOC_RUNNER_SANDBOX=bwrap but ${problem}; or set CSOC_RUNNER_SANDBOX=none`);
    if (problem) {
      options.onWarning?.(
        `Plugin processes are NOT isolated from each other: ${problem}. A plugin can see other runs' processes and files; use the container runner for isolation.`,
      );
      sandbox = 'none';
    }
  } else {
    options.onWarning?.(
      "CSOC_RUNNER_SANDBOX=none: plugin processes are not isolated from each other (every plugin runs as CSOC's user and can see the other runs).",
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
      // The token is a file, never an environment variable: /proc/<pid>/environ is readable by the user.
      const stateTokenFile = path.join(secretsDir, 'state-token');
      fs.writeFileSync(stateTokenFile, invocation.stateToken, { mode: 0o600 });
      const request: PluginRequest = {
        ...invocation.request,
        credentials: { ...invocation.request.credentials, secretsFile },
        workDir: invocation.workDir,
        state: {
          address: invocation.stateBackendUrl,
          lockAddress: invocation.stateBackendUrl,
          unlockAddress: invocation.stateBackendUrl,
          username: invocation.stateUsername,
          passwordFile: stateTokenFile,
        },
        ...(invocation.planFileName
          ? { planFile: path.join(invocation.workDir, invocation.planFileName) }
          : {}),
      };
      const requestFile = path.join(invocation.workDir, `request-${invocation.verb}.json`);
      fs.writeFileSync(requestFile, JSON.stringify(request, null, 2), { mode: 0o600 });
      const cacheDir = invocation.pluginCacheDir;
      if (cacheDir) fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });

      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: invocation.workDir,
        LANG: 'C.UTF-8',
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        [REQUEST_FILE_ENV]: requestFile,
        ...options.pluginEnv,
        ...(cacheDir ? { [PLUGIN_CACHE_ENV]: cacheDir } : {}),
        ...invocation.traceEnv,
      };
      const pluginDir = invocation.plugin.source;
      let argv = [...command, invocation.verb];
      if (sandbox !== 'none') {
        const strict = sandbox === 'bwrap';
        argv = [
          'bwrap',
          ...(strict ? ['--ro-bind', '/', '/', '--dev', '/dev', '--tmpfs', '/tmp', '--unshare-uts'] : []),
          // The plugin's own folder stays readable when it lies under the private /tmp (a checkout there);
          // bound before the hidden folders and the run's binds, so none of those is re-exposed by it.
          ...(strict ? ['--ro-bind', pluginDir, pluginDir] : []),
          ...(strict ? [] : ['--dev-bind', '/', '/']),
          ...namespaceArgs(),
          ...hiddenFolders(invocation).flatMap((folder) => ['--tmpfs', folder]),
          '--bind',
          invocation.workDir,
          invocation.workDir,
          '--ro-bind',
          secretsDir,
          secretsDir,
          // Writable: the first init of this plugin version fills it (under its lock); a read-only host
          // (bwrap) would otherwise refuse Terraform's writes.
          ...(cacheDir ? ['--bind', cacheDir, cacheDir] : []),
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

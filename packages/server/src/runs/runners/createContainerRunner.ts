// The container runner: each plugin verb runs in a fresh podman (or docker) container from the plugin's
// image, with no network (unless the manifest says `network: cloud`), a read-only root, no capabilities,
// CPU/memory limits, secrets as files on a tmpfs, and the state backend reachable only through a per-run
// Unix socket proxy. The run's work dir is mounted at the same path, so plan files mean the same thing to
// the plugin and to CSOC.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_CACHE_ENV, REQUEST_FILE_ENV, STATE_SOCKET_ENV, type PluginRequest } from '@csoc/plugin-sdk';
import { secretsDirFor } from './createProcessRunner.ts';
import { pluginImage } from './pluginImage.ts';
import type { PluginRunner, RunnerInvocation, RunnerResult } from './PluginRunner.ts';
import { startStateSocketProxy } from './startStateSocketProxy.ts';

export type ContainerCli = 'podman' | 'docker';

export interface ContainerRunnerOptions {
  /** Extra environment for plugins, e.g. CSOC_TF_PLUGIN_MIRROR (whose folder is then mounted read-only). */
  pluginEnv?: Record<string, string>;
  /** The container CLI; default podman when it is on PATH, else docker. */
  cli?: ContainerCli;
  /** CPU limit per container (`--cpus`); default 2. */
  cpus?: string;
  /** Memory limit per container (`--memory`, e.g. 2g); default 2g. */
  memory?: string;
  /** Network for plugins whose manifest says `network: cloud`; default bridge. */
  cloudNetwork?: string;
  /** Seconds between the polite stop (SIGTERM: Terraform releases the lock) and the kill. Default 20. */
  killGraceSeconds?: number;
  /** Environment of the CLI itself (CONTAINERS_CONF, DOCKER_HOST, XDG_RUNTIME_DIR...); default CSOC's. */
  cliEnv?: NodeJS.ProcessEnv;
}

/** Where the secrets tmpfs and the state socket folder appear inside the container. */
export const CONTAINER_SECRETS_DIR = '/csoc/secrets';
export const CONTAINER_STATE_DIR = '/csoc/state';

function commandExists(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/** Picks the CLI: the configured one (which must exist), else podman, else docker. */
export function resolveContainerCli(preferred?: ContainerCli): ContainerCli {
  if (preferred) {
    if (!commandExists(preferred)) {
      throw new Error(
        `CSOC_CONTAINER_CLI=${preferred} but ${preferred} is not on PATH; install it or choose ${preferred === 'podman' ? 'docker' : 'podman'}`,
      );
    }
    return preferred;
  }
  if (commandExists('podman')) return 'podman';
  if (commandExists('docker')) return 'docker';
  throw new Error(
    'CSOC_RUNNER=container needs podman or docker on PATH: install podman (apt-get install podman runc) or set CSOC_RUNNER=process',
  );
}

/** `csoc-run-<runId>-<verb>`, limited to the characters container names allow. */
export function containerName(runId: string, verb: string): string {
  return `csoc-run-${runId}-${verb}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

export interface ContainerRunSpec {
  cli: ContainerCli;
  name: string;
  image: string;
  verb: string;
  network: string;
  cpus: string;
  memory: string;
  workDir: string;
  secretsDir: string;
  stateDir: string;
  /** Environment for the plugin: names and non-secret values only (they are visible to `inspect`). */
  env: Record<string, string>;
  /** Extra read-only mounts at the same path (a provider mirror). */
  readOnlyMounts: string[];
  /** Writable mounts at the same path (the plugin version's provider cache). */
  writableMounts?: string[];
  labels: Record<string, string>;
  uid: number;
  gid: number;
}

/** The `run` arguments for one verb. Secrets never appear here: only paths and non-secret settings. */
export function containerRunArgs(spec: ContainerRunSpec): string[] {
  const args = ['run', '--rm', '--name', spec.name];
  // The plugin writes the work dir as CSOC's own user; rootless podman maps that user with keep-id.
  if (spec.cli === 'podman' && spec.uid !== 0) args.push('--userns', 'keep-id');
  args.push('--user', `${spec.uid}:${spec.gid}`);
  args.push(
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--network',
    spec.network,
    '--cpus',
    spec.cpus,
    '--memory',
    spec.memory,
    '--pids-limit',
    '1024',
    '--tmpfs',
    '/tmp:rw,size=512m,mode=1777',
    // CSOC stores the output itself; the engine's own log copy would only duplicate it on disk.
    '--log-driver',
    'none',
    '--volume',
    `${spec.workDir}:${spec.workDir}:rw`,
    '--volume',
    `${spec.secretsDir}:${CONTAINER_SECRETS_DIR}:ro`,
    '--volume',
    `${spec.stateDir}:${CONTAINER_STATE_DIR}:rw`,
  );
  for (const mount of spec.readOnlyMounts) args.push('--volume', `${mount}:${mount}:ro`);
  for (const mount of spec.writableMounts ?? []) args.push('--volume', `${mount}:${mount}:rw`);
  for (const [key, value] of Object.entries(spec.labels)) args.push('--label', `${key}=${value}`);
  for (const [key, value] of Object.entries(spec.env)) args.push('--env', `${key}=${value}`);
  args.push(spec.image, spec.verb);
  return args;
}

interface CliResult {
  code: number | null;
  output: string;
}

function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: null, output: error.message }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Exit code of podman/docker itself failing (bad flag, missing image, engine down): the plugin never ran. */
const ENGINE_FAILED = 125;
const STDERR_TAIL = 2000;

/**
 * Creates the container runner. Throws at once when neither podman nor docker is installed, so CSOC stops
 * at start with the fix instead of failing every run.
 *
 * @example
 * const runner = createContainerRunner({ cpus: '2', memory: '2g' });
 * const result = await runner.run(invocation);
 */
export function createContainerRunner(options: ContainerRunnerOptions = {}): PluginRunner {
  const cli = resolveContainerCli(options.cli);
  const cliEnv = options.cliEnv ?? process.env;
  const useSetpriv = commandExists('setpriv');
  const graceMs = (options.killGraceSeconds ?? 20) * 1000;
  const forceRemoveArgs = (name: string) =>
    cli === 'podman' ? ['rm', '--force', '--time', '0', name] : ['rm', '--force', name];

  return {
    kind: 'container',
    async run(invocation: RunnerInvocation): Promise<RunnerResult> {
      const { plugin, verb, workDir } = invocation;
      const image = pluginImage(plugin);
      const name = containerName(invocation.runId, verb);
      if (workDir.includes(':')) {
        throw new Error(
          `the run work dir ${workDir} contains ":", which volume mounts cannot express; choose a CSOC_DATA_DIR without ":"`,
        );
      }
      fs.mkdirSync(workDir, { recursive: true });
      const secretsDir = secretsDirFor(invocation.secretsBase, `${invocation.runId}-${verb}`);
      let proxy: Awaited<ReturnType<typeof startStateSocketProxy>> | undefined;
      let stopping = false;
      let exited = false;
      let killTimer: NodeJS.Timeout | undefined;
      let timeout: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      try {
        fs.writeFileSync(path.join(secretsDir, 'credentials.json'), JSON.stringify(invocation.secrets), {
          mode: 0o600,
        });
        fs.writeFileSync(path.join(secretsDir, 'state-token'), invocation.stateToken, { mode: 0o600 });
        const request: PluginRequest = {
          ...invocation.request,
          credentials: {
            ...invocation.request.credentials,
            secretsFile: `${CONTAINER_SECRETS_DIR}/credentials.json`,
          },
          workDir,
          // The real address: the SDK moves it onto its loopback bridge to the socket below.
          state: {
            address: invocation.stateBackendUrl,
            lockAddress: invocation.stateBackendUrl,
            unlockAddress: invocation.stateBackendUrl,
            username: invocation.stateUsername,
            passwordFile: `${CONTAINER_SECRETS_DIR}/state-token`,
          },
          ...(invocation.planFileName ? { planFile: path.join(workDir, invocation.planFileName) } : {}),
        };
        const requestFile = path.join(workDir, `request-${verb}.json`);
        fs.writeFileSync(requestFile, JSON.stringify(request, null, 2), { mode: 0o600 });
        proxy = await startStateSocketProxy({ stateBackendUrl: invocation.stateBackendUrl });

        const pluginEnv = options.pluginEnv ?? {};
        const mirror = pluginEnv.CSOC_TF_PLUGIN_MIRROR;
        // Mounted at its host path: the work dir's .terraform links into it, and the apply's container
        // must resolve those links as the plan's did. A ":" cannot be mounted: no cache then.
        const cacheDir = invocation.pluginCacheDir?.includes(':') ? undefined : invocation.pluginCacheDir;
        if (cacheDir) fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const args = containerRunArgs({
          cli,
          name,
          image,
          verb,
          network: plugin.manifest.network === 'cloud' ? (options.cloudNetwork ?? 'bridge') : 'none',
          cpus: options.cpus ?? '2',
          memory: options.memory ?? '2g',
          workDir,
          secretsDir,
          stateDir: proxy.dir,
          env: {
            HOME: workDir,
            LANG: 'C.UTF-8',
            CHECKPOINT_DISABLE: '1',
            TF_IN_AUTOMATION: '1',
            [REQUEST_FILE_ENV]: requestFile,
            [STATE_SOCKET_ENV]: `${CONTAINER_STATE_DIR}/${path.basename(proxy.socketPath)}`,
            ...pluginEnv,
            ...(cacheDir ? { [PLUGIN_CACHE_ENV]: cacheDir } : {}),
            ...invocation.traceEnv,
          },
          readOnlyMounts: mirror && fs.existsSync(mirror) ? [mirror] : [],
          writableMounts: cacheDir ? [cacheDir] : [],
          labels: {
            'csoc.gen3.org/run-id': invocation.runId,
            'csoc.gen3.org/verb': verb,
            'csoc.gen3.org/plugin': `${plugin.name}-${plugin.version}`,
          },
          uid: process.getuid?.() ?? 0,
          gid: process.getgid?.() ?? 0,
        });
        // A container of the same name is a leftover of a crashed attempt of this very run.
        await runCli(cli, forceRemoveArgs(name), cliEnv);

        const argv = useSetpriv ? ['setpriv', '--pdeathsig', 'TERM', '--', cli, ...args] : [cli, ...args];
        const child = spawn(argv[0]!, argv.slice(1), { env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderrTail = '';
        child.stdout.on('data', (chunk: Buffer) => invocation.onStdout(chunk));
        child.stderr.on('data', (chunk: Buffer) => {
          stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
          invocation.onStderr(chunk);
        });

        let timedOut = false;
        let aborted = false;
        const stop = async (): Promise<void> => {
          if (stopping) return;
          stopping = true;
          killTimer = setTimeout(() => {
            void runCli(cli, forceRemoveArgs(name), cliEnv).then(() => {
              // The CLI should end with its container; if it hangs, end it too.
              setTimeout(() => !exited && child.kill('SIGKILL'), 5000).unref();
            });
          }, graceMs);
          // SIGTERM lets the plugin interrupt Terraform, which releases the state lock. The container may
          // not exist yet when the run is stopped early: retry until it does or the CLI has ended.
          while (!exited) {
            const result = await runCli(cli, ['kill', '--signal', 'TERM', name], cliEnv);
            if (result.code === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        };
        timeout = setTimeout(() => {
          timedOut = true;
          void stop();
        }, invocation.timeoutMs);
        onAbort = () => {
          aborted = true;
          void stop();
        };
        invocation.signal.addEventListener('abort', onAbort, { once: true });
        if (invocation.signal.aborted) onAbort();

        const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
          (resolve, reject) => {
            child.once('error', reject);
            child.once('close', (code, closeSignal) => resolve([code, closeSignal]));
          },
        );
        exited = true;
        if (exitCode === ENGINE_FAILED && !stopping) {
          throw new Error(
            `${cli} could not start the plugin container from ${image}: ${stderrTail.trim() || 'no detail'}`,
          );
        }
        return { exitCode, signal, timedOut, aborted };
      } finally {
        exited = true;
        if (timeout) clearTimeout(timeout);
        if (killTimer) clearTimeout(killTimer);
        if (onAbort) invocation.signal.removeEventListener('abort', onAbort);
        if (stopping) await runCli(cli, forceRemoveArgs(name), cliEnv);
        await proxy?.close();
        fs.rmSync(secretsDir, { recursive: true, force: true });
      }
    },
  };
}

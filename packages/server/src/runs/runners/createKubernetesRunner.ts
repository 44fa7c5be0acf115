// The kubernetes runner: each plugin verb is one Job in the CSOC cluster, from the plugin's image, with
// the request, credential secrets and state token in a Secret volume, the run's work dir on a shared
// ReadWriteMany claim (at the same path as in the worker), resource limits and a deadline. The worker
// follows the pod's log as the event stream, reads the exit code from the pod status, and deletes the
// Job and the Secret at the end, on cancel and on timeout.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  Log,
  PatchStrategy,
  setHeaderOptions,
  type V1ContainerState,
  type V1Job,
  type V1Pod,
  type V1Secret,
} from '@kubernetes/client-node';
import { PLUGIN_CACHE_ENV, REQUEST_FILE_ENV, type PluginRequest } from '@csoc/plugin-sdk';
import { pluginImage } from './pluginImage.ts';
import type { PluginRunner, RunnerInvocation, RunnerResult } from './PluginRunner.ts';

export interface KubernetesRunnerOptions {
  /** Extra environment for plugins. CSOC_TF_PLUGIN_MIRROR is left out: that folder is not in the pod. */
  pluginEnv?: Record<string, string>;
  /** Default: KUBECONFIG, ~/.kube/config, or the in-cluster service account (`loadFromDefault`). */
  kubeConfig?: KubeConfig;
  /** Namespace of the Jobs; default the kubeconfig context's namespace, else `default`. */
  namespace?: string;
  /** Base URL pods reach CSOC at (e.g. its Service); default the host's state backend URL as it is. */
  stateUrl?: string;
  /** ReadWriteMany PersistentVolumeClaim holding run work dirs (required). */
  workClaim?: string;
  /** Where the worker has that claim mounted (CSOC_DATA_DIR/runs); work dirs must be inside it. */
  workClaimMountPath?: string;
  /** CPU limit (and request) per run, e.g. 2. */
  cpus?: string;
  /** Memory limit (and request) per run in the container runner's units (2g, 512m). */
  memory?: string;
  /** UID/GID of the plugin; default CSOC's own when not root, else 65532. Must be able to write the claim. */
  runAsUser?: number;
  runAsGroup?: number;
  serviceAccountName?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** How long a finished Job stays when the worker could not delete it; default 600. */
  ttlSecondsAfterFinished?: number;
  /** Seconds the pod gets between SIGTERM and SIGKILL (Terraform releases the lock); default 20. */
  killGraceSeconds?: number;
  /** How often the pod status is polled; default 1000 ms. */
  pollIntervalMs?: number;
}

/** Where the Secret volume appears inside the pod. */
export const POD_SECRETS_DIR = '/csoc/secrets';
const CONTAINER = 'plugin';
const LABEL_RUN = 'csoc.gen3.org/run-id';
const LABEL_JOB = 'csoc.gen3.org/job';
/** Waiting reasons that do not heal by themselves: the run fails at once instead of waiting for its timeout. */
const FATAL_WAITING = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

/** Converts the container runner's memory size (2g, 512m, 100k) to a Kubernetes quantity (2Gi, ...). */
export function toKubernetesMemory(size: string): string {
  const match = /^(\d+)([kmg])?$/i.exec(size);
  if (!match) return size;
  const unit = match[2]?.toLowerCase();
  return `${match[1]}${unit === 'k' ? 'Ki' : unit === 'm' ? 'Mi' : unit === 'g' ? 'Gi' : ''}`;
}

export interface RunJobSpec {
  name: string;
  namespace: string;
  image: string;
  invocation: Pick<
    RunnerInvocation,
    | 'runId'
    | 'verb'
    | 'plugin'
    | 'request'
    | 'workDir'
    | 'pluginCacheDir'
    | 'planFileName'
    | 'secrets'
    | 'stateUsername'
    | 'stateToken'
    | 'timeoutMs'
    | 'traceEnv'
  >;
  stateAddress: string;
  workClaim: string;
  workSubPath: string;
  /**
   * The plugin version's provider cache as a folder of the work claim (ADR 0077), mounted at
   * `invocation.pluginCacheDir`: the same path in every pod, so the links a plan's init left resolve in the
   * apply's pod too.
   */
  cacheSubPath?: string;
  pluginEnv: Record<string, string>;
  cpus: string;
  memory: string;
  runAsUser: number;
  runAsGroup: number;
  serviceAccountName?: string;
  imagePullPolicy: string;
  ttlSecondsAfterFinished: number;
  killGraceSeconds: number;
}

/** The Secret and the Job for one verb. Secret values go only into the Secret, never into the Job. */
export function buildRunJob(spec: RunJobSpec): { secret: V1Secret; job: V1Job } {
  const { invocation } = spec;
  const labels = {
    'app.kubernetes.io/managed-by': 'csoc',
    'app.kubernetes.io/component': 'plugin-run',
    [LABEL_RUN]: invocation.runId,
    [LABEL_JOB]: spec.name,
    'csoc.gen3.org/verb': invocation.verb,
    'csoc.gen3.org/plugin': invocation.plugin.name,
    // For a NetworkPolicy: `none` pods may reach only CSOC (and DNS); `cloud` pods also the internet.
    'csoc.gen3.org/network': invocation.plugin.manifest.network,
  };
  const request: PluginRequest = {
    ...invocation.request,
    credentials: { ...invocation.request.credentials, secretsFile: `${POD_SECRETS_DIR}/credentials.json` },
    workDir: invocation.workDir,
    state: {
      address: spec.stateAddress,
      lockAddress: spec.stateAddress,
      unlockAddress: spec.stateAddress,
      username: invocation.stateUsername,
      passwordFile: `${POD_SECRETS_DIR}/state-token`,
    },
    ...(invocation.planFileName ? { planFile: path.join(invocation.workDir, invocation.planFileName) } : {}),
  };
  const secret: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    type: 'Opaque',
    stringData: {
      'request.json': JSON.stringify(request, null, 2),
      'credentials.json': JSON.stringify(invocation.secrets),
      'state-token': invocation.stateToken,
    },
  };
  const env = {
    HOME: invocation.workDir,
    LANG: 'C.UTF-8',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    [REQUEST_FILE_ENV]: `${POD_SECRETS_DIR}/request.json`,
    ...spec.pluginEnv,
    ...(spec.cacheSubPath && invocation.pluginCacheDir
      ? { [PLUGIN_CACHE_ENV]: invocation.pluginCacheDir }
      : {}),
    ...invocation.traceEnv,
  };
  const resources = { cpu: spec.cpus, memory: toKubernetesMemory(spec.memory) };
  const job: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.name, namespace: spec.namespace, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: Math.max(1, Math.ceil(invocation.timeoutMs / 1000)),
      ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: spec.killGraceSeconds,
          ...(spec.serviceAccountName ? { serviceAccountName: spec.serviceAccountName } : {}),
          securityContext: {
            runAsNonRoot: true,
            runAsUser: spec.runAsUser,
            runAsGroup: spec.runAsGroup,
            fsGroup: spec.runAsGroup,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: CONTAINER,
              image: spec.image,
              imagePullPolicy: spec.imagePullPolicy,
              // The image's entrypoint is the plugin; the verb is its argument.
              args: [invocation.verb],
              env: Object.entries(env).map(([name, value]) => ({ name, value })),
              resources: { limits: resources, requests: resources },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'secrets', mountPath: POD_SECRETS_DIR, readOnly: true },
                { name: 'work', mountPath: invocation.workDir, subPath: spec.workSubPath },
                ...(spec.cacheSubPath && invocation.pluginCacheDir
                  ? [{ name: 'work', mountPath: invocation.pluginCacheDir, subPath: spec.cacheSubPath }]
                  : []),
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'secrets', secret: { secretName: spec.name, defaultMode: 0o440 } },
            { name: 'work', persistentVolumeClaim: { claimName: spec.workClaim } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } },
          ],
        },
      },
    },
  };
  return { secret, job };
}

/** Comparable form of an RFC 3339 timestamp with 0-9 fraction digits (the API trims trailing zeros). */
function stampKey(stamp: string): string {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : stamp;
}

const isNotFound = (error: unknown) => error instanceof ApiException && error.code === 404;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * KUBECONFIG, ~/.kube/config or the in-cluster service account, like kubectl. Throws when there is none:
 * the client would otherwise fall back to http://localhost:8080, which is where CSOC itself listens.
 */
function loadDefaultKubeConfig(): KubeConfig {
  const home = process.env.HOME ?? os.homedir();
  const found =
    !!process.env.KUBECONFIG ||
    fs.existsSync(path.join(home, '.kube', 'config')) ||
    fs.existsSync(SERVICE_ACCOUNT_TOKEN);
  if (!found) {
    throw new Error(
      'CSOC_RUNNER=kubernetes found no cluster configuration: set KUBECONFIG, or run CSOC in the cluster with a service account',
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}

/**
 * Creates the kubernetes runner. Throws at once when the work claim is not configured or no cluster
 * configuration is found, so CSOC stops at start with the fix.
 */
export function createKubernetesRunner(options: KubernetesRunnerOptions = {}): PluginRunner {
  if (!options.workClaim) {
    throw new Error(
      'CSOC_RUNNER=kubernetes needs CSOC_KUBERNETES_WORK_CLAIM: a ReadWriteMany PersistentVolumeClaim mounted at CSOC_DATA_DIR/runs in the worker, which shares run work dirs with the Job pods',
    );
  }
  const workClaim = options.workClaim;
  const mountPath = path.resolve(options.workClaimMountPath ?? 'runs');
  const kubeConfig = options.kubeConfig ?? loadDefaultKubeConfig();
  const namespace =
    options.namespace ?? kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const logs = new Log(kubeConfig);
  const pollMs = options.pollIntervalMs ?? 1000;
  const grace = options.killGraceSeconds ?? 20;
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const { CSOC_TF_PLUGIN_MIRROR: _mirror, ...pluginEnv } = options.pluginEnv ?? {};

  const ignoreNotFound = (error: unknown) => {
    if (!isNotFound(error)) throw error;
  };

  return {
    kind: 'kubernetes',
    async run(invocation: RunnerInvocation): Promise<RunnerResult> {
      const workSubPath = path.relative(mountPath, path.resolve(invocation.workDir));
      if (!workSubPath || workSubPath.startsWith('..') || path.isAbsolute(workSubPath)) {
        throw new Error(
          `the run work dir ${invocation.workDir} is not inside the work claim mount ${mountPath}`,
        );
      }
      const name =
        `csoc-run-${invocation.runId}-${invocation.verb}-${randomBytes(3).toString('hex').slice(0, 5)}`
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, '-');
      const statePath = new URL(invocation.stateBackendUrl).pathname;
      const stateAddress = options.stateUrl
        ? `${options.stateUrl.replace(/\/+$/, '')}${statePath.slice(Math.max(0, statePath.indexOf('/api/v1/state/')))}`
        : invocation.stateBackendUrl;
      const { secret, job } = buildRunJob({
        name,
        namespace,
        image: pluginImage(invocation.plugin),
        invocation,
        stateAddress,
        workClaim,
        workSubPath,
        // <claim>/.tf-plugin-cache/<plugin>/<version>; the kubelet creates the folder on first use.
        ...(invocation.pluginCacheDir
          ? {
              cacheSubPath: path.join(
                '.tf-plugin-cache',
                path.basename(path.dirname(invocation.pluginCacheDir)),
                path.basename(invocation.pluginCacheDir),
              ),
            }
          : {}),
        pluginEnv,
        cpus: options.cpus ?? '2',
        memory: options.memory ?? '2g',
        runAsUser: options.runAsUser ?? (uid !== 0 ? uid : 65532),
        runAsGroup: options.runAsGroup ?? (gid !== 0 ? gid : 65532),
        serviceAccountName: options.serviceAccountName,
        imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
        ttlSecondsAfterFinished: options.ttlSecondsAfterFinished ?? 600,
        killGraceSeconds: grace,
      });

      let timedOut = false;
      let aborted = false;
      let stopping = false;
      let jobDeleted = false;
      let timeout: NodeJS.Timeout | undefined;
      let giveUp: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      /** Resolves when a stopped pod has had its grace period and a margin: stop waiting for it then. */
      let gaveUp = false;
      let resolveGaveUp: () => void = () => {};
      const gaveUpPromise = new Promise<void>((resolve) => (resolveGaveUp = resolve));

      const deleteJob = async () => {
        if (jobDeleted) return;
        jobDeleted = true;
        await batch
          .deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' })
          .catch(ignoreNotFound);
      };
      const stop = () => {
        if (stopping) return;
        stopping = true;
        // Deleting the Job deletes its pod gracefully: SIGTERM, then SIGKILL after the pod's grace period.
        void deleteJob().catch(() => {
          jobDeleted = false;
        });
        giveUp = setTimeout(
          () => {
            gaveUp = true;
            resolveGaveUp();
          },
          (grace + 15) * 1000,
        );
      };

      const readPod = async (): Promise<V1Pod | undefined> => {
        const list = await core.listNamespacedPod({ namespace, labelSelector: `${LABEL_JOB}=${name}` });
        return list.items[0];
      };
      const containerState = (pod: V1Pod | undefined): V1ContainerState | undefined =>
        pod?.status?.containerStatuses?.find((status) => status.name === CONTAINER)?.state;

      /** Waits for the pod to start (or end, or fail for good); undefined when stopped before it ran. */
      const waitForStart = async (): Promise<V1Pod | undefined> => {
        for (;;) {
          const pod = await readPod();
          const state = containerState(pod);
          if (state?.running || state?.terminated) return pod;
          const waiting = state?.waiting;
          if (waiting?.reason && FATAL_WAITING.has(waiting.reason)) {
            throw new Error(
              `the plugin pod cannot start (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}); check the image ${job.spec!.template.spec!.containers[0]!.image} and the pod's events`,
            );
          }
          if (gaveUp || (stopping && !pod)) return undefined;
          await sleep(pollMs);
        }
      };

      /** Follows the log until the container ends; reconnects after an early end without repeating lines. */
      const followLog = async (podName: string): Promise<void> => {
        let lastStamp = '';
        for (;;) {
          const resumeAfter = lastStamp;
          let partial = '';
          const route = (line: string) => {
            const space = line.indexOf(' ');
            const stamp = space > 0 ? line.slice(0, space) : '';
            const text = space > 0 ? line.slice(space + 1) : line;
            if (resumeAfter && stamp && stampKey(stamp) <= stampKey(resumeAfter)) return;
            if (stamp) lastStamp = stamp;
            // The API merges stdout and stderr: event lines are JSON objects, anything else is the plugin's
            // stderr (a stray non-event line on stdout therefore shows as log text, not as garbage).
            const chunk = Buffer.from(`${text}\n`);
            if (text.startsWith('{')) invocation.onStdout(chunk);
            else invocation.onStderr(chunk);
          };
          const sink = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              partial += chunk.toString('utf8');
              let newline = partial.indexOf('\n');
              while (newline !== -1) {
                route(partial.slice(0, newline));
                partial = partial.slice(newline + 1);
                newline = partial.indexOf('\n');
              }
              callback();
            },
            final(callback) {
              if (partial) route(partial);
              partial = '';
              callback();
            },
          });
          const ended = new Promise<void>((resolve) => {
            sink.on('finish', resolve);
            sink.on('error', () => resolve());
          });
          let controller: AbortController | undefined;
          try {
            controller = await logs.log(namespace, podName, CONTAINER, sink, {
              follow: true,
              timestamps: true,
              ...(resumeAfter ? { sinceTime: resumeAfter } : {}),
            });
            await Promise.race([ended, gaveUpPromise]);
          } catch (error) {
            if (isNotFound(error)) return;
            // The log is not ready yet (container creating) or the connection broke: look again below.
          }
          if (gaveUp) {
            controller?.abort();
            return;
          }
          const state = containerState(await readPod());
          if (!state || state.terminated) return;
          await sleep(pollMs);
        }
      };

      try {
        await core.createNamespacedSecret({ namespace, body: secret });
        const created = await batch.createNamespacedJob({ namespace, body: job });
        // The Secret goes with its Job (garbage collection) even if this worker dies before deleting it.
        await core
          .patchNamespacedSecret(
            {
              name,
              namespace,
              body: {
                metadata: {
                  ownerReferences: [
                    { apiVersion: 'batch/v1', kind: 'Job', name, uid: created.metadata?.uid ?? '' },
                  ],
                },
              },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          )
          .catch(() => {
            /* best effort: the explicit delete below still runs */
          });

        timeout = setTimeout(() => {
          timedOut = true;
          stop();
        }, invocation.timeoutMs);
        onAbort = () => {
          aborted = true;
          stop();
        };
        invocation.signal.addEventListener('abort', onAbort, { once: true });
        if (invocation.signal.aborted) onAbort();

        const started = await waitForStart();
        if (started?.metadata?.name) await followLog(started.metadata.name);

        // The container has ended (or is ending): wait for its exit code in the pod status.
        let terminated: V1ContainerState['terminated'];
        while (!gaveUp) {
          const pod = await readPod();
          terminated = containerState(pod)?.terminated;
          if (terminated || !pod) break;
          await sleep(pollMs);
        }
        if (terminated && terminated.exitCode !== 0 && !stopping) {
          // Kubernetes' own deadline (activeDeadlineSeconds) may have ended the pod before our timer did.
          const status = await batch.readNamespacedJob({ name, namespace }).catch(() => undefined);
          if (status?.status?.conditions?.some((condition) => condition.reason === 'DeadlineExceeded'))
            timedOut = true;
        }
        return {
          exitCode: terminated ? terminated.exitCode : null,
          signal: terminated ? null : 'pod-deleted',
          timedOut,
          aborted,
        };
      } finally {
        if (timeout) clearTimeout(timeout);
        if (giveUp) clearTimeout(giveUp);
        if (onAbort) invocation.signal.removeEventListener('abort', onAbort);
        await deleteJob().catch(() => {});
        await core.deleteNamespacedSecret({ name, namespace }).catch(() => {});
      }
    },
  };
}

// The agent's answers to every request kind, from the Kubernetes API of its own namespace (ADR 0065).
import { MAX_FRAME_BYTES, type AgentRequestKind, type ClusterEvent } from '@csoc/common/agent-protocol';
import {
  AgentRequestError,
  type AgentRequestHandler,
  type AgentRequestHandlers,
} from '../link/AgentRequestHandlers.ts';
import { followJob, runJobFromCronJob } from './jobs.ts';
import { KubernetesApiError, KubernetesRefusal, type KubernetesClient } from './kubernetesClient.ts';
import {
  toClusterEvent,
  toCronJobWorkload,
  toJobWorkload,
  toPodMetrics,
  toPodSummary,
  toReplicatedWorkload,
} from './mapObjects.ts';
import { pipePodLog } from './streamLog.ts';

export interface KubernetesHandlersOptions {
  client: KubernetesClient;
  /** The commons' namespace; must be the client's (a second guard against a mis-wired client). */
  namespace: string;
  /** Where Argo CD keeps its Applications (often `argocd`); absent: argocd.status answers an empty list. */
  argocdNamespace?: string;
  /** How often jobs.follow polls the Job between pods; default 1000 ms. */
  jobPollMs?: number;
}

/** Room for events in one result frame (MAX_FRAME_BYTES), leaving space for the envelope. */
const EVENTS_RESULT_BYTES = MAX_FRAME_BYTES - 16 * 1024;

/** The leading events whose JSON fits in `bytes`, each message cut to 1 KiB (a kubelet message can be long). */
function newestWithin(events: ClusterEvent[], bytes: number): ClusterEvent[] {
  const kept: ClusterEvent[] = [];
  let used = 0;
  for (const event of events) {
    const trimmed =
      event.message.length > 1024 ? { ...event, message: `${event.message.slice(0, 1024)}…` } : event;
    used += Buffer.byteLength(JSON.stringify(trimmed)) + 1;
    if (used > bytes) break;
    kept.push(trimmed);
  }
  return kept;
}

/** API failures become link errors with a code CSOC shows (not_found, forbidden), never a stack. */
function translated<K extends AgentRequestKind>(
  kind: K,
  handler: AgentRequestHandler<K>,
): AgentRequestHandler<K> {
  return async (params, ctx) => {
    try {
      return await handler(params, ctx);
    } catch (error) {
      if (error instanceof AgentRequestError) throw error;
      if (error instanceof KubernetesRefusal)
        throw new AgentRequestError('invalid_params', `${kind}: ${error.message}`);
      if (error instanceof KubernetesApiError) {
        const code = error.status === 404 ? 'not_found' : error.status === 403 ? 'forbidden' : 'failed';
        throw new AgentRequestError(code, `${kind}: ${error.message}`);
      }
      throw error;
    }
  };
}

export function createKubernetesHandlers(options: KubernetesHandlersOptions): AgentRequestHandlers {
  const { client } = options;
  if (client.namespace !== options.namespace)
    throw new Error(
      `the Kubernetes client is for namespace ${client.namespace}, the handlers for ${options.namespace}`,
    );
  const jobPollMs = options.jobPollMs ?? 1000;

  return {
    'workloads.list': translated('workloads.list', async () => {
      const [deployments, statefulSets, jobs, cronJobs] = await Promise.all([
        client.list('deployments'),
        client.list('statefulsets'),
        client.list('jobs'),
        client.list('cronjobs'),
      ]);
      return {
        workloads: [
          ...deployments.map((object) => toReplicatedWorkload('Deployment', object)),
          ...statefulSets.map((object) => toReplicatedWorkload('StatefulSet', object)),
          ...jobs.map(toJobWorkload),
          ...cronJobs.map(toCronJobWorkload),
        ],
      };
    }),
    'pods.list': translated('pods.list', async () => ({
      pods: (await client.list('pods')).map(toPodSummary),
    })),
    'events.list': translated('events.list', async () => {
      // All of them (the API pages by name, not time, so a `limit` would drop the newest), newest first:
      // what an operator looks for after something went wrong; then cut to what fits one result frame.
      const events = (await client.list('events')).map(toClusterEvent);
      events.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
      return { events: newestWithin(events, EVENTS_RESULT_BYTES) };
    }),
    'metrics.pods': translated('metrics.pods', async () => {
      const items = await client.listPodMetrics();
      return items ? { available: true, pods: items.map(toPodMetrics) } : { available: false, pods: [] };
    }),
    'logs.stream': translated('logs.stream', async (params, ctx) => {
      const ended = await pipePodLog(
        client,
        params.pod,
        {
          container: params.container,
          follow: params.follow,
          tailLines: params.tailLines,
          sinceSeconds: params.sinceSeconds,
        },
        ctx,
      );
      return { ended };
    }),
    'argocd.status': translated('argocd.status', async () => {
      if (!options.argocdNamespace) return { applications: [] };
      const items = (await client.listArgoApplications(options.argocdNamespace)) ?? [];
      return {
        applications: items.map((application) => {
          const message =
            application.status?.conditions?.[0]?.message ?? application.status?.operationState?.message;
          return {
            name: String(application.metadata?.name ?? ''),
            sync: String(application.status?.sync?.status ?? 'Unknown'),
            health: String(application.status?.health?.status ?? 'Unknown'),
            ...(application.status?.sync?.revision
              ? { revision: String(application.status.sync.revision) }
              : {}),
            ...(message ? { message: String(message) } : {}),
          };
        }),
      };
    }),
    'action.restart': translated('action.restart', async (params) => {
      // Read first: a PATCH of a missing Deployment is a 404 too, but this names the namespace in the refusal.
      await client.get('deployments', params.deployment).catch((error) => {
        if (error instanceof KubernetesApiError && error.status === 404)
          throw new AgentRequestError(
            'not_found',
            `Deployment "${params.deployment}" does not exist in namespace ${client.namespace}`,
          );
        throw error;
      });
      const restartedAt = new Date().toISOString();
      await client.patchDeploymentRestartedAt(params.deployment, restartedAt);
      return { restartedAt };
    }),
    'action.runJob': translated('action.runJob', (params) => runJobFromCronJob(client, params)),
    'jobs.follow': translated('jobs.follow', (params, ctx) => followJob(client, params.job, ctx, jobPollMs)),
  };
}

// The agent's answers to every request kind, from the Kubernetes API of its own namespace (ADR 0065).
import {
  DEFAULT_LIST_PAGE,
  MAX_EVENTS_LISTED,
  MAX_FRAME_BYTES,
  type AgentRequestKind,
  type ClusterEvent,
  type ListParams,
  type Workload,
} from '@csoc/common/agent-protocol';
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

/** Room for a list in one result frame (MAX_FRAME_BYTES), leaving space for the envelope. */
const LIST_RESULT_BYTES = MAX_FRAME_BYTES - 16 * 1024;
const EVENTS_RESULT_BYTES = LIST_RESULT_BYTES;

/**
 * Fetches a page of at most `limit` items and, while its JSON would not fit one result frame, fetches it
 * again at half the size from the same place (a Kubernetes continue token may be used more than once).
 */
async function fittedPage<T>(limit: number, fetchPage: (limit: number) => Promise<T>): Promise<T> {
  for (let size = limit; ; size = Math.ceil(size / 2)) {
    const page = await fetchPage(size);
    if (Buffer.byteLength(JSON.stringify(page)) <= LIST_RESULT_BYTES) return page;
    if (size === 1)
      throw new AgentRequestError('failed', 'a single object is larger than a frame of the link can carry');
  }
}

type ListPageQuery = { limit: number; continue?: string };
type WorkloadPage = { items: Workload[]; continue?: string };
const mapped = <T>(page: { items: T[]; continue?: string }, map: (object: T) => Workload): WorkloadPage => ({
  items: page.items.map(map),
  ...(page.continue ? { continue: page.continue } : {}),
});

/** The workload lists in the order a page walks them; a cursor names the list and the API's own token. */
const WORKLOAD_LISTS: ReadonlyArray<{
  key: string;
  page: (client: KubernetesClient, query: ListPageQuery) => Promise<WorkloadPage>;
}> = [
  {
    key: 'd',
    page: async (client, query) =>
      mapped(await client.listPage('deployments', query), (object) =>
        toReplicatedWorkload('Deployment', object),
      ),
  },
  {
    key: 's',
    page: async (client, query) =>
      mapped(await client.listPage('statefulsets', query), (object) =>
        toReplicatedWorkload('StatefulSet', object),
      ),
  },
  { key: 'j', page: async (client, query) => mapped(await client.listPage('jobs', query), toJobWorkload) },
  {
    key: 'c',
    page: async (client, query) => mapped(await client.listPage('cronjobs', query), toCronJobWorkload),
  },
];

function workloadCursor(cursor: string | undefined): { index: number; token?: string } {
  if (!cursor) return { index: 0 };
  const index = WORKLOAD_LISTS.findIndex((list) => cursor.startsWith(`${list.key}:`));
  if (index < 0)
    throw new AgentRequestError(
      'invalid_params',
      'workloads.list: the cursor is not one this agent handed out; list again without a cursor',
    );
  const token = cursor.slice(2);
  return token ? { index, token } : { index };
}

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
      if (error instanceof KubernetesApiError && error.status === 410)
        throw new AgentRequestError(
          'invalid_params',
          `${kind}: the cursor expired (the Kubernetes API keeps a list's place for about five minutes); list again without a cursor`,
        );
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
    'workloads.list': translated('workloads.list', (params: ListParams) =>
      fittedPage(params.limit ?? DEFAULT_LIST_PAGE, async (limit) => {
        // One page walks Deployments, StatefulSets, Jobs, then CronJobs, each through the API's own paging.
        let { index, token } = workloadCursor(params.continue);
        const workloads: Workload[] = [];
        while (index < WORKLOAD_LISTS.length && workloads.length < limit) {
          const page = await WORKLOAD_LISTS[index]!.page(client, {
            limit: limit - workloads.length,
            ...(token ? { continue: token } : {}),
          });
          workloads.push(...page.items);
          token = page.continue;
          if (!token) index += 1;
        }
        const next =
          index < WORKLOAD_LISTS.length ? `${WORKLOAD_LISTS[index]!.key}:${token ?? ''}` : undefined;
        return { workloads, ...(next ? { continue: next } : {}) };
      }),
    ),
    'pods.list': translated('pods.list', (params: ListParams) =>
      fittedPage(params.limit ?? DEFAULT_LIST_PAGE, async (limit) => {
        const page = await client.listPage('pods', {
          limit,
          ...(params.continue ? { continue: params.continue } : {}),
        });
        return { pods: page.items.map(toPodSummary), ...(page.continue ? { continue: page.continue } : {}) };
      }),
    ),
    'events.list': translated('events.list', async () => {
      // All of them (the API pages by name, not time, so a `limit` would drop the newest), newest first:
      // what an operator looks for after something went wrong; then the newest MAX_EVENTS_LISTED, cut
      // further to what fits one result frame. `total` says how many there were.
      const events = (await client.list('events')).map(toClusterEvent);
      events.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
      return {
        events: newestWithin(events.slice(0, MAX_EVENTS_LISTED), EVENTS_RESULT_BYTES),
        total: events.length,
      };
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
      const argocdNamespace = options.argocdNamespace;
      const items =
        (await client.listArgoApplications(argocdNamespace).catch((error) => {
          // The read Role in Argo CD's namespace is rendered with the agent (ADR 0080); without it, say so.
          if (error instanceof KubernetesApiError && error.status === 403)
            throw new AgentRequestError(
              'forbidden',
              `argocd.status: the agent may not list Argo CD Applications in namespace ${argocdNamespace}: its Role csoc-agent-read-${client.namespace} there is missing or not bound to it (a sync that did not apply it?), or CSOC_AGENT_ARGOCD_NAMESPACE names the wrong namespace`,
            );
          throw error;
        })) ?? [];
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

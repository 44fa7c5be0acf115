// The live view of a commons' cluster, read through its csoc-agent: workloads, pods, events, pod metrics,
// Argo CD applications, and a pod's log as server-sent events (with follow). Viewers may read all of it.
// Pods and workloads come in pages (`limit`, `cursor` → `nextCursor`, ADR 0081) so that no answer outgrows
// one frame of the agent link, however big the namespace.
import { CommonsName, Slug } from '@csoc/common';
import {
  ArgocdStatusResult,
  EventsListResult,
  ListContinue,
  MAX_LIST_PAGE,
  DEFAULT_LIST_PAGE,
  MetricsPodsResult,
  PodSummary,
  Workload,
  type AgentRequestKind,
  type ListParams,
} from '@csoc/common/agent-protocol';
import Type from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import { DomainError, UnavailableError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { writeWithBackPressure } from '../http/writeWithBackPressure.ts';

const TAGS = ['cluster'];
const ClusterParams = Type.Object({ org: Slug, commons: CommonsName }, { additionalProperties: false });
const PodLogParams = Type.Object(
  {
    org: Slug,
    commons: CommonsName,
    pod: Type.String({ pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$', maxLength: 253 }),
  },
  { additionalProperties: false },
);
const PodLogQuery = Type.Object(
  {
    container: Type.Optional(Type.String({ pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$', maxLength: 63 })),
    follow: Type.Optional(
      Type.Boolean({ description: 'keep the stream open and send new lines as they come' }),
    ),
    tailLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    sinceSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600 })),
  },
  { additionalProperties: false },
);

const PageQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_LIST_PAGE,
        description: `at most this many (default ${DEFAULT_LIST_PAGE}); a page may hold fewer so that it fits the agent link`,
      }),
    ),
    cursor: Type.Optional({ ...ListContinue, description: 'the nextCursor of the previous page' }),
  },
  { additionalProperties: false },
);
const NextCursor = Type.Optional({
  ...ListContinue,
  description: 'ask again with cursor=this for the next page; absent on the last page',
});
const PodsPage = Type.Object({ pods: Type.Array(PodSummary), nextCursor: NextCursor });
const WorkloadsPage = Type.Object({ workloads: Type.Array(Workload), nextCursor: NextCursor });

/** The agent's page params: none unless asked, so an agent older than paging still answers a first page. */
function pageParams(query: { limit?: number; cursor?: string }): ListParams {
  return {
    ...(query.limit ? { limit: query.limit } : {}),
    ...(query.cursor ? { continue: query.cursor } : {}),
  };
}

const readViews = [
  {
    path: 'events',
    kind: 'events.list',
    result: EventsListResult,
    what: "The newest events of the commons' namespace (at most 500; total says how many there are)",
  },
  {
    path: 'metrics',
    kind: 'metrics.pods',
    result: MetricsPodsResult,
    what: 'CPU and memory of each pod (when the metrics API exists)',
  },
  {
    path: 'argocd',
    kind: 'argocd.status',
    result: ArgocdStatusResult,
    what: "Argo CD applications as the cluster's own Argo CD sees them",
  },
] as const satisfies ReadonlyArray<{ path: string; kind: AgentRequestKind; result: unknown; what: string }>;

/** One server-sent event; the data is JSON so a log line with newlines stays one event. */
const sseEvent = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function registerClusterRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;
  const hub = context.agentHub;
  const clusterPath = '/api/v1/orgs/:org/commons/:commons/cluster';

  for (const view of readViews) {
    app.get(
      `${clusterPath}/${view.path}`,
      {
        config: { action: 'cluster.read' },
        schema: {
          tags: TAGS,
          summary: `${view.what}, through the commons' agent`,
          params: ClusterParams,
          response: { 200: view.result },
        },
      },
      async (request) => {
        const access = orgAccessOf(request);
        const commons = await findCommons(db, access.orgId, request.params.commons);
        const abort = new AbortController();
        request.raw.once('close', () => abort.abort());
        return hub.request(commons.id, view.kind, {}, { signal: abort.signal });
      },
    );
  }

  app.get(
    `${clusterPath}/workloads`,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary:
          "Deployments, StatefulSets, Jobs and CronJobs with ready counts and images, through the commons' agent, a page at a time",
        params: ClusterParams,
        querystring: PageQuery,
        response: { 200: WorkloadsPage },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const abort = new AbortController();
      request.raw.once('close', () => abort.abort());
      const page = await hub.request(commons.id, 'workloads.list', pageParams(request.query), {
        signal: abort.signal,
      });
      return { workloads: page.workloads, ...(page.continue ? { nextCursor: page.continue } : {}) };
    },
  );

  app.get(
    `${clusterPath}/pods`,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary:
          "Pods with phase, restarts and last termination reason, through the commons' agent, a page at a time",
        params: ClusterParams,
        querystring: PageQuery,
        response: { 200: PodsPage },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const abort = new AbortController();
      request.raw.once('close', () => abort.abort());
      const page = await hub.request(commons.id, 'pods.list', pageParams(request.query), {
        signal: abort.signal,
      });
      return { pods: page.pods, ...(page.continue ? { nextCursor: page.continue } : {}) };
    },
  );

  app.get(
    `${clusterPath}/pods/:pod/logs`,
    {
      config: { action: 'cluster.read' },
      schema: {
        tags: TAGS,
        summary:
          "A pod's log as server-sent events: `log` events carry text chunks, then one `end` ({ended}) or `error` ({code, message}, e.g. agent_disconnected)",
        params: PodLogParams,
        querystring: PodLogQuery,
        produces: ['text/event-stream'],
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      if (!(await hub.isConnected(commons.id)))
        throw new UnavailableError(
          "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent.",
          'agent_not_connected',
        );
      const { container, follow, tailLines, sinceSeconds } = request.query;
      const params = {
        pod: request.params.pod,
        follow: follow ?? false,
        ...(container ? { container } : {}),
        ...(tailLines ? { tailLines } : {}),
        ...(sinceSeconds ? { sinceSeconds } : {}),
      };
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      const abort = new AbortController();
      out.once('close', () => abort.abort());
      // Until this client reads, its stream gets no more credit.
      const write = (text: string) => writeWithBackPressure(out, text);
      try {
        const result = await hub.request(commons.id, 'logs.stream', params, {
          signal: abort.signal,
          onChunk: (chunk) => write(sseEvent('log', chunk)),
        });
        await write(sseEvent('end', result));
      } catch (error) {
        if (!abort.signal.aborted) {
          const code = error instanceof DomainError ? error.code : 'agent_failed';
          const message = error instanceof DomainError ? error.message : 'The log stream failed.';
          if (!(error instanceof DomainError)) request.log.error({ err: error }, 'log stream failed');
          await write(sseEvent('error', { code, message }));
        }
      }
      out.end();
    },
  );
}

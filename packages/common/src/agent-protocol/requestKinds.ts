// The request kinds CSOC may send to a csoc-agent, each with its params and result schema (ADR 0065).
// No other kind exists, and none runs an arbitrary command: the agent answers only these. Both ends check
// params and results against these schemas; the portal renders the results.
import Type, { type Static, type TSchema } from 'typebox';
import { MAX_LIST_PAGE } from './limits.ts';

const KubeName = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$',
  maxLength: 253,
  description: 'a Kubernetes object name (lower-case letters, digits, dashes and dots)',
});
const ContainerName = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  maxLength: 63,
  description: 'a container name of the pod',
});
const Timestamp = Type.String({ maxLength: 64, description: 'RFC 3339 time' });
const Count = Type.Integer({ minimum: 0 });
const NoParams = Type.Object({}, { additionalProperties: false });
/** An opaque token the agent handed out for the next page (ADR 0081); URL-safe, so it can ride a query. */
export const ListContinue = Type.String({
  minLength: 1,
  maxLength: 4096,
  pattern: '^[A-Za-z0-9._~:=+/-]+$',
  description: 'where the next page starts, as the previous page returned it',
});
/**
 * A page of a list (ADR 0081): at most `limit` items (the agent may send fewer, so the frame fits), and
 * `continue` to ask for the next. Both absent: the agent's default page. An agent older than paging
 * refuses these params; CSOC sends none unless its client asked for a page size or a next page.
 */
export const ListParams = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIST_PAGE })),
    continue: Type.Optional(ListContinue),
  },
  { additionalProperties: false },
);
export type ListParams = Static<typeof ListParams>;

export const WorkloadKind = Type.Union([
  Type.Literal('Deployment'),
  Type.Literal('StatefulSet'),
  Type.Literal('Job'),
  Type.Literal('CronJob'),
]);
export const Workload = Type.Object({
  kind: WorkloadKind,
  name: Type.String(),
  ready: Count,
  desired: Count,
  images: Type.Array(Type.String()),
  schedule: Type.Optional(Type.String()),
  lastScheduleTime: Type.Optional(Timestamp),
  succeeded: Type.Optional(Count),
  failed: Type.Optional(Count),
  active: Type.Optional(Count),
});
export type Workload = Static<typeof Workload>;
export const WorkloadsListResult = Type.Object({
  workloads: Type.Array(Workload),
  continue: Type.Optional(ListContinue),
});
export type WorkloadsListResult = Static<typeof WorkloadsListResult>;

export const ContainerStatus = Type.Object({
  name: Type.String(),
  image: Type.String(),
  ready: Type.Boolean(),
  restarts: Count,
  lastTerminationReason: Type.Optional(Type.String()),
});
export const PodSummary = Type.Object({
  name: Type.String(),
  phase: Type.String({ description: 'Pending, Running, Succeeded, Failed or Unknown' }),
  ready: Type.Boolean(),
  restarts: Count,
  node: Type.Optional(Type.String()),
  startedAt: Type.Optional(Timestamp),
  owner: Type.Optional(Type.Object({ kind: Type.String(), name: Type.String() })),
  containers: Type.Array(ContainerStatus),
});
export type PodSummary = Static<typeof PodSummary>;
export const PodsListResult = Type.Object({
  pods: Type.Array(PodSummary),
  continue: Type.Optional(ListContinue),
});
export type PodsListResult = Static<typeof PodsListResult>;

export const ClusterEvent = Type.Object({
  type: Type.String({ description: 'Normal or Warning' }),
  reason: Type.String(),
  message: Type.String(),
  object: Type.Object({ kind: Type.String(), name: Type.String() }),
  count: Count,
  lastSeen: Timestamp,
});
export type ClusterEvent = Static<typeof ClusterEvent>;
export const EventsListResult = Type.Object({
  events: Type.Array(ClusterEvent),
  total: Type.Optional(
    Type.Integer({ minimum: 0, description: 'events in the namespace; more than shown when cut (ADR 0081)' }),
  ),
});
export type EventsListResult = Static<typeof EventsListResult>;

export const PodMetrics = Type.Object({
  name: Type.String(),
  cpuMillicores: Type.Number({ minimum: 0 }),
  memoryBytes: Type.Number({ minimum: 0 }),
});
export const MetricsPodsResult = Type.Object({
  available: Type.Boolean({ description: 'false when the cluster has no metrics API (metrics-server)' }),
  pods: Type.Array(PodMetrics),
});
export type MetricsPodsResult = Static<typeof MetricsPodsResult>;

export const LogsStreamParams = Type.Object(
  {
    pod: KubeName,
    container: Type.Optional(ContainerName),
    follow: Type.Boolean(),
    tailLines: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    sinceSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600 })),
  },
  { additionalProperties: false },
);
export type LogsStreamParams = Static<typeof LogsStreamParams>;
export const LogsStreamResult = Type.Object({
  ended: Type.Union([Type.Literal('eof'), Type.Literal('cancelled')]),
});
export type LogsStreamResult = Static<typeof LogsStreamResult>;

export const ArgoApplicationStatus = Type.Object({
  name: Type.String(),
  sync: Type.String({ description: 'Synced, OutOfSync or Unknown' }),
  health: Type.String({ description: 'Healthy, Progressing, Degraded, Suspended, Missing or Unknown' }),
  revision: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
export const ArgocdStatusResult = Type.Object({ applications: Type.Array(ArgoApplicationStatus) });
export type ArgocdStatusResult = Static<typeof ArgocdStatusResult>;

export const RestartParams = Type.Object({ deployment: KubeName }, { additionalProperties: false });
export type RestartParams = Static<typeof RestartParams>;
export const RestartResult = Type.Object({ restartedAt: Timestamp });
export type RestartResult = Static<typeof RestartResult>;

export const JobTemplate = Type.Union([
  Type.Literal('usersync'),
  Type.Literal('etl'),
  Type.Literal('db-migrate'),
  Type.Literal('cronjob'),
]);
export type JobTemplate = Static<typeof JobTemplate>;
export const RunJobParams = Type.Object(
  {
    template: JobTemplate,
    cronJob: Type.Optional(KubeName),
  },
  { additionalProperties: false },
);
export type RunJobParams = Static<typeof RunJobParams>;
export const RunJobResult = Type.Object({ job: Type.String({ description: 'name of the created Job' }) });
export type RunJobResult = Static<typeof RunJobResult>;

export const JobsFollowParams = Type.Object({ job: KubeName }, { additionalProperties: false });
export type JobsFollowParams = Static<typeof JobsFollowParams>;
export const JobsFollowResult = Type.Object({
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  message: Type.Optional(Type.String()),
});
export type JobsFollowResult = Static<typeof JobsFollowResult>;

/**
 * Every request kind: its params schema, its result schema, and whether it streams `data` chunks before
 * its result. The keys are the whole vocabulary of the link.
 */
export const agentRequestKinds = {
  'workloads.list': { params: ListParams, result: WorkloadsListResult, streams: false },
  'pods.list': { params: ListParams, result: PodsListResult, streams: false },
  'events.list': { params: NoParams, result: EventsListResult, streams: false },
  'metrics.pods': { params: NoParams, result: MetricsPodsResult, streams: false },
  'logs.stream': { params: LogsStreamParams, result: LogsStreamResult, streams: true },
  'argocd.status': { params: NoParams, result: ArgocdStatusResult, streams: false },
  'action.restart': { params: RestartParams, result: RestartResult, streams: false },
  'action.runJob': { params: RunJobParams, result: RunJobResult, streams: false },
  'jobs.follow': { params: JobsFollowParams, result: JobsFollowResult, streams: true },
} as const satisfies Record<string, { params: TSchema; result: TSchema; streams: boolean }>;

export type AgentRequestKind = keyof typeof agentRequestKinds;
export const AGENT_REQUEST_KINDS = Object.keys(agentRequestKinds) as AgentRequestKind[];

export type AgentRequestParams<K extends AgentRequestKind> = Static<(typeof agentRequestKinds)[K]['params']>;
export type AgentRequestResult<K extends AgentRequestKind> = Static<(typeof agentRequestKinds)[K]['result']>;

export function isAgentRequestKind(kind: string): kind is AgentRequestKind {
  return Object.hasOwn(agentRequestKinds, kind);
}

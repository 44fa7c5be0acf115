// Fetch factories of a commons' live view through its csoc-agent (GET …/cluster/*, …/agent) and its cluster
// actions (W1's …/cluster/actions). These routes are newer than the generated API document, so they are
// fetched untyped and typed here with the shapes @csoc/common's agent protocol defines (the same schemas
// the server answers with).
import type {
  AgentStatusResponse,
  EventsListResult,
  MetricsPodsResult,
  PodsListResult,
  WorkloadsListResult,
} from '@csoc/common/agent-protocol';
import { queryOptions } from '@tanstack/react-query';
import { ApiError } from './ApiError.ts';
import { postJson } from './apiClient.ts';

/** The five Gen3 operations a cluster action can be (no other exists). */
export type ClusterActionKind = 'restart' | 'usersync' | 'etl' | 'db-migrate' | 'cronjob';

export interface ClusterAction {
  id: string;
  commons: string;
  action: ClusterActionKind;
  target: string | null;
  state: 'pending-approval' | 'running' | 'succeeded' | 'failed';
  requestedBy: string;
  approvedBy: string | null;
  job: string | null;
  result: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const commonsPath = (org: string, commons: string) =>
  `/api/v1/orgs/${encodeURIComponent(org)}/commons/${encodeURIComponent(commons)}`;

/** A GET that throws the API's error (e.g. 503 agent_not_connected) as an ApiError. */
async function getJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: `The CSOC server could not be reached (${cause instanceof Error ? cause.message : String(cause)}). Check your connection and retry.`,
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, body);
  return body as T;
}

const key = (org: string, commons: string, ...rest: string[]) => ['cluster', org, commons, ...rest];

export const clusterKeys = {
  all: (org: string, commons: string) => key(org, commons),
  actions: (org: string, commons: string) => key(org, commons, 'actions'),
};

export const clusterQueries = {
  agent: (org: string, commons: string) =>
    queryOptions({
      queryKey: key(org, commons, 'agent'),
      queryFn: () => getJson<AgentStatusResponse>(`${commonsPath(org, commons)}/agent`),
    }),
  workloads: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'workloads'),
      enabled,
      queryFn: () => getJson<WorkloadsListResult>(`${commonsPath(org, commons)}/cluster/workloads`),
    }),
  pods: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'pods'),
      enabled,
      queryFn: () => getJson<PodsListResult>(`${commonsPath(org, commons)}/cluster/pods`),
    }),
  events: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'events'),
      enabled,
      queryFn: () => getJson<EventsListResult>(`${commonsPath(org, commons)}/cluster/events`),
    }),
  metrics: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'metrics'),
      enabled,
      queryFn: () => getJson<MetricsPodsResult>(`${commonsPath(org, commons)}/cluster/metrics`),
    }),
  actions: (org: string, commons: string) =>
    queryOptions({
      queryKey: clusterKeys.actions(org, commons),
      queryFn: () => getJson<{ actions: ClusterAction[] }>(`${commonsPath(org, commons)}/cluster/actions`),
    }),
};

/** Starts an action; `confirm` is the commons' name as the user typed it (the server checks it). */
export function startClusterAction(
  org: string,
  commons: string,
  body: { action: ClusterActionKind; target?: string; confirm: string },
): Promise<ClusterAction> {
  return postJson<ClusterAction>(`${commonsPath(org, commons)}/cluster/actions`, body);
}

/** A second person approves an action waiting for one (prod); it starts at once. */
export function approveClusterAction(org: string, commons: string, id: string): Promise<ClusterAction> {
  return postJson<ClusterAction>(
    `${commonsPath(org, commons)}/cluster/actions/${encodeURIComponent(id)}/approve`,
    {},
  );
}

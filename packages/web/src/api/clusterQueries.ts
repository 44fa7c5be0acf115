// Fetch factories of a commons' live view through its csoc-agent (GET …/cluster/*, …/agent) and its cluster
// actions (…/cluster/actions), typed by the generated API paths. Pods and workloads come in pages (ADR 0081),
// each asked for with the previous page's `nextCursor`.
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';

type ClusterPath = '/api/v1/orgs/{org}/commons/{commons}/cluster';
type Get<Path extends keyof paths> = paths[Path] extends { get: infer Operation }
  ? JsonBodyOf<Operation>
  : never;

export type ClusterAction = Get<`${ClusterPath}/actions/{id}`>;
/** The five Gen3 operations a cluster action can be (no other exists). */
export type ClusterActionKind = ClusterAction['action'];
export type WorkloadsPage = Get<`${ClusterPath}/workloads`>;
export type PodsPage = Get<`${ClusterPath}/pods`>;
export type ClusterWorkload = WorkloadsPage['workloads'][number];
export type ClusterPod = PodsPage['pods'][number];
export type ClusterEventsList = Get<`${ClusterPath}/events`>;
export type ClusterEvent = ClusterEventsList['events'][number];
export type PodMetricsList = Get<`${ClusterPath}/metrics`>;

/** A page of pods or workloads as the portal asks for it; "Load more" asks for the next. */
export const CLUSTER_PAGE_SIZE = 200;

export const commonsPath = (org: string, commons: string) =>
  `/api/v1/orgs/${encodeURIComponent(org)}/commons/${encodeURIComponent(commons)}`;

const key = (org: string, commons: string, ...rest: string[]) => ['cluster', org, commons, ...rest];

export const clusterKeys = {
  all: (org: string, commons: string) => key(org, commons),
  actions: (org: string, commons: string) => key(org, commons, 'actions'),
};

const path = (org: string, commons: string) => ({ params: { path: { org, commons } } });

/** The query of one page: CLUSTER_PAGE_SIZE items, after `cursor` when given. */
const pageOf = (org: string, commons: string, cursor: string | undefined) => ({
  params: { path: { org, commons }, query: { limit: CLUSTER_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
});

export const clusterQueries = {
  agent: (org: string, commons: string) =>
    queryOptions({
      queryKey: key(org, commons, 'agent'),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/agent', path(org, commons))),
    }),
  workloads: (org: string, commons: string, enabled: boolean) =>
    infiniteQueryOptions({
      queryKey: key(org, commons, 'workloads'),
      enabled,
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: WorkloadsPage) => page.nextCursor ?? undefined,
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/cluster/workloads', pageOf(org, commons, pageParam)),
        ),
    }),
  pods: (org: string, commons: string, enabled: boolean) =>
    infiniteQueryOptions({
      queryKey: key(org, commons, 'pods'),
      enabled,
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: PodsPage) => page.nextCursor ?? undefined,
      queryFn: ({ pageParam }) =>
        unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/cluster/pods', pageOf(org, commons, pageParam))),
    }),
  events: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'events'),
      enabled,
      queryFn: async (): Promise<ClusterEventsList> =>
        unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/cluster/events', path(org, commons))),
    }),
  metrics: (org: string, commons: string, enabled: boolean) =>
    queryOptions({
      queryKey: key(org, commons, 'metrics'),
      enabled,
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/cluster/metrics', path(org, commons))),
    }),
  actions: (org: string, commons: string) =>
    queryOptions({
      queryKey: clusterKeys.actions(org, commons),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/cluster/actions', path(org, commons))),
    }),
};

/** Starts an action; `confirm` is the commons' name as the user typed it (the server checks it). */
export function startClusterAction(
  org: string,
  commons: string,
  body: { action: ClusterActionKind; target?: string; confirm: string },
): Promise<ClusterAction> {
  return unwrap(
    api.POST('/api/v1/orgs/{org}/commons/{commons}/cluster/actions', { ...path(org, commons), body }),
  ) as Promise<ClusterAction>;
}

/** A second person approves an action waiting for one (prod); it starts at once. */
export function approveClusterAction(org: string, commons: string, id: string): Promise<ClusterAction> {
  return unwrap(
    api.POST('/api/v1/orgs/{org}/commons/{commons}/cluster/actions/{id}/approve', {
      params: { path: { org, commons, id } },
    }),
  ) as Promise<ClusterAction>;
}

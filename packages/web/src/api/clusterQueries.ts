// Fetch factories of a commons' live view through its csoc-agent (GET …/cluster/*, …/agent) and its cluster
// actions (…/cluster/actions), typed by the generated API paths. Pods and workloads come in pages (ADR 0081):
// their `limit`/`cursor` query and `nextCursor` are newer than the generated document, so those two are
// fetched through getJson with the generated page type plus `nextCursor`, until `npm run generate:api`.
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiError } from './ApiError.ts';
import { api, unwrap } from './apiClient.ts';

type ClusterPath = '/api/v1/orgs/{org}/commons/{commons}/cluster';
type Get<Path extends keyof paths> = paths[Path] extends { get: infer Operation }
  ? JsonBodyOf<Operation>
  : never;

export type ClusterAction = Get<`${ClusterPath}/actions/{id}`>;
/** The five Gen3 operations a cluster action can be (no other exists). */
export type ClusterActionKind = ClusterAction['action'];
export type WorkloadsPage = Get<`${ClusterPath}/workloads`> & { nextCursor?: string };
export type PodsPage = Get<`${ClusterPath}/pods`> & { nextCursor?: string };
export type ClusterWorkload = WorkloadsPage['workloads'][number];
export type ClusterPod = PodsPage['pods'][number];
export type ClusterEventsList = Get<`${ClusterPath}/events`> & { total?: number };
export type ClusterEvent = ClusterEventsList['events'][number];
export type PodMetricsList = Get<`${ClusterPath}/metrics`>;

/** A page of pods or workloads as the portal asks for it; "Load more" asks for the next. */
export const CLUSTER_PAGE_SIZE = 200;

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

const path = (org: string, commons: string) => ({ params: { path: { org, commons } } });

/** Pages of a paged cluster list; the next page is asked for with the previous one's nextCursor. */
function pagedQuery<Page extends { nextCursor?: string }>(
  org: string,
  commons: string,
  what: 'pods' | 'workloads',
  enabled: boolean,
) {
  return infiniteQueryOptions({
    queryKey: key(org, commons, what),
    enabled,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Page) => page.nextCursor,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(CLUSTER_PAGE_SIZE) });
      if (pageParam) query.set('cursor', pageParam);
      return getJson<Page>(`${commonsPath(org, commons)}/cluster/${what}?${query}`);
    },
  });
}

export const clusterQueries = {
  agent: (org: string, commons: string) =>
    queryOptions({
      queryKey: key(org, commons, 'agent'),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/agent', path(org, commons))),
    }),
  workloads: (org: string, commons: string, enabled: boolean) =>
    pagedQuery<WorkloadsPage>(org, commons, 'workloads', enabled),
  pods: (org: string, commons: string, enabled: boolean) =>
    pagedQuery<PodsPage>(org, commons, 'pods', enabled),
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

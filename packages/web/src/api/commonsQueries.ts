// Fetch factories of the commons area: one commons, its runs, revisions, diffs, live status and the
// Gen3 render preview, plus the org's fleet. Spread them into useQuery and add polling at the call site.
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import type { CommonsDocument } from './apiShapes.ts';
import { commonsKeys, fleetKeys } from './queryKeys.ts';

export const commonsQueries = {
  detail: (org: string, name: string) =>
    queryOptions({
      queryKey: commonsKeys.detail(org, name),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}', { params: { path: { org, commons: name } } })),
    }),
  /** Argo CD sync and health, service probes and the deployed release. */
  status: (org: string, name: string) =>
    queryOptions({
      queryKey: commonsKeys.status(org, name),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/status', {
            params: { path: { org, commons: name } },
          }),
        ),
    }),
  /** The latest 100 runs, newest first. */
  runs: (org: string, name: string) =>
    queryOptions({
      queryKey: commonsKeys.runs(org, name),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/runs', {
            params: { path: { org, commons: name }, query: { limit: 100 } },
          }),
        ),
    }),
  revisions: (org: string, name: string, currentRevision: number) =>
    queryOptions({
      queryKey: commonsKeys.revisions(org, name, currentRevision),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/revisions', {
            params: { path: { org, commons: name } },
          }),
        ),
    }),
  /** The changes between two revisions; disabled until both are chosen. */
  diff: (org: string, name: string, from: string | null, to: string | null) =>
    queryOptions({
      queryKey: commonsKeys.diff(org, name, from, to),
      enabled: !!from && !!to,
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/diff', {
            params: { path: { org, commons: name }, query: { from: Number(from), to: Number(to) } },
          }),
        ),
    }),
  /** What a deploy of `document` would commit to the GitOps repository (never retried: a refusal is the answer). */
  renderPreview: (org: string, document: CommonsDocument) =>
    queryOptions({
      queryKey: commonsKeys.renderPreview(org, document),
      queryFn: () =>
        unwrap(api.POST('/api/v1/orgs/{org}/gitops/render', { params: { path: { org } }, body: document })),
      retry: false,
    }),
};

/**
 * The fleet list's first page is small: a screen shows about 20 rows, and at thousands of commons the first
 * page's size (500 commons were 270 KB of JSON and the server's time to build them) was what the fleet page
 * waited for before its first row. The rest arrives in the largest pages the API gives.
 */
export const FLEET_FIRST_PAGE = 100;
export const FLEET_NEXT_PAGES = 500;

export const fleetQueries = {
  /**
   * The org's commons, a small first page then pages of 500 (the caller fetches the next page until there is
   * none); with a label selector, only those whose labels match (the server filters).
   */
  list: (org: string, labelSelector = '') =>
    infiniteQueryOptions({
      queryKey: [...fleetKeys.list(org), labelSelector],
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
      // The first page prefetched while the portal starts (prefetchFirstScreen.ts) usually lands just before
      // the page mounts: it is not fetched again then. Short, so a fleet visited again shows current data.
      staleTime: 2_000,
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons', {
            params: {
              path: { org },
              query: {
                limit: pageParam ? FLEET_NEXT_PAGES : FLEET_FIRST_PAGE,
                ...(pageParam ? { cursor: pageParam } : {}),
                ...(labelSelector ? { labelSelector } : {}),
              },
            },
          }),
        ),
    }),
  /** Sync, health, deployed release and drift of the whole fleet in one call. */
  status: (org: string) =>
    queryOptions({
      queryKey: fleetKeys.status(org),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/fleet/status', { params: { path: { org } } })),
    }),
};

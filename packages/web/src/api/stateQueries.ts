// Fetch factories of the Terraform state area: the lock, the versions (page by page) and the resources
// of the current version (addresses and dependencies only: the state's values stay on the server).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { stateKeys } from './queryKeys.ts';

export const stateQueries = {
  lock: (org: string, commons: string) =>
    queryOptions({
      queryKey: stateKeys.lock(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/state/lock', { params: { path: { org, commons } } }),
        ),
    }),
  versions: (org: string, commons: string, pageSize: number) =>
    infiniteQueryOptions({
      queryKey: stateKeys.versions(org, commons),
      initialPageParam: undefined as string | undefined,
      queryFn: ({ pageParam }) =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/state/versions', {
            params: {
              path: { org, commons },
              query: { limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) },
            },
          }),
        ),
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  resources: (org: string, commons: string) =>
    queryOptions({
      queryKey: stateKeys.resources(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/state/resources', {
            params: { path: { org, commons } },
          }),
        ),
    }),
};

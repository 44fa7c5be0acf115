// Fetch factories of the runs area: one run (its plan, state and apply result).
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { runKeys } from './queryKeys.ts';

export const runQueries = {
  detail: (org: string, runId: string) =>
    queryOptions({
      queryKey: runKeys.detail(org, runId),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/runs/{runId}', { params: { path: { org, runId } } })),
    }),
};

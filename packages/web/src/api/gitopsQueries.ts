// Fetch factories of the GitOps area: the org's repository and its read tokens.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { gitopsKeys } from './queryKeys.ts';

export const gitopsQueries = {
  repository: (org: string) =>
    queryOptions({
      queryKey: gitopsKeys.repository(org),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/gitops', { params: { path: { org } } })),
    }),
  readTokens: (org: string) =>
    queryOptions({
      queryKey: gitopsKeys.readTokens(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/gitops/read-tokens', {
            params: { path: { org }, query: { limit: 500 } },
          }),
        ),
    }),
};

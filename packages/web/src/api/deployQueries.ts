// Fetch factories of the deploys area: a commons' deploys and one deploy's timeline.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { deployKeys } from './queryKeys.ts';

export const deployQueries = {
  /** The latest 50 deploys of a commons, newest first. */
  list: (org: string, commons: string) =>
    queryOptions({
      queryKey: deployKeys.list(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/deploys', {
            params: { path: { org, commons }, query: { limit: 50 } },
          }),
        ),
    }),
  /** One deploy; disabled until one is selected. */
  detail: (org: string, commons: string, deployId: string | undefined) =>
    queryOptions({
      queryKey: deployKeys.detail(org, commons, deployId),
      enabled: !!deployId,
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/deploys/{deployId}', {
            params: { path: { org, commons, deployId: deployId! } },
          }),
        ),
    }),
};

// Fetch factories of the members area: an org's members and its invitations.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { memberKeys } from './queryKeys.ts';

export const memberQueries = {
  list: (org: string) =>
    queryOptions({
      queryKey: memberKeys.list(org),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/members', { params: { path: { org }, query: { limit: 500 } } })),
    }),
  invitations: (org: string) =>
    queryOptions({
      queryKey: memberKeys.invitations(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/invitations', { params: { path: { org }, query: { limit: 500 } } }),
        ),
    }),
};

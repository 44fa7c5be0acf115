// Fetch factories of the cloud accounts area: an org's accounts, and one account read afresh.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { accountKeys } from './queryKeys.ts';

/** One account as the API has it now (e.g. to reload after a stale edit was refused). */
export function readAccount(org: string, account: string) {
  return unwrap(api.GET('/api/v1/orgs/{org}/accounts/{account}', { params: { path: { org, account } } }));
}

export const accountQueries = {
  list: (org: string) =>
    queryOptions({
      queryKey: accountKeys.list(org),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/accounts', { params: { path: { org }, query: { limit: 500 } } })),
    }),
};

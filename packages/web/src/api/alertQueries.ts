// Fetch factories of the alerts area: alerts by state, rules, channels (secrets never in a response),
// silences and the delivery log of an org. Each reads the newest page (up to 200 or 500 rows).
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { alertKeys } from './queryKeys.ts';

export type AlertListState = 'firing' | 'pending' | 'resolved';

export const alertQueries = {
  list: (org: string, state: AlertListState) =>
    queryOptions({
      queryKey: alertKeys.list(org, state),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/alerts', { params: { path: { org }, query: { state, limit: 200 } } }),
        ),
    }),
  rules: (org: string) =>
    queryOptions({
      queryKey: alertKeys.rules(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/alerts/rules', { params: { path: { org }, query: { limit: 500 } } }),
        ),
    }),
  channels: (org: string) =>
    queryOptions({
      queryKey: alertKeys.channels(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/alerts/channels', { params: { path: { org }, query: { limit: 500 } } }),
        ),
    }),
  silences: (org: string) =>
    queryOptions({
      queryKey: alertKeys.silences(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/alerts/silences', { params: { path: { org }, query: { limit: 200 } } }),
        ),
    }),
  deliveries: (org: string) =>
    queryOptions({
      queryKey: alertKeys.deliveries(org),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/alerts/deliveries', {
            params: { path: { org }, query: { limit: 200 } },
          }),
        ),
    }),
};

// Fetch factories of the monitoring area: a commons' health, incidents and daily uptime, and the org's
// fleet health in one call. Spread them into useQuery and add polling at the call site.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { monitorKeys } from './queryKeys.ts';

export const monitorQueries = {
  /** State, reasons, each service's state and latency, uptime over 30 and 90 days. */
  health: (org: string, commons: string) =>
    queryOptions({
      queryKey: monitorKeys.health(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/health', { params: { path: { org, commons } } }),
        ),
    }),
  /** The latest 100 incidents, newest first. */
  incidents: (org: string, commons: string) =>
    queryOptions({
      queryKey: monitorKeys.incidents(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/incidents', {
            params: { path: { org, commons }, query: { limit: 100 } },
          }),
        ),
    }),
  /** Uptime per day over the last 90 days, today last. */
  uptime: (org: string, commons: string) =>
    queryOptions({
      queryKey: monitorKeys.uptime(org, commons),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/uptime', { params: { path: { org, commons } } }),
        ),
    }),
  /** Every monitored commons of the org with its state and first reason, and counts per state. */
  fleet: (org: string) =>
    queryOptions({
      queryKey: monitorKeys.fleet(org),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/fleet/health', { params: { path: { org } } })),
    }),
};

// Fetch factories of the audit area: events of an org (or, for platform admins, of the whole platform),
// filtered, 100 a page.
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { auditKeys } from './queryKeys.ts';

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  outcome: '' | 'success' | 'failure' | 'denied';
  /** A local date-time (datetime-local input), sent as ISO. */
  since: string;
}

/** The API query of `filters`: empty filters are left out. */
export function auditQueryOf(filters: AuditFilters, cursor?: string) {
  return {
    limit: 100,
    ...(cursor ? { cursor } : {}),
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.target ? { target: filters.target } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.since ? { since: new Date(filters.since).toISOString() } : {}),
  };
}

export const auditQueries = {
  events: (scope: 'org' | 'platform', org: string, filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: auditKeys.events(scope, org, filters),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor ?? undefined,
      queryFn: ({ pageParam }) => {
        const query = auditQueryOf(filters, pageParam);
        // Platform admins can also read events outside any org (sign-ins, org creation, user changes).
        return scope === 'platform'
          ? unwrap(api.GET('/api/v1/audit', { params: { query } }))
          : unwrap(api.GET('/api/v1/orgs/{org}/audit', { params: { path: { org }, query } }));
      },
    }),
};

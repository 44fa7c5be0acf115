// Fetch factories and calls of bulk actions: start one plan or drift check per selected commons, read the
// runs back with what they would change in all, approve every plan as read (ADR 0046).
import { queryOptions } from '@tanstack/react-query';
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { api, unwrap } from './apiClient.ts';

export type BulkRuns = JsonBodyOf<paths['/api/v1/orgs/{org}/bulk/runs']['get']>;
export type BulkRunItem = BulkRuns['items'][number];
export type BulkKind = 'plan' | 'drift';

export const bulkKeys = {
  /** One bulk action: its runs, in the order they were started. */
  runs: (org: string, runIds: readonly string[]) => ['bulk-runs', org, runIds.join(',')] as const,
};

export const bulkQueries = {
  runs: (org: string, runIds: readonly string[]) =>
    queryOptions({
      queryKey: bulkKeys.runs(org, runIds),
      enabled: runIds.length > 0,
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/bulk/runs', {
            params: { path: { org }, query: { runs: runIds.join(',') } },
          }),
        ),
    }),
};

/** Starts one run of `kind` per commons named; the answer lists each commons' run or why it got none. */
export function startBulkRuns(org: string, kind: BulkKind, commons: string[]) {
  return unwrap(
    api.POST('/api/v1/orgs/{org}/bulk/runs', { params: { path: { org } }, body: { kind, commons } }),
  );
}

/** Approves every plan listed, each at the version the approver read. */
export function approveBulkRuns(org: string, runs: { id: string; version: number }[]) {
  return unwrap(
    api.POST('/api/v1/orgs/{org}/bulk/runs/approve', { params: { path: { org } }, body: { runs } }),
  );
}

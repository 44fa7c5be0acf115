// A commons' live status (Argo CD sync and health, service probes, deployed release), polled while shown.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/apiClient.ts';

export function useCommonsStatus(
  org: string,
  commons: string,
  options: { enabled?: boolean; refetchMs?: number } = {},
) {
  return useQuery({
    queryKey: ['commons-status', org, commons],
    enabled: options.enabled ?? true,
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/status', { params: { path: { org, commons } } })),
    refetchInterval: options.refetchMs ?? 10_000,
    staleTime: 5_000,
  });
}

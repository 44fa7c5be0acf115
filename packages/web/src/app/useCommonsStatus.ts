// A commons' live status (Argo CD sync and health, service probes, deployed release), polled while shown.
import { useQuery } from '@tanstack/react-query';
import { commonsQueries } from '../api/commonsQueries.ts';

export function useCommonsStatus(
  org: string,
  commons: string,
  options: { enabled?: boolean; refetchMs?: number } = {},
) {
  return useQuery({
    ...commonsQueries.status(org, commons),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchMs ?? 10_000,
    staleTime: 5_000,
  });
}

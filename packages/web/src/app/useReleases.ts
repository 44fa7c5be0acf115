// The Gen3 release catalog: every release the CSOC can deploy (newest first) and one release's notes.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/apiClient.ts';

export function useReleases() {
  return useQuery({
    queryKey: ['releases'],
    queryFn: async () => {
      const body = await unwrap(api.GET('/api/v1/releases'));
      return [...body.items].sort((a, b) => b.version.localeCompare(a.version));
    },
    staleTime: 5 * 60_000,
  });
}

export function useRelease(version: string | undefined) {
  return useQuery({
    queryKey: ['release', version],
    enabled: !!version && /^\d{4}\.\d{2}$/.test(version),
    queryFn: () => unwrap(api.GET('/api/v1/releases/{version}', { params: { path: { version: version! } } })),
    staleTime: 5 * 60_000,
  });
}

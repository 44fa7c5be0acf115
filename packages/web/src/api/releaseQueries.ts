// Fetch factories of the Gen3 release catalog: every release (newest first) and one release's notes.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { releaseKeys } from './queryKeys.ts';

export const releaseQueries = {
  list: () =>
    queryOptions({
      queryKey: releaseKeys.list(),
      queryFn: async () => {
        const body = await unwrap(api.GET('/api/v1/releases'));
        return [...body.items].sort((a, b) => b.version.localeCompare(a.version));
      },
    }),
  /** One release; disabled unless `version` looks like one (YYYY.MM). */
  detail: (version: string | undefined) =>
    queryOptions({
      queryKey: releaseKeys.detail(version),
      enabled: !!version && /^\d{4}\.\d{2}$/.test(version),
      queryFn: () =>
        unwrap(api.GET('/api/v1/releases/{version}', { params: { path: { version: version! } } })),
    }),
};

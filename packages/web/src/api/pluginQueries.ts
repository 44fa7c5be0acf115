// Fetch factories of the plugins area: the catalog and one plugin version (with its manifest).
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './apiClient.ts';
import { pluginKeys } from './queryKeys.ts';

export const pluginQueries = {
  list: () =>
    queryOptions({
      queryKey: pluginKeys.list(),
      queryFn: () => unwrap(api.GET('/api/v1/plugins', { params: { query: { limit: 500 } } })),
    }),
  /** One version; disabled until a plugin is chosen. */
  version: (name: string | undefined, version: string | undefined) =>
    queryOptions({
      queryKey: pluginKeys.version(name, version),
      enabled: !!name,
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/plugins/{name}/{version}', {
            params: { path: { name: name!, version: version! } },
          }),
        ),
    }),
};

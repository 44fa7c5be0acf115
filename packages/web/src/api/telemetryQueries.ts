// Fetch factory of a commons' telemetry summary (what its OTLP agent sent, kept per service): one window
// of requests, errors, latency percentiles, logins and downloads. Spread it into useQuery with polling.
import { queryOptions } from '@tanstack/react-query';
import type { TelemetryWindow } from './apiShapes.ts';
import { api, unwrap } from './apiClient.ts';
import { telemetryKeys } from './queryKeys.ts';

export const telemetryQueries = {
  /** One window (1h, 24h, 7d, 30d) of one service, or of the whole commons when `service` is null. */
  series: (org: string, commons: string, window: TelemetryWindow, service: string | null) =>
    queryOptions({
      queryKey: telemetryKeys.series(org, commons, window, service),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{org}/commons/{commons}/telemetry', {
            params: { path: { org, commons }, query: { window, ...(service ? { service } : {}) } },
          }),
        ),
    }),
};

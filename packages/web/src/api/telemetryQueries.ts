// Fetch factories of telemetry: a commons' summary (what its OTLP agent sent, kept per service: one window
// of requests, errors, latency percentiles, logins and downloads; spread it into useQuery with polling),
// and the org's OTLP forwarding destination with its delivery counts.
import { queryOptions } from '@tanstack/react-query';
import type { TelemetryForwardingTestResult } from '@csoc/common';
import type { TelemetryWindow } from './apiShapes.ts';
import { ApiError } from './ApiError.ts';
import { api, postJson, unwrap } from './apiClient.ts';
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
  /** The org's forwarding destination, or null when it forwards nothing (not an error: a state). */
  forwarding: (org: string) =>
    queryOptions({
      queryKey: telemetryKeys.forwarding(org),
      queryFn: async () => {
        try {
          return await unwrap(
            api.GET('/api/v1/orgs/{org}/telemetry/forwarding', { params: { path: { org } } }),
          );
        } catch (error) {
          if (error instanceof ApiError && error.code === 'forwarding_not_found') return null;
          throw error;
        }
      },
    }),
};

/** Sends an empty OTLP export to the org's destination now; the answer says whether it took it. */
export function testForwarding(org: string): Promise<TelemetryForwardingTestResult> {
  return postJson<TelemetryForwardingTestResult>(
    `/api/v1/orgs/${encodeURIComponent(org)}/telemetry/forwarding/test`,
    {},
  );
}

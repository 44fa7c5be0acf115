// Reads the kept summary as a series for charts and alerts: per step, request rate, error rate, latency
// percentiles, logins and downloads, for one service or all of a commons' services. Per service and
// bucket, request figures come from metrics when the service sent any, from server spans otherwise.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { addBins, emptyLatencyBins, latencyQuantile } from './latencyBins.ts';
import type { TelemetryBucketsTable, TelemetryResolution } from './telemetryTables.ts';

export const TELEMETRY_WINDOWS = {
  '1h': { resolution: '1m', rangeMs: 3_600_000, stepMs: 60_000 },
  '24h': { resolution: '1m', rangeMs: 86_400_000, stepMs: 10 * 60_000 },
  '7d': { resolution: '1h', rangeMs: 7 * 86_400_000, stepMs: 3_600_000 },
  '30d': { resolution: '1h', rangeMs: 30 * 86_400_000, stepMs: 6 * 3_600_000 },
} as const satisfies Record<string, { resolution: TelemetryResolution; rangeMs: number; stepMs: number }>;

export type TelemetryWindow = keyof typeof TELEMETRY_WINDOWS;

export interface TelemetryPoint {
  start: string;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  /** Percent of requests that answered 5xx; null without requests. */
  errorRatePercent: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  logins: number;
  downloads: number;
}

export interface TelemetrySeries {
  window: TelemetryWindow;
  stepSeconds: number;
  services: string[];
  /** Where request figures came from, per service: metrics, spans or none. */
  sources: Record<string, 'metrics' | 'spans'>;
  points: TelemetryPoint[];
  lastReceivedAt: string | null;
}

interface Accumulator {
  requests: number;
  errors: number;
  bins: number[];
  logins: number;
  downloads: number;
}

export async function readTelemetrySeries(
  db: Kysely<Database>,
  commonsId: string,
  window: TelemetryWindow,
  service?: string,
  nowMs = Date.now(),
): Promise<TelemetrySeries> {
  const { resolution, rangeMs, stepMs } = TELEMETRY_WINDOWS[window];
  const firstStep = Math.floor((nowMs - rangeMs) / stepMs) * stepMs + stepMs;
  let query = db
    .selectFrom('telemetry_buckets')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('resolution', '=', resolution)
    .where('bucket_start', '>=', new Date(firstStep).toISOString());
  if (service) query = query.where('service', '=', service);
  const rows = await query.execute();

  // Which source answers for each service and bucket: metrics when they counted requests there.
  const metricsRequests = new Set(
    rows
      .filter((row) => row.source === 'metrics' && Number(row.requests) > 0)
      .map((row) => `${row.service}|${row.bucket_start}`),
  );
  const steps = new Map<number, Accumulator>();
  const sources: Record<string, 'metrics' | 'spans'> = {};
  for (const row of rows as TelemetryBucketsTable[]) {
    const at = Math.floor(Date.parse(row.bucket_start) / stepMs) * stepMs;
    const step = steps.get(at) ?? {
      requests: 0,
      errors: 0,
      bins: emptyLatencyBins(),
      logins: 0,
      downloads: 0,
    };
    const countsRequests =
      row.source === 'metrics' || !metricsRequests.has(`${row.service}|${row.bucket_start}`);
    if (countsRequests && Number(row.requests) > 0) {
      step.requests += Number(row.requests);
      step.errors += Number(row.errors);
      addBins(step.bins, JSON.parse(row.latency_bins) as number[]);
      if (sources[row.service] !== 'metrics') sources[row.service] = row.source;
    }
    step.logins += Number(row.logins);
    step.downloads += Number(row.downloads);
    steps.set(at, step);
  }
  const points: TelemetryPoint[] = [];
  for (let at = firstStep; at <= nowMs; at += stepMs) {
    const step = steps.get(at);
    const requests = step?.requests ?? 0;
    points.push({
      start: new Date(at).toISOString(),
      requests,
      errors: step?.errors ?? 0,
      requestsPerSecond: Math.round((requests / (stepMs / 1000)) * 1000) / 1000,
      errorRatePercent: requests ? Math.round((step!.errors / requests) * 100 * 100) / 100 : null,
      p50Ms: step ? latencyQuantile(step.bins, 0.5) : null,
      p95Ms: step ? latencyQuantile(step.bins, 0.95) : null,
      p99Ms: step ? latencyQuantile(step.bins, 0.99) : null,
      logins: step?.logins ?? 0,
      downloads: step?.downloads ?? 0,
    });
  }
  const activity = await db
    .selectFrom('telemetry_commons_activity')
    .select('last_received_at')
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
  return {
    window,
    stepSeconds: stepMs / 1000,
    services: [...new Set(rows.map((row) => row.service))].sort(),
    sources,
    points,
    lastReceivedAt: activity?.last_received_at ?? null,
  };
}

/** Request figures of each service of a commons over the last `minutes` (alert thresholds read this). */
export async function recentServiceFigures(
  db: Kysely<Database>,
  commonsId: string,
  minutes: number,
  nowMs = Date.now(),
): Promise<
  Array<{ service: string; requests: number; errorRatePercent: number | null; p95Ms: number | null }>
> {
  const since = new Date(Math.floor((nowMs - minutes * 60_000) / 60_000) * 60_000).toISOString();
  const rows = await db
    .selectFrom('telemetry_buckets')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('resolution', '=', '1m')
    .where('bucket_start', '>=', since)
    .execute();
  const metricsBuckets = new Set(
    rows
      .filter((row) => row.source === 'metrics' && Number(row.requests) > 0)
      .map((row) => `${row.service}|${row.bucket_start}`),
  );
  const byService = new Map<string, Accumulator>();
  for (const row of rows) {
    if (row.source === 'spans' && metricsBuckets.has(`${row.service}|${row.bucket_start}`)) continue;
    if (Number(row.requests) <= 0) continue;
    const entry = byService.get(row.service) ?? {
      requests: 0,
      errors: 0,
      bins: emptyLatencyBins(),
      logins: 0,
      downloads: 0,
    };
    entry.requests += Number(row.requests);
    entry.errors += Number(row.errors);
    addBins(entry.bins, JSON.parse(row.latency_bins) as number[]);
    byService.set(row.service, entry);
  }
  return [...byService].map(([service, entry]) => ({
    service,
    requests: entry.requests,
    errorRatePercent: entry.requests ? Math.round((entry.errors / entry.requests) * 10000) / 100 : null,
    p95Ms: latencyQuantile(entry.bins, 0.95),
  }));
}

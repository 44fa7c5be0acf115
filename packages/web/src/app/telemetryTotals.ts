// What the telemetry charts say in words: the totals of a window (requests, 5xx errors and their share,
// logins, downloads) and the highest latency percentiles of any step, the text alternative each chart
// carries and the figures the Monitoring tab leads with.

export interface TelemetryPointFigures {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  logins: number;
  downloads: number;
}

export interface TelemetryTotals {
  requests: number;
  errors: number;
  /** Percent of the window's requests answered 5xx; null without requests. */
  errorRatePercent: number | null;
  peakRequestsPerSecond: number;
  /** The highest percentile of any step (null when no step had requests). */
  worstP50Ms: number | null;
  worstP95Ms: number | null;
  worstP99Ms: number | null;
  logins: number;
  downloads: number;
}

const highest = (values: Array<number | null>) => {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Math.max(...present) : null;
};

export function telemetryTotals(points: readonly TelemetryPointFigures[]): TelemetryTotals {
  const sum = (key: 'requests' | 'errors' | 'logins' | 'downloads') =>
    points.reduce((total, point) => total + point[key], 0);
  const requests = sum('requests');
  const errors = sum('errors');
  return {
    requests,
    errors,
    errorRatePercent: requests ? Math.round((errors / requests) * 10_000) / 100 : null,
    peakRequestsPerSecond: Math.max(0, ...points.map((point) => point.requestsPerSecond)),
    worstP50Ms: highest(points.map((point) => point.p50Ms)),
    worstP95Ms: highest(points.map((point) => point.p95Ms)),
    worstP99Ms: highest(points.map((point) => point.p99Ms)),
    logins: sum('logins'),
    downloads: sum('downloads'),
  };
}

/** "1 minute", "10 minutes", "1 hour", "6 hours": the length of one step of a window, in words. */
export function stepInWords(stepSeconds: number): string {
  const [amount, unit] =
    stepSeconds % 3600 === 0 ? [stepSeconds / 3600, 'hour'] : [Math.round(stepSeconds / 60), 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

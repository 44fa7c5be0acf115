// CSOC's one latency histogram layout: every incoming histogram is re-binned onto these fixed bounds, so
// buckets from any source add up, and percentiles are read from them (linear within a bin).

/** Upper bounds in ms; one more bin holds everything above the last. */
export const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

export function emptyLatencyBins(): number[] {
  return new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
}

/** The bin a latency in ms falls in. */
export function binIndexOf(latencyMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/**
 * Re-bins an OTLP explicit-bounds histogram (bounds in ms, counts one longer than bounds) onto CSOC's
 * bounds. A source bin goes to the CSOC bin that holds its upper bound, so a percentile read later is
 * never lower than the truth by more than one source bin.
 */
export function binLatencies(sourceBoundsMs: number[], sourceCounts: number[]): number[] {
  const bins = emptyLatencyBins();
  sourceCounts.forEach((count, index) => {
    if (!count) return;
    const upper = index < sourceBoundsMs.length ? sourceBoundsMs[index]! : Number.POSITIVE_INFINITY;
    bins[binIndexOf(upper)]! += count;
  });
  return bins;
}

export function addBins(into: number[], from: number[]): number[] {
  for (let index = 0; index < into.length; index += 1) into[index]! += from[index] ?? 0;
  return into;
}

/** The q-th quantile (0..1) in ms, or null without observations. */
export function latencyQuantile(bins: number[], q: number): number | null {
  const total = bins.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < bins.length; index += 1) {
    const count = bins[index]!;
    if (count === 0) continue;
    if (seen + count >= rank) {
      const lower = index === 0 ? 0 : LATENCY_BOUNDS_MS[index - 1]!;
      // Above the last bound there is no upper edge: report the last bound (a floor, said in the docs).
      if (index >= LATENCY_BOUNDS_MS.length) return lower;
      const upper = LATENCY_BOUNDS_MS[index]!;
      return Math.round((lower + ((rank - seen) / count) * (upper - lower)) * 100) / 100;
    }
    seen += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}

import { describe, expect, it } from 'vitest';
import { binLatencies, emptyLatencyBins, LATENCY_BOUNDS_MS, latencyQuantile } from './latencyBins.ts';

describe('latency bins', () => {
  it('re-bins a histogram onto the fixed bounds by each source bin upper bound', () => {
    // Source bounds 20 ms and 400 ms: 3 requests up to 20 ms, 5 up to 400 ms, 2 above.
    const bins = binLatencies([20, 400], [3, 5, 2]);
    expect(bins[LATENCY_BOUNDS_MS.indexOf(25)]).toBe(3);
    expect(bins[LATENCY_BOUNDS_MS.indexOf(500)]).toBe(5);
    expect(bins[LATENCY_BOUNDS_MS.length]).toBe(2);
    expect(bins.reduce((sum, count) => sum + count, 0)).toBe(10);
  });

  it('reads percentiles within a bin, and null without observations', () => {
    expect(latencyQuantile(emptyLatencyBins(), 0.5)).toBeNull();
    const bins = emptyLatencyBins();
    bins[LATENCY_BOUNDS_MS.indexOf(100)] = 100; // all between 50 and 100 ms
    expect(latencyQuantile(bins, 0.5)).toBe(75);
    expect(latencyQuantile(bins, 0.99)).toBeCloseTo(99.5);
  });
});

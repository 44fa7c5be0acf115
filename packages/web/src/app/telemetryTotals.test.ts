import { describe, expect, it } from 'vitest';
import { stepInWords, telemetryTotals } from './telemetryTotals.ts';

const point = (requests: number, errors: number, p95Ms: number | null, extra = {}) => ({
  requests,
  errors,
  requestsPerSecond: requests / 60,
  p50Ms: p95Ms === null ? null : p95Ms / 2,
  p95Ms,
  p99Ms: p95Ms === null ? null : p95Ms * 2,
  logins: 0,
  downloads: 0,
  ...extra,
});

describe('telemetry totals of a window', () => {
  it('adds requests, errors, logins and downloads, and gives the share of errors', () => {
    const totals = telemetryTotals([
      point(120, 3, 80, { logins: 2 }),
      point(0, 0, null),
      point(60, 0, 250, { downloads: 5 }),
    ]);
    expect(totals).toMatchObject({
      requests: 180,
      errors: 3,
      errorRatePercent: 1.67,
      logins: 2,
      downloads: 5,
    });
    expect(totals.peakRequestsPerSecond).toBe(2);
  });

  it('reports the worst latency of any step, and none when no step had requests', () => {
    expect(telemetryTotals([point(1, 0, 80), point(1, 0, 250), point(0, 0, null)])).toMatchObject({
      worstP50Ms: 125,
      worstP95Ms: 250,
      worstP99Ms: 500,
    });
    expect(telemetryTotals([point(0, 0, null)])).toMatchObject({
      requests: 0,
      errorRatePercent: null,
      worstP95Ms: null,
      peakRequestsPerSecond: 0,
    });
    expect(telemetryTotals([]).peakRequestsPerSecond).toBe(0);
  });

  it('says how long one step is', () => {
    expect(stepInWords(60)).toBe('1 minute');
    expect(stepInWords(600)).toBe('10 minutes');
    expect(stepInWords(3600)).toBe('1 hour');
    expect(stepInWords(21_600)).toBe('6 hours');
  });
});

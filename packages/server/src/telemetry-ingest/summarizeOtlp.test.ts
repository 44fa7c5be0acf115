import { describe, expect, it } from 'vitest';
import { serviceNameOf, summarizeMetrics } from './summarizeOtlp.ts';

const point = (attributes: unknown[], extra: Record<string, unknown>) => ({
  attributes,
  startTimeUnixNano: '1000000000',
  timeUnixNano: '61000000000',
  ...extra,
});

describe('summarizeMetrics', () => {
  it('keeps request histograms (ms or s), 5xx as errors, fence logins and download URLs only', () => {
    const summary = summarizeMetrics({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fence' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'http.server.duration',
                  unit: 'ms',
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      point([{ key: 'http.status_code', value: { intValue: 502 } }], {
                        count: 4,
                        sum: 400,
                        bucketCounts: [0, 4],
                        explicitBounds: [50],
                      }),
                    ],
                  },
                },
                {
                  name: 'gen3_fence_presigned_url_total',
                  sum: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      point([{ key: 'action', value: { stringValue: 'upload' } }], { asInt: 9 }),
                      point([{ key: 'action', value: { stringValue: 'download' } }], { asInt: 3 }),
                    ],
                  },
                },
                { name: 'process.cpu.time', sum: { dataPoints: [point([], { asDouble: 1 })] } },
              ],
            },
          ],
        },
      ],
    });
    expect(summary.dataPoints).toBe(4);
    expect(summary.points.map((kept) => [kept.kind, kept.value, kept.error, kept.cumulative])).toEqual([
      ['requests', 4, true, true],
      ['downloads', 3, false, true],
    ]);
    expect(summary.points[0]!.latencySumMs).toBe(400);
    expect(summary.points[0]!.timeMs).toBe(61_000);
  });

  it('names a service by service.name, bounded and plain', () => {
    expect(serviceNameOf(undefined)).toBe('unknown_service');
    expect(serviceNameOf({ attributes: [{ key: 'service.name', value: { stringValue: 'a b/c' } }] })).toBe(
      'a_b_c',
    );
  });
});

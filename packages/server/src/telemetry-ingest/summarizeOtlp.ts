// Reads what CSOC keeps from a decoded OTLP request: per service, HTTP request latency histograms (count,
// errors = 5xx, latency), fence logins and presigned-URL downloads from metrics, and server spans as a
// fallback source of requests/errors/latency. Everything else in the request is accepted and ignored here
// (it is still forwarded to the org's own backend unchanged).
import { createHash } from 'node:crypto';
import type { OtlpRequest } from './decodeOtlpBody.ts';
import { binLatencies, emptyLatencyBins } from './latencyBins.ts';

/**
 * HTTP server request-duration histograms, by name: OpenTelemetry semantic conventions (current and the
 * older ms one) and the Prometheus names they take when a collector (Grafana Alloy) converts them.
 */
const REQUEST_HISTOGRAMS: Record<string, 's' | 'ms'> = {
  'http.server.request.duration': 's',
  'http.server.duration': 'ms',
  http_server_request_duration_seconds: 's',
  http_request_duration_seconds: 's',
};
/** fence's Prometheus counters (fence/metrics.py): logins, and presigned URLs with action="download". */
const LOGIN_COUNTERS = new Set(['gen3_fence_login', 'gen3_fence_login_total', 'gen3_fence_logins_total']);
const PRESIGNED_URL_COUNTERS = new Set(['gen3_fence_presigned_url', 'gen3_fence_presigned_url_total']);
const STATUS_ATTRIBUTES = ['http.response.status_code', 'http.status_code', 'status_code', 'code'];

const SPAN_KIND_SERVER = 2;
const STATUS_CODE_ERROR = 2;
const AGGREGATION_TEMPORALITY_DELTA = 1;

export type SampleKind = 'requests' | 'logins' | 'downloads';

/** One data point CSOC keeps: a counter value or a histogram re-binned on CSOC's fixed latency bounds. */
export interface StreamPoint {
  /** Identifies the series (metric, service, attributes) for cumulative-to-delta. */
  streamKey: string;
  service: string;
  kind: SampleKind;
  /** true: the value keeps growing since startTimeMs (cumulative temporality); false: a delta. */
  cumulative: boolean;
  startTimeMs: number;
  timeMs: number;
  /** Requests: whether every request in this stream answered 5xx. */
  error: boolean;
  value: number;
  latencySumMs: number;
  latencyBins: number[];
}

/** Requests observed directly (spans): no cumulative state. */
export interface SpanSample {
  service: string;
  timeMs: number;
  error: boolean;
  latencyMs: number;
}

export interface OtlpSummaryInput {
  points: StreamPoint[];
  spans: SpanSample[];
  /** Data points (or spans, or log records) in the request, kept or not. */
  dataPoints: number;
}

type AnyValue = {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
};
type KeyValue = { key?: string; value?: AnyValue };
type Resource = { attributes?: KeyValue[] };

function attributeValue(value: AnyValue | undefined): string | number | boolean | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return undefined;
}

function attributeOf(
  attributes: KeyValue[] | undefined,
  keys: string[],
): string | number | boolean | undefined {
  for (const key of keys) {
    const found = attributes?.find((attribute) => attribute.key === key);
    if (found) return attributeValue(found.value);
  }
  return undefined;
}

/** A service name safe to store and show: the resource's service.name, bounded and plain. */
export function serviceNameOf(resource: Resource | undefined): string {
  const name = attributeOf(resource?.attributes, ['service.name']);
  const plain = String(name ?? 'unknown_service')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 63);
  return plain || 'unknown_service';
}

const nanosToMs = (nanos: unknown) => Number(nanos ?? 0) / 1e6;

/** A count or duration from the body; anything else makes the request malformed (400, not a stored NaN). */
function amountOf(value: unknown): number {
  const amount = Number(value ?? 0);
  if (!Number.isFinite(amount) || amount < 0)
    throw new TypeError(`${JSON.stringify(value)} is not a count or duration`);
  return amount;
}

function isErrorStatus(status: unknown): boolean {
  const code = Number(status);
  return Number.isFinite(code) && code >= 500 && code <= 599;
}

function streamKeyOf(metric: string, service: string, attributes: KeyValue[] | undefined): string {
  const pairs = (attributes ?? [])
    .map((attribute) => [attribute.key ?? '', attributeValue(attribute.value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([metric, service, pairs]))
    .digest('base64url')
    .slice(0, 22);
}

type NumberPoint = {
  attributes?: KeyValue[];
  startTimeUnixNano?: number | string;
  timeUnixNano?: number | string;
  asInt?: number | string;
  asDouble?: number;
};
type HistogramPoint = NumberPoint & {
  count?: number | string;
  sum?: number;
  bucketCounts?: Array<number | string>;
  explicitBounds?: number[];
};
type Metric = {
  name?: string;
  unit?: string;
  sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  gauge?: { dataPoints?: NumberPoint[] };
  histogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: unknown[] };
  summary?: { dataPoints?: unknown[] };
};

function pointCount(metric: Metric): number {
  return (
    (metric.sum?.dataPoints?.length ?? 0) +
    (metric.gauge?.dataPoints?.length ?? 0) +
    (metric.histogram?.dataPoints?.length ?? 0) +
    (metric.exponentialHistogram?.dataPoints?.length ?? 0) +
    (metric.summary?.dataPoints?.length ?? 0)
  );
}

/** What CSOC keeps from an ExportMetricsServiceRequest (JSON shape). */
export function summarizeMetrics(request: OtlpRequest): OtlpSummaryInput {
  const points: StreamPoint[] = [];
  let dataPoints = 0;
  for (const resourceMetrics of (request.resourceMetrics ?? []) as Array<Record<string, unknown>>) {
    const service = serviceNameOf(resourceMetrics.resource as Resource | undefined);
    for (const scope of (resourceMetrics.scopeMetrics ?? []) as Array<{ metrics?: Metric[] }>)
      for (const metric of scope.metrics ?? []) {
        dataPoints += pointCount(metric);
        const name = metric.name ?? '';
        const histogramUnit = REQUEST_HISTOGRAMS[name];
        if (histogramUnit && metric.histogram) {
          const unit = metric.unit === 'ms' || metric.unit === 's' ? metric.unit : histogramUnit;
          const toMs = unit === 's' ? 1000 : 1;
          const cumulative = metric.histogram.aggregationTemporality !== AGGREGATION_TEMPORALITY_DELTA;
          for (const point of metric.histogram.dataPoints ?? [])
            points.push({
              streamKey: streamKeyOf(name, service, point.attributes),
              service,
              kind: 'requests',
              cumulative,
              startTimeMs: nanosToMs(point.startTimeUnixNano),
              timeMs: nanosToMs(point.timeUnixNano),
              error: isErrorStatus(attributeOf(point.attributes, STATUS_ATTRIBUTES)),
              value: amountOf(point.count),
              latencySumMs: amountOf(point.sum) * toMs,
              latencyBins: binLatencies(
                (point.explicitBounds ?? []).map((bound) => Number(bound) * toMs),
                (point.bucketCounts ?? []).map(amountOf),
              ),
            });
          continue;
        }
        const counterKind: SampleKind | undefined = LOGIN_COUNTERS.has(name)
          ? 'logins'
          : PRESIGNED_URL_COUNTERS.has(name)
            ? 'downloads'
            : undefined;
        if (!counterKind || !metric.sum) continue;
        const cumulative = metric.sum.aggregationTemporality !== AGGREGATION_TEMPORALITY_DELTA;
        for (const point of metric.sum.dataPoints ?? []) {
          if (counterKind === 'downloads' && attributeOf(point.attributes, ['action']) !== 'download')
            continue;
          points.push({
            streamKey: streamKeyOf(name, service, point.attributes),
            service,
            kind: counterKind,
            cumulative,
            startTimeMs: nanosToMs(point.startTimeUnixNano),
            timeMs: nanosToMs(point.timeUnixNano),
            error: false,
            value: amountOf(point.asInt ?? point.asDouble),
            latencySumMs: 0,
            latencyBins: emptyLatencyBins(),
          });
        }
      }
  }
  return { points, spans: [], dataPoints };
}

type Span = {
  kind?: number;
  startTimeUnixNano?: number | string;
  endTimeUnixNano?: number | string;
  attributes?: KeyValue[];
  status?: { code?: number };
};

/** Server spans of an ExportTraceServiceRequest, as requests (used where a service sends no metrics). */
export function summarizeTraces(request: OtlpRequest): OtlpSummaryInput {
  const spans: SpanSample[] = [];
  let dataPoints = 0;
  for (const resourceSpans of (request.resourceSpans ?? []) as Array<Record<string, unknown>>) {
    const service = serviceNameOf(resourceSpans.resource as Resource | undefined);
    for (const scope of (resourceSpans.scopeSpans ?? []) as Array<{ spans?: Span[] }>)
      for (const span of scope.spans ?? []) {
        dataPoints += 1;
        if (Number(span.kind) !== SPAN_KIND_SERVER) continue;
        const startMs = nanosToMs(span.startTimeUnixNano);
        const endMs = nanosToMs(span.endTimeUnixNano);
        spans.push({
          service,
          timeMs: endMs,
          error:
            Number(span.status?.code) === STATUS_CODE_ERROR ||
            isErrorStatus(attributeOf(span.attributes, STATUS_ATTRIBUTES)),
          latencyMs: amountOf(Math.max(0, endMs - startMs)),
        });
      }
  }
  return { points: [], spans, dataPoints };
}

/** Logs are only counted (and forwarded): CSOC keeps no log lines. */
export function summarizeLogs(request: OtlpRequest): OtlpSummaryInput {
  let dataPoints = 0;
  for (const resourceLogs of (request.resourceLogs ?? []) as Array<Record<string, unknown>>)
    for (const scope of (resourceLogs.scopeLogs ?? []) as Array<{ logRecords?: unknown[] }>)
      dataPoints += scope.logRecords?.length ?? 0;
  return { points: [], spans: [], dataPoints };
}

// One trace from a change to a healthy commons crosses queues, processes and restarts: the W3C trace context
// of the request that started a run or a deploy is kept in its row (a JSON text column), and each later
// step (the run's worker, the deploy follower, the first healthy probe) opens a child span of it (ADR 0039).
// Without OpenTelemetry configured (startTracing.ts) the API is a no-op: nothing is captured (the column
// stays null), and the spans opened here are non-recording, so this costs nothing.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** The carrier kept in a `trace_context` column: the W3C headers, as a client would send them. */
export interface StoredTraceContext {
  traceparent: string;
  tracestate?: string;
}

const tracer = () => trace.getTracer('csoc');

/** The W3C headers of `from` (default: the active context); empty when nothing is traced. */
function injectedHeaders(from: Context = context.active()): Partial<StoredTraceContext> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier.traceparent
    ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) }
    : {};
}

/**
 * The active trace context as the value of a `trace_context` column, or null when this request is not
 * traced (OpenTelemetry off): then nothing but a null is written.
 */
export function captureTraceContext(): string | null {
  const headers = injectedHeaders();
  return headers.traceparent ? JSON.stringify(headers) : null;
}

/** The trace a stored context continues, or undefined when there is none (or it cannot be read). */
export function restoreTraceContext(stored: string | null | undefined): Context | undefined {
  if (!stored) return undefined;
  let carrier: unknown;
  try {
    carrier = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (!carrier || typeof carrier !== 'object') return undefined;
  const extracted = propagation.extract(ROOT_CONTEXT, carrier as Record<string, string>);
  return trace.getSpanContext(extracted) ? extracted : undefined;
}

/** The trace id of a stored context (for a git trailer, a log line), or undefined. */
export function traceIdOfStored(stored: string | null | undefined): string | undefined {
  const restored = restoreTraceContext(stored);
  return restored ? trace.getSpanContext(restored)?.traceId : undefined;
}

/** The trace id of the active span, or undefined when nothing is traced. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * `TRACEPARENT` (and `TRACESTATE`) for a child process, naming the active span as its parent: the
 * environment-variable convention of OpenTelemetry for processes. Empty when nothing is traced.
 */
export function traceEnvironment(): Record<string, string> {
  const headers = injectedHeaders();
  if (!headers.traceparent) return {};
  return {
    TRACEPARENT: headers.traceparent,
    ...(headers.tracestate ? { TRACESTATE: headers.tracestate } : {}),
  };
}

/**
 * Runs `work` inside a new span that continues the stored trace (a child of the stored span), or a new
 * trace when none is stored. A thrown error marks the span failed; `work` may also set its status.
 *
 * @example
 * await inStoredTrace(run.trace_context, 'csoc.run plan', { 'csoc.run.id': run.id }, () => executePlan());
 */
export function inStoredTrace<T>(
  stored: string | null | undefined,
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = restoreTraceContext(stored) ?? ROOT_CONTEXT;
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Records an observation that already happened (a sync seen, a healthy probe) as a span of the stored
 * trace, from `startTime` to `endTime`. Does nothing when no trace is stored: an observation alone does not
 * start a trace.
 */
export function recordSpanInStoredTrace(
  stored: string | null | undefined,
  name: string,
  options: { startTime: Date | number; endTime?: Date | number; attributes?: Attributes; failed?: string },
): void {
  const parent = restoreTraceContext(stored);
  if (!parent) return;
  const span = tracer().startSpan(
    name,
    { attributes: options.attributes, startTime: options.startTime },
    parent,
  );
  if (options.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: options.failed });
  span.end(options.endTime);
}

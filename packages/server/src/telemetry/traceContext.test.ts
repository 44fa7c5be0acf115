// A stored trace context continues the trace of the request that stored it, and without OpenTelemetry
// nothing is captured: the real OpenTelemetry SDK, with spans kept in memory.
import { context, trace } from '@opentelemetry/api';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureTraceContext,
  inStoredTrace,
  recordSpanInStoredTrace,
  restoreTraceContext,
  traceEnvironment,
  traceIdOfStored,
} from './traceContext.ts';

describe('trace context without OpenTelemetry configured', () => {
  it('captures nothing and hands a plugin no TRACEPARENT', async () => {
    expect(captureTraceContext()).toBeNull();
    await inStoredTrace(null, 'csoc.run plan', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(captureTraceContext()).toBeNull();
      expect(traceEnvironment()).toEqual({});
    });
  });
});

describe('trace context with the OpenTelemetry SDK', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const sdk = new NodeSDK({
    serviceName: 'csoc-test',
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
    instrumentations: [],
    // No detectors with asynchronous attributes: spans reach the exporter as they end.
    resourceDetectors: [],
  });
  beforeAll(() => sdk.start());
  afterAll(async () => {
    await sdk.shutdown();
  });

  it('continues the stored trace in a later step, with the stored span as parent', async () => {
    const tracer = trace.getTracer('test');
    let stored: string | null = null;
    let requestSpanId = '';
    let requestTraceId = '';
    tracer.startActiveSpan('POST /runs', (span) => {
      stored = captureTraceContext();
      requestSpanId = span.spanContext().spanId;
      requestTraceId = span.spanContext().traceId;
      span.end();
    });
    expect(stored).not.toBeNull();
    expect(JSON.parse(stored!).traceparent).toBe(`00-${requestTraceId}-${requestSpanId}-01`);
    expect(traceIdOfStored(stored)).toBe(requestTraceId);

    // Later, elsewhere (no active span): the worker's span joins the request's trace.
    const environment = await inStoredTrace(stored, 'csoc.run plan', { 'csoc.run.id': 'r1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return traceEnvironment();
    });
    const runSpan = exporter.getFinishedSpans().find((span) => span.name === 'csoc.run plan')!;
    expect(runSpan.spanContext().traceId).toBe(requestTraceId);
    expect(runSpan.parentSpanContext?.spanId).toBe(requestSpanId);
    expect(runSpan.attributes['csoc.run.id']).toBe('r1');
    // The plugin's parent is the run span, in the same trace.
    expect(environment.TRACEPARENT).toBe(`00-${requestTraceId}-${runSpan.spanContext().spanId}-01`);

    recordSpanInStoredTrace(stored, 'argocd.synced', { startTime: Date.now() - 1000, endTime: Date.now() });
    const synced = exporter.getFinishedSpans().find((span) => span.name === 'argocd.synced')!;
    expect(synced.spanContext().traceId).toBe(requestTraceId);
    expect(synced.duration[0] * 1000 + synced.duration[1] / 1e6).toBeGreaterThanOrEqual(900);
  });

  it('marks the span failed when the step throws, and ignores an unreadable stored context', async () => {
    await expect(
      inStoredTrace(null, 'csoc.run apply', {}, async () => {
        throw new Error('plugin crashed');
      }),
    ).rejects.toThrow('plugin crashed');
    const failed = exporter.getFinishedSpans().find((span) => span.name === 'csoc.run apply')!;
    expect(failed.status.message).toBe('plugin crashed');
    expect(restoreTraceContext('not json')).toBeUndefined();
    expect(restoreTraceContext('{"traceparent":"garbage"}')).toBeUndefined();
    // An observation without a stored trace starts none.
    const before = exporter.getFinishedSpans().length;
    recordSpanInStoredTrace(null, 'monitor.probe healthy', { startTime: Date.now() });
    expect(exporter.getFinishedSpans().length).toBe(before);
    expect(context.active()).toBeDefined();
  });
});

// The simulated plugin continues CSOC's trace (ADR 0039): the host hands each plugin process the run's span
// as TRACEPARENT/TRACESTATE; when an OTLP endpoint is configured for plugins too (CSOC_PLUGIN_ENV with
// OTEL_EXPORTER_OTLP_ENDPOINT), the verb is exported as a child span with the OpenTelemetry SDK, so a
// simulated run shows up in the operator's trace exactly where a real plugin's spans would.
import type { Context, SpanContext } from '@opentelemetry/api';

/** version-traceid-parentid-flags, as the W3C Trace Context header (and the TRACEPARENT variable) carry it. */
const TRACEPARENT_FORMAT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The host span TRACEPARENT names, or undefined when absent, malformed, or all zeros (W3C: invalid). */
export function traceparentOfEnvironment(
  env: NodeJS.ProcessEnv,
): { traceId: string; spanId: string; traceFlags: number } | undefined {
  const match = TRACEPARENT_FORMAT.exec(env.TRACEPARENT?.trim() ?? '');
  // Version ff is invalid; version 00 has nothing after the flags.
  if (!match || match[1] === 'ff' || (match[1] === '00' && match[5])) return undefined;
  const [traceId, spanId] = [match[2]!, match[3]!];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(match[4]!, 16) };
}

/**
 * The parent context of the plugin's spans, or undefined. Loads the OpenTelemetry API: only a verb that
 * exports its span needs it (in the bundle it is a chunk node reads only then, ADR 0068).
 */
export async function parentFromEnvironment(env: NodeJS.ProcessEnv): Promise<Context | undefined> {
  const parsed = traceparentOfEnvironment(env);
  if (!parsed) return undefined;
  // An ES module with named exports (its default export is the api object, without these helpers).
  const { createTraceState, isSpanContextValid, ROOT_CONTEXT, trace } = await import('@opentelemetry/api');
  const spanContext: SpanContext = {
    ...parsed,
    isRemote: true,
    ...(env.TRACESTATE ? { traceState: createTraceState(env.TRACESTATE) } : {}),
  };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : undefined;
}

/** Where spans go: the standard OTLP/HTTP variables, or undefined when the plugin exports none. */
export function tracesEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT)
    return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/**
 * The named exports of a dynamically imported CommonJS package: a bundle's chunk (and plain node) give
 * them as the default export, tsx and ES builds as the module's own names.
 */
function namedExports<T extends object>(module: T): T {
  return ((module as { default?: T }).default ?? module) as T;
}

/**
 * Runs one verb inside a span `sim <verb>` whose parent is the host's TRACEPARENT, exported over OTLP/HTTP
 * before the plugin exits. Without TRACEPARENT or an endpoint it only runs the verb (no SDK is started).
 */
export async function withSimVerbSpan(
  verb: string,
  env: NodeJS.ProcessEnv,
  run: () => Promise<number>,
): Promise<number> {
  const url = tracesEndpoint(env);
  const parent = url ? await parentFromEnvironment(env) : undefined;
  if (!parent || !url) return run();
  // Loaded only when a span is exported: every other invocation starts as fast as before (in the bundle
  // they are chunks node reads only here, ADR 0068).
  const [
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { SimpleSpanProcessor, TracerProvider },
    { SpanStatusCode },
  ] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http').then(namedExports),
    import('@opentelemetry/resources').then(namedExports),
    import('@opentelemetry/sdk-trace').then(namedExports),
    import('@opentelemetry/api'),
  ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'csoc-plugin-sim' }),
    // One span per process: export it as it ends, then shut down (which waits for the export).
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url, timeoutMillis: 5000 }) }),
    ],
  });
  const span = provider
    .getTracer('csoc-plugin-sim')
    .startSpan(`sim ${verb}`, { attributes: { 'csoc.plugin': 'sim', 'csoc.plugin.verb': verb } }, parent);
  let exitCode = 1;
  try {
    exitCode = await run();
    return exitCode;
  } finally {
    span.setAttribute('process.exit.code', exitCode);
    if (exitCode !== 0 && !(verb === 'drift' && exitCode === 2))
      span.setStatus({ code: SpanStatusCode.ERROR, message: `exit ${exitCode}` });
    span.end();
    // A collector that is down must not fail or hang the verb: the export gives up after its timeout.
    await provider.shutdown().catch(() => undefined);
  }
}

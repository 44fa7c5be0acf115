// The simulated plugin continues CSOC's trace (ADR 0039): the host hands each plugin process the run's span
// as TRACEPARENT/TRACESTATE; when an OTLP endpoint is configured for plugins too (CSOC_PLUGIN_ENV with
// OTEL_EXPORTER_OTLP_ENDPOINT), the verb is exported as a child span with the OpenTelemetry SDK, so a
// simulated run shows up in the operator's trace exactly where a real plugin's spans would.
import { defaultTextMapGetter, ROOT_CONTEXT, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** The parent context TRACEPARENT (and TRACESTATE) name, or undefined when absent or malformed. */
export function parentFromEnvironment(env: NodeJS.ProcessEnv): Context | undefined {
  if (!env.TRACEPARENT) return undefined;
  const carrier = { traceparent: env.TRACEPARENT, ...(env.TRACESTATE ? { tracestate: env.TRACESTATE } : {}) };
  const parent = new W3CTraceContextPropagator().extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
  return trace.getSpanContext(parent) ? parent : undefined;
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
 * Runs one verb inside a span `sim <verb>` whose parent is the host's TRACEPARENT, exported over OTLP/HTTP
 * before the plugin exits. Without TRACEPARENT or an endpoint it only runs the verb (no SDK is started).
 */
export async function withSimVerbSpan(
  verb: string,
  env: NodeJS.ProcessEnv,
  run: () => Promise<number>,
): Promise<number> {
  const parent = parentFromEnvironment(env);
  const url = tracesEndpoint(env);
  if (!parent || !url) return run();
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

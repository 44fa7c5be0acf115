// The OTLP forwarder's metrics on /metrics: what this process forwarded, failed and dropped, and the
// backlog waiting in the outbox (every org's together, read from the database at each bound check).
import type { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../telemetry/createMetrics.ts';

export interface ForwardMetrics {
  outcomes: Counter<'outcome'>;
  backlogBytes: Gauge<never>;
  backlogRequests: Gauge<never>;
}

const byRegistry = new WeakMap<object, ForwardMetrics>();

/** The forwarder's metrics in this registry (created once per registry: two forwarders share them). */
export function forwardMetricsOf(metrics: Metrics): ForwardMetrics {
  const existing = byRegistry.get(metrics.registry);
  if (existing) return existing;
  const created: ForwardMetrics = {
    outcomes: metrics.counter(
      'csoc_telemetry_forward_requests_total',
      'OTLP requests this process ended: forwarded, failed (a 4xx or refused destination) or dropped (backlog bound)',
      ['outcome'],
    ),
    backlogBytes: metrics.gauge(
      'csoc_telemetry_forward_backlog_bytes',
      'Bytes of OTLP requests waiting in the forwarding outbox, all orgs',
      [],
    ),
    backlogRequests: metrics.gauge(
      'csoc_telemetry_forward_backlog_requests',
      'OTLP requests waiting in the forwarding outbox, all orgs',
      [],
    ),
  };
  byRegistry.set(metrics.registry, created);
  return created;
}

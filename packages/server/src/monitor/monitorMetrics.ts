// The monitor's metrics on /metrics: per commons, its health and the duration of its last probe (exported
// by the process that probes it, so a scrape of every replica sees each commons once), and per process the
// probe durations, the lag behind schedule and the shards held.
import type { Histogram, Gauge } from 'prom-client';
import type { Metrics } from '../telemetry/createMetrics.ts';
import type { HealthState } from './monitorTables.ts';

export interface MonitorMetrics {
  setCommonsHealth(org: string, commons: string, state: HealthState, probeSeconds: number): void;
  forgetCommons(org: string, commons: string): void;
  probeDuration: Histogram<never>;
  probeLag: Histogram<never>;
  shardsHeld: Gauge<never>;
  probesInFlight: Gauge<never>;
}

const STATES: HealthState[] = ['healthy', 'degraded', 'down', 'unknown'];
const byRegistry = new WeakMap<object, MonitorMetrics>();

/** The monitor's metrics in this process's registry (created once per registry). */
export function monitorMetricsOf(metrics: Metrics): MonitorMetrics {
  const existing = byRegistry.get(metrics.registry);
  if (existing) return existing;
  const health = metrics.gauge(
    'csoc_commons_health',
    'Health of a commons probed by this process: 1 for its current state (healthy, degraded, down, unknown), 0 for the others',
    ['org', 'commons', 'state'],
  );
  const probeSeconds = metrics.gauge(
    'csoc_commons_probe_duration_seconds',
    "Duration of the last probe of a commons' Gen3 endpoints (the slowest endpoint)",
    ['org', 'commons'],
  );
  const created: MonitorMetrics = {
    setCommonsHealth(org, commons, state, seconds) {
      for (const candidate of STATES)
        health.set({ org, commons, state: candidate }, candidate === state ? 1 : 0);
      probeSeconds.set({ org, commons }, seconds);
    },
    forgetCommons(org, commons) {
      for (const state of STATES) health.remove({ org, commons, state });
      probeSeconds.remove({ org, commons });
    },
    probeDuration: metrics.histogram(
      'csoc_probe_duration_seconds',
      'Duration of one probe round of a commons',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ),
    probeLag: metrics.histogram(
      'csoc_probe_lag_seconds',
      'How late a probe started after it was due',
      [],
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    ),
    shardsHeld: metrics.gauge('csoc_probe_shards_held', 'Probe shards this process holds the lease of', []),
    probesInFlight: metrics.gauge('csoc_probes_in_flight', 'Probe rounds running in this process', []),
  };
  byRegistry.set(metrics.registry, created);
  return created;
}

// The `monitor-probes` background task: the probe loop of this process (startProbeScheduler.ts), configured
// from CSOC_PROBE_* settings. Started by `serve` and by `worker` when it can reach the commons.
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import type { AppContext } from '../http/appContext.ts';
import { startProbeScheduler, type ProbeScheduler } from './startProbeScheduler.ts';

/**
 * The probe loop as a background task; `onStarted` receives the scheduler (for tests and for subscribing
 * to health transitions with `onHealthTransition`). Returns undefined when CSOC_PROBE_INTERVAL_SECONDS is 0.
 */
export function monitorProbesTask(
  context: AppContext,
  onStarted?: (scheduler: ProbeScheduler) => void,
): BackgroundTask | undefined {
  const { config } = context;
  if (config.probeIntervalSeconds === 0) return undefined;
  return {
    name: 'monitor-probes',
    start() {
      const scheduler = startProbeScheduler(context, {
        intervalMs: config.probeIntervalSeconds * 1000,
        timeoutMs: config.probeTimeoutMs,
        slowMs: config.probeSlowMs,
        perHostConcurrency: config.probeHostConcurrency,
        leaseMs: config.probeLeaseSeconds * 1000,
        retentionDays: config.monitorRetentionDays,
      });
      onStarted?.(scheduler);
      return () => scheduler.stop();
    },
  };
}

// The telemetry background task of `serve`: telemetry-silent and threshold signals for the alert engine
// every 30 s, and retention of the summary (1-minute and 1-hour buckets, idle series cursors) every 10 min.
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import type { AppContext } from '../http/appContext.ts';
import { reportTelemetrySilence, reportTelemetryThresholds } from './telemetryAlertSignals.ts';
import { pruneTelemetry } from './telemetryBuckets.ts';

export function telemetryTask(context: AppContext, signalMs = 30_000, pruneMs = 10 * 60_000): BackgroundTask {
  return {
    name: 'telemetry-signals',
    start() {
      const loops = new Set<Promise<unknown>>();
      const guarded = (what: string, work: () => Promise<unknown>) => {
        let running: Promise<unknown> | undefined;
        return () => {
          if (running) return;
          running = work()
            .catch((error: unknown) => context.logger.error({ err: error }, `${what} failed`))
            .finally(() => {
              loops.delete(running!);
              running = undefined;
            });
          loops.add(running);
        };
      };
      const signals = guarded('telemetry alert signals', async () => {
        await reportTelemetrySilence(context.database);
        await reportTelemetryThresholds(context.database);
      });
      const prune = guarded('telemetry retention', () =>
        pruneTelemetry(context.database, {
          minuteBucketsHours: context.config.telemetryMinuteRetentionHours,
          hourBucketsDays: context.config.telemetryHourRetentionDays,
        }),
      );
      const timers = [setInterval(signals, signalMs), setInterval(prune, pruneMs)];
      for (const timer of timers) timer.unref();
      return async () => {
        for (const timer of timers) clearInterval(timer);
        await Promise.allSettled([...loops]);
      };
    },
  };
}

// The `drift-checks` background task: the drift check schedule of this process (startDriftScheduler.ts),
// every CSOC_DRIFT_CHECK_INTERVAL_MINUTES; absent when the setting is 0.
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import type { AppContext } from '../http/appContext.ts';
import { startDriftScheduler } from './startDriftScheduler.ts';

export function driftChecksTask(context: AppContext): BackgroundTask | undefined {
  const minutes = context.config.driftCheckIntervalMinutes;
  if (minutes === 0) return undefined;
  return {
    name: 'drift-checks',
    start() {
      const scheduler = startDriftScheduler(context, { intervalMs: minutes * 60_000 });
      return () => scheduler.stop();
    },
  };
}

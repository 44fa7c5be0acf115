// The background task that advances release waves: every tick it claims the running waves no other live
// process holds (a lease in the waves table, as deploy following does) and advances each one look. A
// process that stops gives its leases up; one that dies loses them when they expire.
import { newId } from '@csoc/common';
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import type { AppContext } from '../http/appContext.ts';
import { advanceWave } from './waveEngine.ts';
import { claimableWaves, claimWaveLease, releaseWaveLeases } from './waveStore.ts';

/** How often the engine looks at each running wave. */
export const WAVE_TICK_MS = 1_000;

/** Advances every wave this process may hold, one look each; returns how many it looked at. */
export async function advanceClaimableWaves(context: AppContext, holder: string): Promise<number> {
  let advanced = 0;
  for (const waveId of await claimableWaves(context.database, holder)) {
    if (!(await claimWaveLease(context.database, waveId, holder))) continue;
    try {
      await advanceWave(context, waveId);
    } catch (error) {
      // A lost race with an operator's action (the version moved) is retried at the next tick.
      context.logger.warn({ err: error, waveId }, 'advancing a release wave failed; retrying');
    }
    advanced += 1;
  }
  return advanced;
}

export function wavesTask(context: AppContext, tickMs = WAVE_TICK_MS): BackgroundTask {
  return {
    name: 'release-waves',
    start() {
      const holder = `waves-${newId()}`;
      let stopped = false;
      let running: Promise<void> = Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      const tick = () => {
        running = advanceClaimableWaves(context, holder)
          .then(() => undefined)
          .catch((error: unknown) => context.logger.error({ err: error }, 'release waves tick failed'))
          .finally(() => {
            if (!stopped) {
              timer = setTimeout(tick, tickMs);
              timer.unref();
            }
          });
      };
      timer = setTimeout(tick, 0);
      timer.unref();
      return async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
        await releaseWaveLeases(context.database, holder);
      };
    },
  };
}

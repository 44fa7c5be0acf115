// The background work of one CSOC process (run worker, deploy followers, audit retention, the simulated
// Argo CD, ...) as a named list the composition root starts in order and stops in reverse, each step logged.
import type { Logger } from 'pino';

/** How to stop a started task; resolves once it has let go of its timers, handles and leases. */
export type StopTask = () => Promise<void> | void;

export interface BackgroundTask {
  /** Kebab-case, shown in logs: `run-worker`, `deploy-followers`. */
  name: string;
  /**
   * Starts the task and returns how to stop it. A one-shot task that finishes while starting (a clean-up at
   * start) returns nothing.
   */
  start(): Promise<StopTask | void> | StopTask | void;
}

export interface BackgroundTasks {
  /** Starts a task now, after every task started before it. Refused once {@link stop} began. */
  start(task: BackgroundTask): Promise<void>;
  /**
   * Stops every started task, the last started first, one at a time; a task that fails to stop is logged and
   * the others still stop, then the first failure is thrown. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /** The names of the tasks started and not stopped yet, in start order. */
  running(): string[];
}

/**
 * The registry the composition root (createAppContext.ts) owns; nothing else starts background work.
 *
 * @example
 * const tasks = createBackgroundTasks(logger);
 * await tasks.start({ name: 'audit-retention', start: () => { const t = setInterval(prune, day); return () => clearInterval(t); } });
 * await tasks.stop();
 */
export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const started: Array<{ name: string; stop: StopTask }> = [];
  let stopping: Promise<void> | undefined;

  async function stopAll(): Promise<void> {
    const failures: unknown[] = [];
    while (started.length > 0) {
      const { name, stop } = started.pop()!;
      try {
        await stop();
        logger.info({ task: name }, 'background task stopped');
      } catch (error) {
        failures.push(error);
        logger.error({ err: error, task: name }, 'background task failed to stop');
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  return {
    async start(task) {
      if (stopping)
        throw new Error(`Background task "${task.name}" cannot start: this CSOC process is shutting down.`);
      const stop = await task.start();
      if (!stop) {
        logger.info({ task: task.name }, 'background task ran at start');
        return;
      }
      // A stop that began while this task was starting must not leave it running.
      if (stopping) {
        await stop();
        throw new Error(`Background task "${task.name}" was stopped: this CSOC process is shutting down.`);
      }
      started.push({ name: task.name, stop });
      logger.info({ task: task.name }, 'background task started');
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
    running: () => started.map((task) => task.name),
  };
}

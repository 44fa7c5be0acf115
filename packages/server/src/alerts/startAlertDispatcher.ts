// The outbox dispatcher of one CSOC process: every poll it fires pending alerts whose time has come, claims
// due notifications with a lease (alertOutbox.ts) and delivers them. Any number of processes may run one on
// the same database; each row is held by one at a time, and a row whose holder died is taken over when its
// lease expires. Stopping waits for the deliveries in flight, so a clean shutdown loses nothing either.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../http/appContext.ts';
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import { firePendingAlerts } from './alertEngine.ts';
import { claimDueNotifications } from './alertOutbox.ts';
import { deliverNotification, type RetryPolicy } from './deliverNotification.ts';
import { pruneAlertHistory } from './pruneAlertHistory.ts';

export interface AlertDispatcherOptions extends Partial<RetryPolicy> {
  pollMs?: number;
  /** Longer than a delivery can take (timeoutMs), so a live holder never loses its row. */
  leaseMs?: number;
  batchSize?: number;
  /** Names this dispatcher in leases and the delivery log; host, pid and a random suffix by default. */
  owner?: string;
  /** How often this dispatcher prunes the alert history past `CSOC_ALERT_RETENTION_DAYS`. */
  pruneEveryMs?: number;
}

export interface AlertDispatcher {
  owner: string;
  /** Runs one poll now (tests, and the first tick); resolves when its deliveries ended. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export const DEFAULT_DISPATCHER_OPTIONS = {
  pollMs: 2000,
  leaseMs: 60_000,
  batchSize: 20,
  backoffBaseMs: 5000,
  backoffMaxMs: 15 * 60_000,
  maxAttempts: 10,
  timeoutMs: 10_000,
  pruneEveryMs: 60 * 60_000,
} as const;

export function startAlertDispatcher(
  context: Pick<AppContext, 'database' | 'vault' | 'logger' | 'publicUrl' | 'config'>,
  options: AlertDispatcherOptions = {},
): AlertDispatcher {
  const settings = { ...DEFAULT_DISPATCHER_OPTIONS, ...options };
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const logger = context.logger.child({ area: 'alerts', dispatcher: owner });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let prunedAt = 0;

  // Every dispatcher prunes; deletes of the same rows by two processes are harmless, and a fleet without
  // a dispatcher running has nothing new to prune.
  async function pruneWhenDue(): Promise<void> {
    if (Date.now() - prunedAt < settings.pruneEveryMs) return;
    prunedAt = Date.now();
    const pruned = await pruneAlertHistory(context.database, context.config.alertRetentionDays);
    if (Object.values(pruned).some((count) => count > 0))
      logger.info({ pruned }, 'pruned alert history past retention');
  }

  async function pollOnce(): Promise<number> {
    await pruneWhenDue();
    await firePendingAlerts(context.database);
    const claimed = await claimDueNotifications(
      context.database,
      owner,
      settings.leaseMs,
      settings.batchSize,
    );
    const deps = { ...context, logger, owner, egress: { allowedCidrs: context.config.alertAllowedCidrs } };
    await Promise.all(claimed.map((row) => deliverNotification(deps, settings, row)));
    return claimed.length;
  }

  function tick(): Promise<number> {
    running ??= pollOnce()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'alert dispatch failed; retrying at the next poll');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  // A full batch means more is due: poll again at once instead of after pollMs (a burst drains quickly).
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(
      () => void tick().then((claimed) => schedule(claimed >= settings.batchSize ? 0 : settings.pollMs)),
      delayMs,
    );
    timer.unref();
  };
  schedule(settings.pollMs);

  return {
    owner,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** The dispatcher as a background task of `serve` (startCsoc.ts). */
export function alertDispatcherTask(context: AppContext): BackgroundTask {
  return {
    name: 'alert-dispatcher',
    start() {
      const dispatcher = startAlertDispatcher(context);
      return () => dispatcher.stop();
    },
  };
}

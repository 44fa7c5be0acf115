// A run worker: claims runs from the queue up to a concurrency limit, heartbeats their leases, passes on
// cancellation, reclaims runs of workers that died, and stops gracefully. Runs inside the API process by
// default, or alone (`csoc-server worker`); any number of workers can share one PostgreSQL.
import os from 'node:os';
import { newId } from '@csoc/common';
import type { AppContext } from '../http/appContext.ts';
import { executeRunPhase } from './executeRunPhase.ts';
import { claimNextRun, heartbeat, holderOf, reclaimExpiredLeases } from './runQueue.ts';
import { onCancel, onRunnable } from './runQueueSignal.ts';
import { secretsBaseFor, sweepLeftoverSecrets } from './sweepLeftoverSecrets.ts';
import type { PluginRunner } from './runners/PluginRunner.ts';

export interface RunWorkerOptions {
  runner: PluginRunner;
  concurrency: number;
  leaseSeconds: number;
  pollMs: number;
  workerId?: string;
}

export interface RunWorker {
  readonly workerId: string;
  /** Runs being executed now. */
  activeCount(): number;
  /** Stops claiming; interrupts active runs (plans go back to the queue) and waits for them to settle. */
  stop(): Promise<void>;
}

export function startRunWorker(context: AppContext, options: RunWorkerOptions): RunWorker {
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;
  let polling = false;
  /** A wake-up that came while a poll was under way: that poll may have looked before the run was there. */
  let pollAgain = false;
  const claimLatency = context.metrics.histogram(
    'csoc_run_claim_wait_seconds',
    'Time from run creation (or approval) to a worker claiming it',
    ['phase'],
    [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  );

  let lastSweep = 0;
  async function poll(): Promise<void> {
    if (stopped) return;
    if (polling) {
      // Dropping it would leave a run queued (or approved) meanwhile to the next timer tick (pollMs).
      pollAgain = true;
      return;
    }
    polling = true;
    pollAgain = false;
    try {
      const reclaimed = await reclaimExpiredLeases(context.database);
      // Secrets a killed worker left behind on this host: at start, after reclaims, and every minute.
      if (reclaimed.length > 0 || Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        const removed = await sweepLeftoverSecrets(
          context.database,
          secretsBaseFor(context.database, context.config.dataDir),
        );
        if (removed > 0) context.logger.info({ removed }, 'removed secret files left by stopped runs');
      }
      while (!stopped && active.size < options.concurrency) {
        const claimed = await claimNextRun(context.database, workerId, options.leaseSeconds);
        if (!claimed) break;
        const since =
          claimed.run.state === 'applying'
            ? (claimed.run.approved_at ?? claimed.run.updated_at)
            : claimed.run.created_at;
        claimLatency.observe(
          { phase: claimed.run.state === 'applying' ? 'apply' : 'plan' },
          Math.max(0, (Date.now() - Date.parse(since)) / 1000),
        );
        const controller = new AbortController();
        const holder = holderOf(claimed, workerId);
        // The lease as this process last knew it: a worker that cannot renew it (cut off from the database)
        // stops its plugin once it runs out, before anyone else may take the run over (ADR 0062).
        let leaseUntil = Date.now() + options.leaseSeconds * 1000;
        const beat = setInterval(
          () => {
            if (Date.now() >= leaseUntil && !controller.signal.aborted) controller.abort('lease-lost');
            if (controller.signal.aborted) return;
            const sentAt = Date.now();
            heartbeat(context.database, claimed.run.id, holder, options.leaseSeconds)
              .then(({ held, cancelRequested }) => {
                if (!held) controller.abort('lease-lost');
                else if (cancelRequested) controller.abort('cancel');
                // Counted from when the renewal was sent, so a slow answer never stretches the lease here.
                else leaseUntil = Math.max(leaseUntil, sentAt + options.leaseSeconds * 1000);
              })
              .catch((error) =>
                context.logger.warn({ err: error, runId: claimed.run.id }, 'heartbeat failed'),
              );
          },
          Math.min(5000, Math.max(500, (options.leaseSeconds * 1000) / 3)),
        );
        const done = executeRunPhase({
          context,
          runner: options.runner,
          workerId,
          claimed,
          signal: controller.signal,
        })
          .catch((error) =>
            context.logger.error({ err: error, runId: claimed.run.id }, 'run execution failed'),
          )
          .finally(() => {
            clearInterval(beat);
            active.delete(claimed.run.id);
            // A slot freed: look for more work at once.
            setImmediate(() => void poll());
          });
        active.set(claimed.run.id, { controller, done });
      }
    } catch (error) {
      context.logger.error({ err: error }, 'run worker poll failed');
    } finally {
      polling = false;
      if (pollAgain) setImmediate(() => void poll());
    }
  }

  const timer = setInterval(() => void poll(), options.pollMs);
  timer.unref();
  const unsubscribe = onRunnable(() => setImmediate(() => void poll()));
  const unsubscribeCancel = onCancel((runId) => active.get(runId)?.controller.abort('cancel'));
  void poll();
  context.logger.info(
    { workerId, concurrency: options.concurrency, runner: options.runner.kind },
    'run worker started',
  );

  return {
    workerId,
    activeCount: () => active.size,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      unsubscribeCancel();
      for (const { controller } of active.values()) controller.abort('shutdown');
      await Promise.allSettled([...active.values()].map((entry) => entry.done));
    },
  };
}

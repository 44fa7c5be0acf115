// Drift checks on a schedule: every round, this process adds newly provisioned commons to the schedule,
// takes the due ones by lease (drift/driftSchedule.ts) and starts a drift check run for each through the
// runs area's lifecycle (createRun, the same as POST .../runs {"kind":"drift"}), unless the commons has a
// run in flight (then it is retried next round). Every CSOC process may run it; the leases keep one
// process per commons, and the in-flight check keeps one run per commons.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { findCommonsById, listProvisionedCommons } from '../commons/commonsStore.ts';
import { NotFoundError } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import type { Principal } from '../identity/principal.ts';
import { activeRunOfCommons, createRun } from '../runs/runLifecycle.ts';
import { driftIntervalOf } from './driftIntervalOf.ts';
import {
  addToDriftSchedule,
  claimDueCommons,
  releaseDriftSchedule,
  removeFromDriftSchedule,
} from './driftSchedule.ts';

/** Who requested a scheduled drift check, as its run and the audit-free run output show it. */
export const DRIFT_SCHEDULE_PRINCIPAL: Principal = {
  userId: 'csoc-drift-schedule',
  email: 'drift schedule',
  displayName: 'CSOC drift schedule',
  isPlatformAdmin: false,
  via: 'token',
};

export interface DriftSchedulerOptions {
  /** How often each commons gets a drift check, unless its label says otherwise (driftIntervalOf.ts). */
  intervalMs: number;
  /** How often this process looks for due commons (default: a minute, or the interval when shorter). */
  roundMs?: number;
  /** How long a taken commons stays this process's (default 60 s). */
  leaseMs?: number;
  /** Commons taken per round (default 50: the rest are taken next round or by another process). */
  batch?: number;
  /** Identifies this process in the leases; random by default. */
  holder?: string;
}

export interface DriftRoundResult {
  started: { commonsId: string; runId: string }[];
  skippedInFlight: string[];
  /** Commons whose label turns scheduled checks off (csoc.gen3.org/drift-check-interval-minutes: "0"). */
  skippedByLabel: string[];
}

export interface DriftScheduler {
  /** One round now (also what the timer runs). */
  runRound(): Promise<DriftRoundResult>;
  stop(): Promise<void>;
}

export function startDriftScheduler(context: AppContext, options: DriftSchedulerOptions): DriftScheduler {
  const { database, logger } = context;
  const holder = options.holder ?? `${os.hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const roundMs = options.roundMs ?? Math.min(60_000, options.intervalMs);

  async function addProvisioned(): Promise<void> {
    let afterId: string | undefined;
    for (;;) {
      const page = await listProvisionedCommons(database.db, { afterId, limit: 1000 });
      await addToDriftSchedule(
        database,
        page.map((row) => ({ id: row.id, orgId: row.org_id })),
        options.intervalMs,
      );
      if (page.length < 1000) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  async function handle(commonsId: string, result: DriftRoundResult): Promise<void> {
    let commons;
    try {
      commons = await findCommonsById(database.db, commonsId);
    } catch (error) {
      if (error instanceof NotFoundError) return removeFromDriftSchedule(database, commonsId);
      throw error;
    }
    if (commons.infra_status !== 'provisioned') return removeFromDriftSchedule(database, commonsId);
    const interval = driftIntervalOf(
      JSON.parse(commons.labels) as Record<string, string>,
      options.intervalMs,
    );
    const nextDueAt = (ms: number) => new Date(Date.now() + ms).toISOString();
    if (interval.kind === 'off') {
      // The label is read again one default interval later (it may have been removed).
      result.skippedByLabel.push(commonsId);
      return releaseDriftSchedule(database, commonsId, holder, { nextDueAt: nextDueAt(options.intervalMs) });
    }
    if (interval.kind === 'invalid')
      logger.warn({ commons: commons.name, problem: interval.problem }, 'drift check interval label ignored');
    if (await activeRunOfCommons(database, commonsId)) {
      result.skippedInFlight.push(commonsId);
      return releaseDriftSchedule(database, commonsId, holder, {});
    }
    const minutes = interval.ms / 60_000;
    try {
      const run = await createRun(context, {
        orgId: commons.org_id,
        commons,
        kind: 'drift',
        message: `scheduled drift check (every ${minutes >= 1 ? `${Math.round(minutes)} min` : `${interval.ms} ms`})`,
        requestedBy: DRIFT_SCHEDULE_PRINCIPAL,
      });
      result.started.push({ commonsId, runId: run.id });
      logger.info({ commons: commons.name, run: run.id }, 'scheduled drift check started');
      await releaseDriftSchedule(database, commonsId, holder, {
        nextDueAt: nextDueAt(interval.ms),
        runId: run.id,
      });
    } catch (error) {
      // A plugin without drift checks, inputs it no longer accepts: say so, try again next interval.
      logger.warn({ err: error, commons: commons.name }, 'scheduled drift check could not start');
      await releaseDriftSchedule(database, commonsId, holder, { nextDueAt: nextDueAt(interval.ms) });
    }
  }

  async function runRound(): Promise<DriftRoundResult> {
    const result: DriftRoundResult = { started: [], skippedInFlight: [], skippedByLabel: [] };
    await addProvisioned();
    const claimed = await claimDueCommons(database, holder, { leaseMs, limit: options.batch ?? 50 });
    for (const commonsId of claimed) await handle(commonsId, result);
    return result;
  }

  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    // ±10% jitter, so processes started together do not query in step.
    timer = setTimeout(tick, roundMs * (0.9 + Math.random() * 0.2));
    timer.unref();
  };
  const tick = () => {
    current = runRound()
      .catch((error) => logger.error({ err: error }, 'drift schedule round failed'))
      .finally(schedule);
  };
  schedule();
  return {
    runRound,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

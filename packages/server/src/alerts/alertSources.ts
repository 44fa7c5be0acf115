// The sources the alert engine watches itself, by reading their owners' exported functions on a schedule
// (durable: a process that died between a run failing and telling anyone loses nothing): the latest run
// of each commons (run-failed), the latest drift check (drift-detected), the latest deploy
// (deploy-degraded). Every replica may poll: reportAlertCondition is idempotent. Health transitions from
// monitor/ are a feed read in order by one process at a time (healthTransitionSource.ts).
import type { AlertRuleKind } from '@csoc/common';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { BackgroundTask } from '../createBackgroundTasks.ts';
import { latestDeploysOfOrg } from '../gitops/deploys/latestDeploysOfOrg.ts';
import type { AppContext } from '../http/appContext.ts';
import { latestDriftChecksOfOrg, listRunRows } from '../runs/runLifecycle.ts';
import { findCommonsByIds } from '../commons/commonsStore.ts';
import { fixPlanHint } from '../drift/fixPlanHint.ts';
import { orgSlugOf } from '../identity/directory.ts';
import { reportAlertCondition, type AlertSignal } from './alertEngine.ts';
import { pollHealthTransitions } from './healthTransitionSource.ts';

const POLLED_KINDS: AlertRuleKind[] = ['run-failed', 'drift-detected', 'deploy-degraded'];
const FAILED_RUN_STATES = new Set(['failed', 'errored']);
/** A run that ended some other way (cancelled, discarded) says nothing about whether runs work. */
const DECIDING_RUN_STATES = new Set(['failed', 'errored', 'succeeded', 'planned']);

/** The orgs with an enabled rule of a polled kind: only they are worth reading runs and deploys for. */
async function orgsWatching(database: CsocDatabase): Promise<Map<string, Set<string>>> {
  const rows = await database.db
    .selectFrom('alert_rules')
    .select(['org_id', 'kind'])
    .where('enabled', '=', 1)
    .where('kind', 'in', POLLED_KINDS)
    .execute();
  const kindsByOrg = new Map<string, Set<string>>();
  for (const row of rows) kindsByOrg.set(row.org_id, (kindsByOrg.get(row.org_id) ?? new Set()).add(row.kind));
  return kindsByOrg;
}

async function runSignals(database: CsocDatabase, orgId: string): Promise<AlertSignal[]> {
  const runs = await listRunRows(database, orgId, {}, { limit: 500 });
  const decided = new Set<string>();
  const signals: AlertSignal[] = [];
  for (const run of runs) {
    if (decided.has(run.commons_id) || !DECIDING_RUN_STATES.has(run.state)) continue;
    decided.add(run.commons_id);
    const failed = FAILED_RUN_STATES.has(run.state);
    signals.push({
      orgId,
      kind: 'run-failed',
      commonsId: run.commons_id,
      commonsName: run.commons_name,
      firing: failed,
      summary: failed
        ? `The ${run.kind} run ${run.id} ${run.state}: ${(run.result_message ?? 'no message').slice(0, 300)}`
        : `The latest ${run.kind} run ${run.id} ${run.state}.`,
      labels: { run: run.id, run_kind: run.kind },
      observedAt: run.finished_at ?? run.updated_at,
    });
  }
  return signals;
}

async function driftSignals(database: CsocDatabase, orgId: string): Promise<AlertSignal[]> {
  const checks = (await latestDriftChecksOfOrg(database, orgId)).filter(
    (check) => check.driftDetected !== null,
  );
  // A drift alert names the plan that fixes it: the commons' names and the org's slug are looked up only
  // for the commons that drifted.
  const drifted = checks.filter((check) => check.driftDetected === true);
  const names = new Map(
    (
      await findCommonsByIds(
        database.db,
        drifted.map((check) => check.commonsId),
      )
    ).map((row) => [row.id, row.name]),
  );
  const orgSlug = drifted.length > 0 ? await orgSlugOf(database.db, orgId) : '';
  return checks.map((check) => {
    const name = names.get(check.commonsId);
    const fix = name ? fixPlanHint(orgSlug, name) : undefined;
    return {
      orgId,
      kind: 'drift-detected' as const,
      commonsId: check.commonsId,
      firing: check.driftDetected === true,
      summary: check.driftDetected
        ? `The drift check ${check.id} found infrastructure that differs from the commons' spec. ${fix?.text ?? 'Plan a run to fix it.'}`
        : `The drift check ${check.id} found no drift.`,
      labels: { run: check.id, ...(fix ? { fix: fix.command } : {}) },
    };
  });
}

async function deploySignals(database: CsocDatabase, orgId: string): Promise<AlertSignal[]> {
  const deploys = await latestDeploysOfOrg(database, orgId);
  return deploys
    .filter((deploy) => deploy.status === 'degraded' || deploy.status === 'healthy')
    .map((deploy) => ({
      orgId,
      kind: 'deploy-degraded' as const,
      commonsId: deploy.commonsId,
      firing: deploy.status === 'degraded',
      summary:
        deploy.status === 'degraded'
          ? `Deploy ${deploy.id} of ${deploy.release} is Degraded in Argo CD: ${deploy.message.slice(0, 300)}`
          : `Deploy ${deploy.id} of ${deploy.release} is Healthy.`,
      labels: { deploy: deploy.id, release: deploy.release },
      observedAt: deploy.finishedAt ?? deploy.createdAt,
    }));
}

/** One pass over every watching org; returns how many observations it reported. */
export async function pollAlertSources(database: CsocDatabase): Promise<number> {
  let reported = 0;
  for (const [orgId, kinds] of await orgsWatching(database)) {
    const signals = [
      ...(kinds.has('run-failed') ? await runSignals(database, orgId) : []),
      ...(kinds.has('drift-detected') ? await driftSignals(database, orgId) : []),
      ...(kinds.has('deploy-degraded') ? await deploySignals(database, orgId) : []),
    ];
    for (const signal of signals) {
      await reportAlertCondition(database, signal);
      reported += 1;
    }
  }
  return reported;
}

/**
 * Reads health transitions every `healthMs` (5 s: "commons down" should not wait) and runs, drift checks
 * and deploys every `intervalMs` (30 s), as a background task of `serve`.
 */
export function alertSourcesTask(context: AppContext, intervalMs = 30_000, healthMs = 5000): BackgroundTask {
  return {
    name: 'alert-sources',
    start() {
      const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
      const loops = new Set<Promise<unknown>>();
      const guarded = (what: string, work: () => Promise<unknown>) => {
        let running: Promise<unknown> | undefined;
        return () => {
          if (running) return;
          running = work()
            .catch((error: unknown) =>
              context.logger.error({ err: error }, `polling ${what} for alerts failed`),
            )
            .finally(() => {
              loops.delete(running!);
              running = undefined;
            });
          loops.add(running);
        };
      };
      const pollSources = guarded('runs, drift and deploys', () => pollAlertSources(context.database));
      const pollHealth = guarded('health transitions', () => pollHealthTransitions(context.database, owner));
      const timers = [setInterval(pollSources, intervalMs), setInterval(pollHealth, healthMs)];
      for (const timer of timers) timer.unref();
      return async () => {
        for (const timer of timers) clearInterval(timer);
        await Promise.allSettled([...loops]);
      };
    },
  };
}

// What a bulk action would change and where its runs stand, counted from each run's plan summary and state.
import type { Static } from 'typebox';
import type { BulkRunItem, BulkSummary } from '@csoc/common';

type Item = Static<typeof BulkRunItem>;

const IN_PROGRESS = new Set(['queued', 'running', 'applying']);
const ENDED_BADLY = new Set(['failed', 'errored', 'cancelled', 'discarded']);

/**
 * Adds up the plans' add/change/destroy counts (a plan not made yet, or one that ended without applying, counts nothing) and counts the runs by
 * where they stand, so one line tells an approver what the whole selection would do.
 */
export function summarizeBulkRuns(items: readonly Item[]): Static<typeof BulkSummary> {
  const summary = {
    commons: items.length,
    add: 0,
    change: 0,
    destroy: 0,
    planned: 0,
    inProgress: 0,
    succeeded: 0,
    failed: 0,
    driftDetected: 0,
    notStarted: 0,
  };
  for (const { run } of items) {
    if (!run) {
      summary.notStarted += 1;
      continue;
    }
    // A plan discarded, cancelled or failed changes nothing any more; it is counted as failed only.
    if (run.plan && !ENDED_BADLY.has(run.state)) {
      summary.add += run.plan.summary.add;
      summary.change += run.plan.summary.change;
      summary.destroy += run.plan.summary.destroy;
    }
    if (run.state === 'planned') summary.planned += 1;
    else if (IN_PROGRESS.has(run.state)) summary.inProgress += 1;
    else if (run.state === 'succeeded') summary.succeeded += 1;
    else if (ENDED_BADLY.has(run.state)) summary.failed += 1;
    if (run.driftDetected === true) summary.driftDetected += 1;
  }
  return summary;
}

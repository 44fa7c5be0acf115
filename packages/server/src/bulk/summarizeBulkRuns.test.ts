// The bulk summary an approver reads: what the plans would change in all, and where the runs stand.
import { describe, expect, it } from 'vitest';
import { summarizeBulkRuns } from './summarizeBulkRuns.ts';

const run = (state: string, plan?: [number, number, number], driftDetected: boolean | null = null) =>
  ({
    state,
    plan: plan ? { summary: { add: plan[0], change: plan[1], destroy: plan[2] }, resources: [] } : null,
    driftDetected,
  }) as never;

describe('summarizeBulkRuns', () => {
  it('adds up the plans and counts the runs by where they stand', () => {
    const summary = summarizeBulkRuns([
      { commons: 'a', run: run('planned', [3, 1, 0]), error: null },
      { commons: 'b', run: run('planned', [0, 2, 1]), error: null },
      { commons: 'c', run: run('queued'), error: null },
      { commons: 'd', run: run('succeeded', undefined, true), error: null },
      { commons: 'e', run: run('discarded', [1, 0, 0]), error: null },
      { commons: 'f', run: null, error: { code: 'nothing_to_check', message: 'no infrastructure' } },
    ]);
    expect(summary).toEqual({
      commons: 6,
      add: 3,
      change: 3,
      destroy: 1,
      planned: 2,
      inProgress: 1,
      succeeded: 1,
      failed: 1,
      driftDetected: 1,
      notStarted: 1,
    });
  });
});

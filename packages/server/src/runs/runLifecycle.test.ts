// The one transition guard of a run, state by state: every move the routes and the queue make is allowed,
// every other one refused, and a terminal state is final.
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATES,
  runMayMove,
  RUN_TRANSITIONS,
  statesMovingTo,
  TERMINAL_STATES,
} from './runLifecycle.ts';
import type { RunState } from './runTables.ts';

const ALL_STATES: RunState[] = [
  'queued',
  'running',
  'planned',
  'applying',
  'succeeded',
  'failed',
  'cancelled',
  'discarded',
  'errored',
];

/** Every allowed move, with who makes it; anything not listed must be refused. */
const ALLOWED: [RunState, RunState, string][] = [
  ['queued', 'running', 'a worker claims it'],
  ['queued', 'cancelled', 'cancelled before it ran'],
  ['running', 'queued', 'its worker stopped or was lost while planning: retried'],
  ['running', 'planned', 'the plan has changes and waits for approval'],
  ['running', 'succeeded', 'a plan without changes, or a drift check, ended'],
  ['running', 'failed', 'the plugin failed'],
  ['running', 'cancelled', 'cancelled while planning'],
  ['running', 'errored', 'CSOC could not execute it, or the plan was interrupted too often'],
  ['planned', 'applying', 'approved'],
  ['planned', 'discarded', 'discarded, or its plan went stale'],
  ['planned', 'cancelled', 'cancelled while waiting for approval'],
  ['applying', 'succeeded', 'applied or destroyed'],
  ['applying', 'failed', 'the apply failed'],
  ['applying', 'cancelled', 'cancelled before or while applying'],
  ['applying', 'errored', 'its worker stopped while applying: never re-applied blindly'],
];

describe('the run transition guard', () => {
  it('names every state, and only active states have a way out', () => {
    expect(Object.keys(RUN_TRANSITIONS).sort()).toEqual([...ALL_STATES].sort());
    expect([...ACTIVE_STATES, ...TERMINAL_STATES].sort()).toEqual([...ALL_STATES].sort());
    for (const state of TERMINAL_STATES) expect(RUN_TRANSITIONS[state], state).toEqual([]);
    for (const state of ACTIVE_STATES) expect(RUN_TRANSITIONS[state].length, state).toBeGreaterThan(0);
  });

  it.each(ALLOWED)('allows %s → %s (%s)', (from, to) => {
    expect(runMayMove(from, to)).toBe(true);
    expect(statesMovingTo(to)).toContain(from);
  });

  const refused = ALL_STATES.flatMap((from) =>
    ALL_STATES.filter((to) => !ALLOWED.some(([a, b]) => a === from && b === to)).map((to) => [from, to]),
  );

  it('refuses the other moves, staying in a state included', () => {
    // 9 × 9 pairs less the 15 allowed ones.
    expect(refused).toHaveLength(66);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    expect(runMayMove(from as RunState, to as RunState)).toBe(false);
    expect(statesMovingTo(to as RunState)).not.toContain(from);
  });
});

import { describe, expect, it } from 'vitest';
import type { Commons } from '../api/apiShapes.ts';
import { driftOf, FLEET_STATUS_COLORS, fleetStatusOf } from './commonsStatus.ts';

type LastRun = NonNullable<Commons['status']['lastRun']>;

/** A commons status with only what the fleet status reads; the rest of the record does not matter here. */
function commonsWith(infrastructure: string, lastRun?: Pick<LastRun, 'kind' | 'state'>) {
  return { status: { infrastructure, lastRun: lastRun ?? null } } as unknown as Pick<Commons, 'status'>;
}

describe('fleetStatusOf', () => {
  it('puts the last run first: failed, awaiting approval, in progress', () => {
    expect(fleetStatusOf(commonsWith('provisioned', { kind: 'plan', state: 'failed' }))).toBe('failed');
    expect(fleetStatusOf(commonsWith('provisioned', { kind: 'plan', state: 'errored' }))).toBe('failed');
    expect(fleetStatusOf(commonsWith('none', { kind: 'plan', state: 'planned' }))).toBe('awaiting approval');
    for (const state of ['queued', 'running', 'applying'] as const)
      expect(fleetStatusOf(commonsWith('none', { kind: 'plan', state }))).toBe('in progress');
  });

  it('falls back to the infrastructure once the last run is over', () => {
    expect(fleetStatusOf(commonsWith('provisioned', { kind: 'plan', state: 'succeeded' }))).toBe(
      'provisioned',
    );
    expect(fleetStatusOf(commonsWith('destroyed', { kind: 'destroy', state: 'succeeded' }))).toBe(
      'destroyed',
    );
    expect(fleetStatusOf(commonsWith('none'))).toBe('not provisioned');
  });

  it('has a colour for every status it can return', () => {
    for (const status of [
      'failed',
      'awaiting approval',
      'in progress',
      'provisioned',
      'not provisioned',
      'destroyed',
    ])
      expect(FLEET_STATUS_COLORS).toHaveProperty([status]);
  });
});

describe('driftOf', () => {
  it('reports drift only from a drift run', () => {
    expect(driftOf(commonsWith('provisioned'))).toBe('not checked');
    expect(driftOf(commonsWith('provisioned', { kind: 'plan', state: 'failed' }))).toBe('not checked');
    expect(driftOf(commonsWith('provisioned', { kind: 'drift', state: 'succeeded' }))).toBe('checked');
    expect(driftOf(commonsWith('provisioned', { kind: 'drift', state: 'failed' }))).toBe('failed');
  });
});

// One place that turns a commons' status into the state the fleet and commons pages show.
import type { Commons } from '../api/apiShapes.ts';

type CommonsShape = Pick<Commons, 'status'>;

export type FleetStatus =
  'failed' | 'awaiting approval' | 'in progress' | 'provisioned' | 'not provisioned' | 'destroyed';

export const FLEET_STATUS_COLORS: Record<FleetStatus, string> = {
  failed: 'red',
  'awaiting approval': 'yellow',
  'in progress': 'blue',
  provisioned: 'green',
  'not provisioned': 'gray',
  destroyed: 'dark',
};

export function fleetStatusOf(commons: CommonsShape): FleetStatus {
  const run = commons.status.lastRun;
  if (run && ['failed', 'errored'].includes(run.state)) return 'failed';
  if (run?.state === 'planned') return 'awaiting approval';
  if (run && ['queued', 'running', 'applying'].includes(run.state)) return 'in progress';
  if (commons.status.infrastructure === 'provisioned') return 'provisioned';
  if (commons.status.infrastructure === 'destroyed') return 'destroyed';
  return 'not provisioned';
}

/** Drift as far as the last run tells: a drift check that failed or found changes. */
export function driftOf(commons: CommonsShape): string {
  const run = commons.status.lastRun;
  if (!run || run.kind !== 'drift') return 'not checked';
  return run.state === 'succeeded' ? 'checked' : run.state;
}

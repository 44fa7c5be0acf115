// The deploys one CSOC process follows: its follower id, the abort controllers and promises of the running
// follows, and the sweeper's timer. A leaf module, so that the AppContext type can hold it without importing
// deployService.ts (which takes the AppContext): no import cycle.
import { newId } from '@csoc/common';
import os from 'node:os';

/** The deploys this process follows, created once by the composition root (createAppContext.ts). */
export interface DeployFollowers {
  /** This process, as the deploys' follower_id names it. */
  id: string;
  controllers: Set<AbortController>;
  running: Set<Promise<void>>;
  /** Deploys this process follows now (a second start for one of them is a no-op). */
  following: Set<string>;
  sweeper?: NodeJS.Timeout;
  /** Set at shutdown: nothing new is followed (another process claims such a deploy through its lease). */
  stopped: boolean;
}

export function createDeployFollowers(): DeployFollowers {
  return {
    id: `${os.hostname()}:${process.pid}:${newId().slice(-12)}`,
    controllers: new Set(),
    running: new Set(),
    following: new Set(),
    stopped: false,
  };
}

/** Deploys one poll interval is meant for; beyond this many, each follower of the process polls less often. */
export const FOLLOWERS_PER_POLL_INTERVAL = 50;

/**
 * How long a follower waits between two looks at Argo CD: `pollMs` while the process follows few deploys,
 * stretched in proportion beyond FOLLOWERS_PER_POLL_INTERVAL, so the process sends Argo CD about as many
 * requests a second for 500 deploys as for 50. A wave's look starts hundreds of followers at once; each
 * polling at the full rate starved the others (their registration took minutes on a busy process).
 */
export function followerPollMs(followers: DeployFollowers, pollMs: number): number {
  return Math.round(pollMs * Math.max(1, followers.following.size / FOLLOWERS_PER_POLL_INTERVAL));
}

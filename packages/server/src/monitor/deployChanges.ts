// Which probed commons had their latest deploy change since their targets were read: a new deploy, or the
// one read then has finished. The probe scheduler asks every second and reloads only those commons'
// signals, so a probe never judges a finished deploy by the Argo CD state read during its sync, and a
// commons is probed within seconds of its deploy finishing instead of at its next scheduled slot.
import type { CsocDatabase } from '../db/createDatabase.ts';
import { findDeployStatuses } from '../gitops/deploys/deployStatuses.ts';
import { deploysCreatedSince } from '../gitops/deploys/latestDeploys.ts';

export interface WatchedCommons {
  commonsId: string;
  /** The latest deploy as the scheduler read it. */
  deploy: { id: string; finishedAt: string | null };
  /** When its signals were read. */
  signalsAt: string;
}

/**
 * The smallest id (UUIDv7, common/newId.ts) of anything created at or after `ms`: ids begin with their
 * creation time in milliseconds, 48 bits of hex.
 */
export function idFloorOf(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * The commons (known to the scheduler, or new in its shards) whose latest deploy is newer than the one
 * read, whose read deploy has finished since, or whose signals were read before it finished (the deploy
 * was read finished, but Argo CD may have been asked just before). Deploys are looked for from `sinceMs` on: the caller
 * overlaps its windows by a few seconds, because a deploy created by another process may commit after a
 * later one was seen; the full target refresh catches anything older.
 */
export async function deployChangesOf(
  database: CsocDatabase,
  watched: { get(commonsId: string): WatchedCommons | undefined; values(): Iterable<WatchedCommons> },
  options: { sinceMs: number; inShards: (commonsId: string) => boolean },
): Promise<Set<string>> {
  const changed = new Set<string>();
  for (const deploy of await deploysCreatedSince(database, idFloorOf(options.sinceMs))) {
    const known = watched.get(deploy.commonsId);
    if (known ? deploy.id > known.deploy.id : options.inShards(deploy.commonsId))
      changed.add(deploy.commonsId);
  }
  const unfinished: WatchedCommons[] = [];
  for (const entry of watched.values()) {
    if (changed.has(entry.commonsId)) continue;
    if (entry.deploy.finishedAt === null) unfinished.push(entry);
    else if (entry.signalsAt <= entry.deploy.finishedAt) changed.add(entry.commonsId);
  }
  if (unfinished.length > 0) {
    const statuses = await findDeployStatuses(
      database,
      unfinished.map((entry) => entry.deploy.id),
    );
    for (const entry of unfinished)
      if (statuses.get(entry.deploy.id)?.finishedAt) changed.add(entry.commonsId);
  }
  return changed;
}

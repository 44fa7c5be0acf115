// One follower per unfinished deploy across every CSOC process on the database: a process claims a deploy
// with a lease, renews it while it follows, and releases it when done or shutting down. A process that
// dies stops renewing; after the lease expires another process claims the deploy and follows it to the end.
import type { CsocDatabase } from '../../db/createDatabase.ts';

export const DEPLOY_LEASE_MS = 30_000;

const expiry = (now: number) => new Date(now + DEPLOY_LEASE_MS).toISOString();

/** Claims the deploy for `follower` when it is unfinished and nobody else holds a live lease. */
export async function claimDeployLease(
  database: CsocDatabase,
  deployId: string,
  follower: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await database.db
    .updateTable('deploys')
    .set({ follower_id: follower, follower_lease_expires_at: expiry(now) })
    .where('id', '=', deployId)
    .where('finished_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('follower_id', 'is', null),
        eb('follower_id', '=', follower),
        eb('follower_lease_expires_at', '<', new Date(now).toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Extends the lease; false when another process has taken the deploy over (stop following it). */
export async function renewDeployLease(
  database: CsocDatabase,
  deployId: string,
  follower: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await database.db
    .updateTable('deploys')
    .set({ follower_lease_expires_at: expiry(now) })
    .where('id', '=', deployId)
    .where('follower_id', '=', follower)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the deploy up, so another process can follow it at once (at shutdown, or when it finished). */
export async function releaseDeployLease(
  database: CsocDatabase,
  deployId: string,
  follower: string,
): Promise<void> {
  await database.db
    .updateTable('deploys')
    .set({ follower_id: null, follower_lease_expires_at: null })
    .where('id', '=', deployId)
    .where('follower_id', '=', follower)
    .execute();
}

/** Unfinished deploys no live lease covers: what a process should try to claim. */
export async function unfollowedDeploys(database: CsocDatabase, now = Date.now()): Promise<string[]> {
  const rows = await database.db
    .selectFrom('deploys')
    .select('id')
    .where('finished_at', 'is', null)
    .where('status', 'in', ['committed', 'syncing'])
    .where((eb) =>
      eb.or([
        eb('follower_id', 'is', null),
        eb('follower_lease_expires_at', '<', new Date(now).toISOString()),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

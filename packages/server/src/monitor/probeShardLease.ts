// Probing is shared across every CSOC process on the database by shard leases: a commons belongs to one of
// PROBE_SHARDS shards (a hash of its id), and one process at a time holds a shard's lease, renews it while it
// lives, and probes that shard's commons. A process that dies stops renewing; once its lease expires another
// process claims the shard. Live processes share the shards fairly (each holds at most its share), so a new
// replica takes part within one lease.
import type { CsocDatabase } from '../db/createDatabase.ts';

/** Must match the rows seeded by migration 0011_monitor_health. */
export const PROBE_SHARDS = 64;

/** The shard of a commons: FNV-1a of its id, so every process computes the same answer. */
export function probeShardOf(commonsId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < commonsId.length; index++) {
    hash ^= commonsId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % PROBE_SHARDS;
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface ShardLeaseOptions {
  prober: string;
  leaseMs: number;
  now?: number;
  /**
   * Called with the shards over the fair share before they are given up: the prober stops probing their
   * commons and waits for its rounds in flight, so the next holder never probes one at the same time.
   */
  beforeRelease?: (shards: readonly number[]) => Promise<void>;
}

/**
 * One lease round of a prober: heartbeat, renew what it holds (learning what it lost), give up shards over
 * its fair share, claim free or expired shards up to it. Returns the shards it holds afterwards.
 */
export async function maintainShardLeases(
  database: CsocDatabase,
  options: ShardLeaseOptions,
): Promise<Set<number>> {
  const { db } = database;
  const { prober, leaseMs } = options;
  const now = options.now ?? Date.now();
  await db
    .insertInto('monitor_probers')
    .values({ id: prober, seen_at: iso(now) })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ seen_at: iso(now) }))
    .execute();
  await db
    .updateTable('monitor_probe_shards')
    .set({ lease_expires_at: iso(now + leaseMs) })
    .where('holder', '=', prober)
    .execute();
  const held = (
    await db.selectFrom('monitor_probe_shards').select('shard').where('holder', '=', prober).execute()
  ).map((row) => Number(row.shard));
  const live = await db
    .selectFrom('monitor_probers')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('seen_at', '>', iso(now - leaseMs))
    .executeTakeFirstOrThrow();
  const share = Math.ceil(PROBE_SHARDS / Math.max(1, Number(live.count)));
  held.sort((a, b) => a - b);
  if (held.length > share) {
    const extra = held.splice(share);
    await options.beforeRelease?.(extra);
    await releaseShardLeases(database, prober, extra);
  } else if (held.length < share) {
    const free = await db
      .selectFrom('monitor_probe_shards')
      .select('shard')
      .where((eb) => eb.or([eb('holder', 'is', null), eb('lease_expires_at', '<', iso(now))]))
      .orderBy('shard')
      .execute();
    for (const { shard } of free) {
      if (held.length >= share) break;
      // Conditional on the lease still being free: of two processes claiming at once, one wins.
      const claimed = await db
        .updateTable('monitor_probe_shards')
        .set({ holder: prober, lease_expires_at: iso(now + leaseMs) })
        .where('shard', '=', shard)
        .where((eb) => eb.or([eb('holder', 'is', null), eb('lease_expires_at', '<', iso(now))]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) held.push(Number(shard));
    }
  }
  // Processes gone for a day leave no trace.
  await db
    .deleteFrom('monitor_probers')
    .where('seen_at', '<', iso(now - 86_400_000))
    .execute();
  return new Set(held);
}

/** Gives shards up at once (at shutdown, or over the fair share), so another process can claim them. */
export async function releaseShardLeases(
  database: CsocDatabase,
  prober: string,
  shards?: readonly number[],
): Promise<void> {
  let query = database.db
    .updateTable('monitor_probe_shards')
    .set({ holder: null, lease_expires_at: null })
    .where('holder', '=', prober);
  if (shards) {
    if (shards.length === 0) return;
    query = query.where('shard', 'in', [...shards]);
  }
  await query.execute();
  if (!shards) await database.db.deleteFrom('monitor_probers').where('id', '=', prober).execute();
}

/** Who holds which shard: for tests and diagnostics. */
export async function shardHolders(database: CsocDatabase, now = Date.now()): Promise<Map<number, string>> {
  const rows = await database.db
    .selectFrom('monitor_probe_shards')
    .select(['shard', 'holder'])
    .where('holder', 'is not', null)
    .where('lease_expires_at', '>=', iso(now))
    .execute();
  return new Map(rows.map((row) => [Number(row.shard), row.holder!]));
}

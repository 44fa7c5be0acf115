// The drift check schedule's store: one row per provisioned commons with the time it is next due. A process
// takes a due commons with a lease (a conditional update only one process can win), starts its drift check
// and hands it back with the next due time, so every CSOC process may run the scheduler and a commons is
// still handled by one at a time; a process that dies mid-way loses its leases when they expire.
import type { CsocDatabase } from '../db/createDatabase.ts';

/**
 * Adds the commons the schedule does not know yet, first due at a random point within one interval (a
 * thousand commons provisioned at once do not all check drift in the same minute).
 */
export async function addToDriftSchedule(
  database: CsocDatabase,
  commons: readonly { id: string; orgId: string }[],
  intervalMs: number,
  now = Date.now(),
): Promise<number> {
  let added = 0;
  for (let start = 0; start < commons.length; start += 500) {
    const batch = commons.slice(start, start + 500);
    const known = new Set(
      (
        await database.db
          .selectFrom('drift_schedule')
          .select('commons_id')
          .where(
            'commons_id',
            'in',
            batch.map((item) => item.id),
          )
          .execute()
      ).map((row) => row.commons_id),
    );
    const missing = batch.filter((item) => !known.has(item.id));
    if (missing.length === 0) continue;
    await database.db
      .insertInto('drift_schedule')
      .values(
        missing.map((item) => ({
          commons_id: item.id,
          org_id: item.orgId,
          next_due_at: new Date(now + Math.floor(Math.random() * intervalMs)).toISOString(),
          last_run_id: null,
          holder: null,
          lease_expires_at: null,
        })),
      )
      .onConflict((conflict) => conflict.column('commons_id').doNothing())
      .execute();
    added += missing.length;
  }
  return added;
}

/** Takes up to `limit` due commons no live lease covers for `holder`; returns their ids. */
export async function claimDueCommons(
  database: CsocDatabase,
  holder: string,
  options: { leaseMs: number; limit: number; now?: number },
): Promise<string[]> {
  const now = options.now ?? Date.now();
  const nowText = new Date(now).toISOString();
  const candidates = await database.db
    .selectFrom('drift_schedule')
    .select('commons_id')
    .where('next_due_at', '<=', nowText)
    .where((eb) => eb.or([eb('holder', 'is', null), eb('lease_expires_at', '<', nowText)]))
    .orderBy('next_due_at')
    .limit(options.limit)
    .execute();
  const claimed: string[] = [];
  for (const { commons_id } of candidates) {
    const result = await database.db
      .updateTable('drift_schedule')
      .set({ holder, lease_expires_at: new Date(now + options.leaseMs).toISOString() })
      .where('commons_id', '=', commons_id)
      .where('next_due_at', '<=', nowText)
      .where((eb) => eb.or([eb('holder', 'is', null), eb('lease_expires_at', '<', nowText)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(commons_id);
  }
  return claimed;
}

/**
 * Hands a commons back: due again at `nextDueAt` (unchanged when undefined: it was skipped and is retried
 * on the next round), with the drift check it started. Does nothing when the lease was lost.
 */
export async function releaseDriftSchedule(
  database: CsocDatabase,
  commonsId: string,
  holder: string,
  outcome: { nextDueAt?: string; runId?: string },
): Promise<void> {
  await database.db
    .updateTable('drift_schedule')
    .set({
      holder: null,
      lease_expires_at: null,
      ...(outcome.nextDueAt ? { next_due_at: outcome.nextDueAt } : {}),
      ...(outcome.runId ? { last_run_id: outcome.runId } : {}),
    })
    .where('commons_id', '=', commonsId)
    .where('holder', '=', holder)
    .execute();
}

/** Forgets a commons that is no longer provisioned (destroyed or deleted). */
export async function removeFromDriftSchedule(database: CsocDatabase, commonsId: string): Promise<void> {
  await database.db.deleteFrom('drift_schedule').where('commons_id', '=', commonsId).execute();
}

// Who holds a run's lease, and the one query that finds the run only while they hold it (ADR 0062): the
// queue checks it before a phase writes what outlives it, the run output inside each write's transaction.
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../db/schema.ts';

/**
 * Who holds a run's lease: the worker and the attempt it claimed (ADR 0062). The attempt is the fencing
 * epoch: a worker that lost a run and later claimed it again holds the new attempt only, so what its old
 * execution does afterwards (heartbeat, finish, store a plan, record outputs) is refused.
 */
export interface LeaseHolder {
  workerId: string;
  attempt: number;
}

/** Selects the run's id while `holder` holds it, executing, with an unexpired lease; nothing otherwise. */
export function leaseHeldQuery(db: Kysely<Database>, runId: string, holder: LeaseHolder) {
  return db
    .selectFrom('runs')
    .select('id')
    .where('id', '=', runId)
    .where('lease_owner', '=', holder.workerId)
    .where('attempt', '=', holder.attempt)
    .where('state', 'in', ['running', 'applying'])
    .where('lease_expires_at', '>=', nowIso());
}

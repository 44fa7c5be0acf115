// Health transitions from monitor/ (listHealthTransitionsSince) become commons-down and service-down
// observations. The feed is read in order, by one process at a time (a lease on its cursor row), from a
// durable cursor: replaying an old "down" after a later "healthy" would open an alert nobody needs, and
// a restart must neither skip nor repeat transitions. The cursor starts at the first rule watching health
// (its id is a time-ordered UUIDv7, comparable with the transitions' ids), so a failure in the seconds
// between creating the rule and the next poll still raises the alert; while no rule watches, the feed is
// not read (and nothing is written).
import type { CsocDatabase } from '../db/createDatabase.ts';
import { listHealthTransitionsSince, type HealthTransition } from '../monitor/healthStore.ts';
import { reportAlertCondition, type AlertSignal } from './alertEngine.ts';

export const HEALTH_SOURCE = 'monitor-health-transitions';
const LEASE_MS = 60_000;

/**
 * The observation a transition is: `down` fires, `healthy` and `degraded` resolve (no longer down; error
 * rate and latency have their own rules), `unknown` says nothing. A service when `service` is set, else
 * the commons as a whole.
 */
export function healthSignal(transition: HealthTransition): AlertSignal | undefined {
  if (transition.to === 'unknown') return undefined;
  const down = transition.to === 'down';
  const what = transition.service
    ? `${transition.service} of ${transition.commonsName}`
    : transition.commonsName;
  return {
    orgId: transition.orgId,
    kind: transition.service ? 'service-down' : 'commons-down',
    commonsId: transition.commonsId,
    commonsName: transition.commonsName,
    subject: transition.service ?? '',
    firing: down,
    summary: `${what}: ${transition.from} → ${transition.to}${transition.reason ? ` (${transition.reason.slice(0, 300)})` : ''}`,
    labels: transition.service ? { service: transition.service } : {},
    observedAt: transition.at,
  };
}

/** The id of the oldest enabled rule watching health, or undefined when none does. */
async function firstHealthRuleId(database: CsocDatabase): Promise<string | undefined> {
  const rule = await database.db
    .selectFrom('alert_rules')
    .select('id')
    .where('enabled', '=', 1)
    .where('kind', 'in', ['commons-down', 'service-down'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return rule?.id;
}

/** Takes the cursor row for `owner`; creates it at `startAfter` the first time. Undefined when held elsewhere. */
async function claimCursor(
  database: CsocDatabase,
  owner: string,
  startAfter: string,
): Promise<string | undefined> {
  const now = new Date();
  await database.db
    .insertInto('alert_source_cursors')
    .values({
      source: HEALTH_SOURCE,
      cursor: startAfter,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('source').doNothing())
    .execute();
  const claimed = await database.db
    .updateTable('alert_source_cursors')
    .set({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('source', '=', HEALTH_SOURCE)
    .where((eb) =>
      eb.or([
        eb('lease_owner', 'is', null),
        eb('lease_owner', '=', owner),
        eb('lease_expires_at', '<', now.toISOString()),
      ]),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const row = await database.db
    .selectFrom('alert_source_cursors')
    .select('cursor')
    .where('source', '=', HEALTH_SOURCE)
    .executeTakeFirstOrThrow();
  return row.cursor;
}

/**
 * Applies the transitions recorded since the cursor, in order, advancing the cursor after each, then lets
 * the lease go. Returns how many it applied (0 when another process holds the feed).
 */
export async function pollHealthTransitions(
  database: CsocDatabase,
  owner: string,
  batch = 500,
): Promise<number> {
  // Idle polls only read: nothing is written unless a rule watches health and the feed has news.
  const firstRule = await firstHealthRuleId(database);
  if (firstRule === undefined) return 0;
  const current = await database.db
    .selectFrom('alert_source_cursors')
    .select('cursor')
    .where('source', '=', HEALTH_SOURCE)
    .executeTakeFirst();
  if (
    current &&
    (await listHealthTransitionsSince(database, { afterId: current.cursor, limit: 1 })).length === 0
  )
    return 0;
  let cursor = await claimCursor(database, owner, firstRule);
  if (cursor === undefined) return 0;
  let applied = 0;
  try {
    for (;;) {
      const transitions = await listHealthTransitionsSince(database, { afterId: cursor, limit: batch });
      for (const transition of transitions) {
        const signal = healthSignal(transition);
        if (signal) await reportAlertCondition(database, signal);
        cursor = transition.id;
        await database.db
          .updateTable('alert_source_cursors')
          .set({ cursor, updated_at: new Date().toISOString() })
          .where('source', '=', HEALTH_SOURCE)
          .where('lease_owner', '=', owner)
          .execute();
        applied += 1;
      }
      if (transitions.length < batch) break;
    }
  } finally {
    await database.db
      .updateTable('alert_source_cursors')
      .set({ lease_owner: null, lease_expires_at: null })
      .where('source', '=', HEALTH_SOURCE)
      .where('lease_owner', '=', owner)
      .execute();
  }
  return applied;
}

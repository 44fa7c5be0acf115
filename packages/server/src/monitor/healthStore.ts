// The monitor area's store: the current health of each commons, its health transitions and incidents,
// uptime computed from the incidents, the fleet overview, and pruning. Other areas (alerts, the status page)
// read monitoring through these functions, never through the tables.
import { newId } from '@csoc/common';
import { sql, type Kysely } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import type { PageRequest } from '../http/pagination.ts';
import type { CommonsHealth, HealthReason, ServiceHealth } from './assessHealth.ts';
import type { HealthState, MonitorCommonsHealthTable, MonitorIncidentsTable } from './monitorTables.ts';

export interface StoredServiceHealth extends ServiceHealth {
  /** When the service entered its current state. */
  since: string;
}

export interface StoredCommonsHealth {
  commonsId: string;
  orgId: string;
  commonsName: string;
  state: HealthState;
  reasons: HealthReason[];
  services: StoredServiceHealth[];
  since: string;
  checkedAt: string;
  probeMs: number | null;
  /** When the signals the last probe judged with were read; null before it was recorded. */
  signalsAt: string | null;
  monitoredSince: string;
}

/** One change of state of a commons (service null) or of one of its services. */
export interface HealthTransition {
  id: string;
  orgId: string;
  commonsId: string;
  commonsName: string;
  service: string | null;
  from: HealthState;
  to: HealthState;
  reason: string;
  at: string;
}

function toStored(row: MonitorCommonsHealthTable): StoredCommonsHealth {
  return {
    commonsId: row.commons_id,
    orgId: row.org_id,
    commonsName: row.commons_name,
    state: row.state,
    reasons: JSON.parse(row.reasons) as HealthReason[],
    services: JSON.parse(row.services) as StoredServiceHealth[],
    since: row.since,
    checkedAt: row.checked_at,
    probeMs: row.probe_ms === null ? null : Number(row.probe_ms),
    signalsAt: row.signals_at,
    monitoredSince: row.monitored_since,
  };
}

/** The stored health of these commons (those probed at least once), by commons id. */
export async function loadCommonsHealth(
  database: CsocDatabase,
  commonsIds: readonly string[],
): Promise<Map<string, StoredCommonsHealth>> {
  const found = new Map<string, StoredCommonsHealth>();
  for (let start = 0; start < commonsIds.length; start += 500) {
    const rows = await database.db
      .selectFrom('monitor_commons_health')
      .selectAll()
      .where('commons_id', 'in', commonsIds.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.commons_id, toStored(row));
  }
  return found;
}

export interface ProbedCommons {
  commonsId: string;
  orgId: string;
  commonsName: string;
  health: CommonsHealth;
  probeMs: number;
  at: string;
  /** When the signals `health` was judged with were read (default: `at`, read with the probe). */
  signalsAt?: string;
}

/**
 * A probe round that changed nothing: only its time, duration and signals time are written, with others
 * (recordProbeChecks).
 */
export interface ProbeCheck {
  commonsId: string;
  at: string;
  probeMs: number;
  /** Default: `at`. */
  signalsAt?: string;
}

/**
 * Whether two lists of flat records (primitive fields only) hold the same values, field by field, but for
 * `ignored`; an undefined field counts as absent. Compared without serializing: it runs on every probe round.
 */
function sameRecords(left: readonly object[], right: readonly object[], ignored?: string): boolean {
  if (left.length !== right.length) return false;
  return left.every((item, index) => {
    const a = item as Record<string, unknown>;
    const b = right[index] as Record<string, unknown>;
    let fields = 0;
    for (const key in a) {
      if (key === ignored || a[key] === undefined) continue;
      if (a[key] !== b[key]) return false;
      fields++;
    }
    for (const key in b) if (key !== ignored && b[key] !== undefined) fields--;
    return fields === 0;
  });
}

const reasonText = (reasons: readonly HealthReason[]) =>
  reasons.map((reason) => reason.message).join('; ') || 'all checks pass';

/**
 * Records one probe round of a commons: its current health, and for every change of state (of the commons
 * or a service) a transition, the end of the open incident and, unless the new state is healthy, a new
 * incident with its cause. A commons seen for the first time starts from `unknown`. Returns what it stored
 * and the transitions; when nothing changed it writes only the check time, or hands it to `deferCheck`
 * (the probe loop writes those in batches with recordProbeChecks: one write per round at thousands of
 * commons was most of the database work).
 */
export async function recordProbedCommons(
  database: CsocDatabase,
  probed: ProbedCommons,
  previous: StoredCommonsHealth | undefined,
  options: { deferCheck?: (check: ProbeCheck) => void } = {},
): Promise<{ stored: StoredCommonsHealth; transitions: HealthTransition[] }> {
  const { health, at } = probed;
  const signalsAt = probed.signalsAt ?? at;
  const transitions: HealthTransition[] = [];
  const transition = (service: string | null, from: HealthState, to: HealthState, reason: string) =>
    transitions.push({
      id: newId(),
      orgId: probed.orgId,
      commonsId: probed.commonsId,
      commonsName: probed.commonsName,
      service,
      from,
      to,
      reason,
      at,
    });
  const fromState = previous?.state ?? 'unknown';
  if (fromState !== health.state && (previous || health.state !== 'healthy'))
    transition(null, fromState, health.state, reasonText(health.reasons));
  // While the whole commons is down its incident says it all: the services' own transitions and incidents
  // are not recorded (a fleet outage would otherwise write one row per service), their open incidents end
  // when it goes down, and those still not healthy when it comes back open anew.
  const commonsDown = health.state === 'down';
  const commonsWasDown = previous?.state === 'down';
  const endServiceIncidents = commonsDown && !commonsWasDown && previous !== undefined;
  const previousServices = new Map(previous?.services.map((service) => [service.service, service]));
  const services: StoredServiceHealth[] = health.services.map((service) => {
    const before = previousServices.get(service.service);
    const from = before?.state ?? 'unknown';
    if (commonsDown) {
      // recorded in the row only
    } else if (commonsWasDown) {
      if (service.state !== 'healthy') transition(service.service, 'down', service.state, service.reason);
    } else if (from !== service.state && (before || service.state !== 'healthy'))
      transition(service.service, from, service.state, service.reason || 'answers in time');
    return { ...service, since: before && from === service.state ? before.since : at };
  });
  const stored: StoredCommonsHealth = {
    commonsId: probed.commonsId,
    orgId: probed.orgId,
    commonsName: probed.commonsName,
    state: health.state,
    reasons: health.reasons,
    services,
    since: previous && fromState === health.state ? previous.since : at,
    checkedAt: at,
    probeMs: Math.round(probed.probeMs),
    signalsAt,
    monitoredSince: previous?.monitoredSince ?? at,
  };
  // A service's latency changes every round and is not worth a write; anything else is.
  const unchanged =
    previous !== undefined &&
    transitions.length === 0 &&
    sameRecords(previous.services, services, 'latencyMs') &&
    sameRecords(previous.reasons, health.reasons);
  if (unchanged && options.deferCheck) {
    options.deferCheck({
      commonsId: probed.commonsId,
      at,
      probeMs: stored.probeMs ?? 0,
      signalsAt,
    });
    return { stored: { ...stored, services: previous.services }, transitions };
  }
  if (unchanged) {
    await database.db
      .updateTable('monitor_commons_health')
      .set({ checked_at: at, probe_ms: stored.probeMs, signals_at: signalsAt })
      .where('commons_id', '=', probed.commonsId)
      .execute();
    return { stored: { ...stored, services: previous.services }, transitions };
  }
  const row: MonitorCommonsHealthTable = {
    commons_id: stored.commonsId,
    org_id: stored.orgId,
    commons_name: stored.commonsName,
    state: stored.state,
    reasons: JSON.stringify(stored.reasons),
    services: JSON.stringify(stored.services),
    since: stored.since,
    checked_at: at,
    probe_ms: stored.probeMs,
    signals_at: stored.signalsAt,
    monitored_since: stored.monitoredSince,
  };
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('monitor_commons_health')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('commons_id').doUpdateSet({
          commons_name: row.commons_name,
          state: row.state,
          reasons: row.reasons,
          services: row.services,
          since: row.since,
          checked_at: row.checked_at,
          probe_ms: row.probe_ms,
          signals_at: row.signals_at,
        }),
      )
      .execute();
    if (endServiceIncidents)
      await trx
        .updateTable('monitor_incidents')
        .set({ ended_at: at })
        .where('commons_id', '=', probed.commonsId)
        .where('service', 'is not', null)
        .where('ended_at', 'is', null)
        .execute();
    for (const change of transitions) await recordTransition(trx, change);
  });
  return { stored, transitions };
}

/**
 * Writes the check time, probe duration and signals time of many commons whose health did not change, in
 * one statement per 200 commons; a commons whose row is gone (no longer deployed) is skipped.
 */
export async function recordProbeChecks(
  database: CsocDatabase,
  checks: readonly ProbeCheck[],
): Promise<void> {
  for (let start = 0; start < checks.length; start += 200) {
    const chunk = checks.slice(start, start + 200);
    const checkedAt = sql.join(
      chunk.map((check) => sql`when ${check.commonsId} then ${check.at}`),
      sql` `,
    );
    const probeMs = sql.join(
      chunk.map((check) => sql`when ${check.commonsId} then cast(${Math.round(check.probeMs)} as integer)`),
      sql` `,
    );
    const signalsAt = sql.join(
      chunk.map((check) => sql`when ${check.commonsId} then ${check.signalsAt ?? check.at}`),
      sql` `,
    );
    await sql`update monitor_commons_health
      set checked_at = case commons_id ${checkedAt} end, probe_ms = case commons_id ${probeMs} end,
        signals_at = case commons_id ${signalsAt} end
      where commons_id in (${sql.join(chunk.map((check) => check.commonsId))})`.execute(database.db);
  }
}

async function recordTransition(trx: Kysely<Database>, change: HealthTransition): Promise<void> {
  await trx
    .insertInto('monitor_health_transitions')
    .values({
      id: change.id,
      org_id: change.orgId,
      commons_id: change.commonsId,
      commons_name: change.commonsName,
      service: change.service,
      from_state: change.from,
      to_state: change.to,
      reason: change.reason,
      at: change.at,
    })
    .execute();
  let close = trx
    .updateTable('monitor_incidents')
    .set({ ended_at: change.at })
    .where('commons_id', '=', change.commonsId)
    .where('ended_at', 'is', null);
  close =
    change.service === null
      ? close.where('service', 'is', null)
      : close.where('service', '=', change.service);
  await close.execute();
  if (change.to !== 'healthy')
    await trx
      .insertInto('monitor_incidents')
      .values({
        id: newId(),
        org_id: change.orgId,
        commons_id: change.commonsId,
        commons_name: change.commonsName,
        service: change.service,
        state: change.to,
        cause: change.reason,
        started_at: change.at,
        ended_at: null,
      })
      .execute();
}

/**
 * Forgets commons that are no longer deployed (Gen3 removed): their current health goes, their history
 * stays until retention prunes it, with open incidents ended now.
 */
export async function forgetCommonsHealth(
  database: CsocDatabase,
  commonsIds: readonly string[],
): Promise<void> {
  if (commonsIds.length === 0) return;
  const at = new Date().toISOString();
  await database.db
    .updateTable('monitor_incidents')
    .set({ ended_at: at })
    .where('commons_id', 'in', [...commonsIds])
    .where('ended_at', 'is', null)
    .execute();
  await database.db
    .deleteFrom('monitor_commons_health')
    .where('commons_id', 'in', [...commonsIds])
    .execute();
}

/**
 * Health transitions recorded after `afterId` (ids are time-ordered), oldest first: the feed an alerting
 * engine polls with the id of the last transition it handled. Every replica sees every transition,
 * whichever process probed the commons.
 *
 * @example
 * let cursor: string | undefined;
 * for (const change of await listHealthTransitionsSince(database, { afterId: cursor, limit: 500 })) {
 *   notify(change); // e.g. "fence of acme/alpha: healthy → down (/user/_status answered 500)"
 *   cursor = change.id;
 * }
 */
export async function listHealthTransitionsSince(
  database: CsocDatabase,
  options: { afterId?: string; limit?: number; orgId?: string } = {},
): Promise<HealthTransition[]> {
  let query = database.db
    .selectFrom('monitor_health_transitions')
    .selectAll()
    .orderBy('id')
    .limit(options.limit ?? 500);
  if (options.afterId) query = query.where('id', '>', options.afterId);
  if (options.orgId) query = query.where('org_id', '=', options.orgId);
  return (await query.execute()).map((row) => ({
    id: row.id,
    orgId: row.org_id,
    commonsId: row.commons_id,
    commonsName: row.commons_name,
    service: row.service,
    from: row.from_state,
    to: row.to_state,
    reason: row.reason,
    at: row.at,
  }));
}

/** The stored health of one commons, or undefined when it was never probed. */
export async function findCommonsHealth(
  database: CsocDatabase,
  commonsId: string,
): Promise<StoredCommonsHealth | undefined> {
  const row = await database.db
    .selectFrom('monitor_commons_health')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
  return row ? toStored(row) : undefined;
}

/**
 * A health read as of `now`: a commons whose last probe is older than `staleMs` is unknown (its prober
 * died and no other has taken it over yet, or probing is off).
 */
export function healthAsOf(
  health: Pick<StoredCommonsHealth, 'state' | 'checkedAt'>,
  staleMs: number,
  now = Date.now(),
): { state: HealthState; stale: boolean } {
  const stale = now - Date.parse(health.checkedAt) > staleMs;
  return { state: stale ? 'unknown' : health.state, stale };
}

export interface IncidentFilter {
  commonsId?: string;
  /** true: only incidents still open; false: only ended ones. */
  open?: boolean;
}

/** Up to page.limit + 1 incidents of the org, newest first (the extra row tells there is a next page). */
export async function listIncidentRows(
  database: CsocDatabase,
  orgId: string,
  filter: IncidentFilter,
  page: PageRequest,
): Promise<MonitorIncidentsTable[]> {
  let query = database.db
    .selectFrom('monitor_incidents')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (filter.commonsId) query = query.where('commons_id', '=', filter.commonsId);
  if (filter.open === true) query = query.where('ended_at', 'is', null);
  if (filter.open === false) query = query.where('ended_at', 'is not', null);
  if (page.afterId) query = query.where('id', '<', page.afterId);
  return query.execute();
}

const DAY_MS = 86_400_000;

export interface UptimeDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  /** Share of the observed time the commons was not down, 0..1; null when it was not monitored that day. */
  uptime: number | null;
  downSeconds: number;
}

export interface Uptime {
  days: UptimeDay[];
  last30: number | null;
  last90: number | null;
}

/**
 * Uptime of a commons per UTC day for the last `days` days (today last), and over 30 and 90 days: the share
 * of the monitored time it was not down, from its commons-level `down` incidents. Degraded counts as up (it
 * serves); time before monitoring began is not counted.
 */
export async function uptimeOfCommons(
  database: CsocDatabase,
  commonsId: string,
  options: { days?: number; now?: number } = {},
): Promise<Uptime> {
  const now = options.now ?? Date.now();
  const dayCount = options.days ?? 90;
  const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const windowStart = todayStart - (dayCount - 1) * DAY_MS;
  const health = await database.db
    .selectFrom('monitor_commons_health')
    .select('monitored_since')
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
  const incidents = await database.db
    .selectFrom('monitor_incidents')
    .select(['started_at', 'ended_at'])
    .where('commons_id', '=', commonsId)
    .where('service', 'is', null)
    .where('state', '=', 'down')
    .where((eb) =>
      eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', new Date(windowStart).toISOString())]),
    )
    .execute();
  // Without a current row (never probed, or forgotten) uptime counts from the first incident kept.
  const firstSeen = health
    ? Date.parse(health.monitored_since)
    : Math.min(...incidents.map((incident) => Date.parse(incident.started_at)), now);
  const downIntervals = incidents.map((incident) => [
    Date.parse(incident.started_at),
    incident.ended_at ? Date.parse(incident.ended_at) : now,
  ]);
  const days: UptimeDay[] = [];
  const totals = { observed30: 0, down30: 0, observed90: 0, down90: 0 };
  for (let index = 0; index < dayCount; index++) {
    const start = windowStart + index * DAY_MS;
    const observedFrom = Math.max(start, firstSeen);
    const observedTo = Math.min(start + DAY_MS, now);
    const observed = Math.max(0, observedTo - observedFrom);
    let down = 0;
    for (const [from, to] of downIntervals)
      down += Math.max(0, Math.min(to!, observedTo) - Math.max(from!, observedFrom));
    down = Math.min(down, observed);
    days.push({
      day: new Date(start).toISOString().slice(0, 10),
      uptime: observed > 0 ? 1 - down / observed : null,
      downSeconds: Math.round(down / 1000),
    });
    const age = dayCount - 1 - index;
    if (age < 30) {
      totals.observed30 += observed;
      totals.down30 += down;
    }
    if (age < 90) {
      totals.observed90 += observed;
      totals.down90 += down;
    }
  }
  return {
    days,
    last30: totals.observed30 > 0 ? 1 - totals.down30 / totals.observed30 : null,
    last90: totals.observed90 > 0 ? 1 - totals.down90 / totals.observed90 : null,
  };
}

export interface FleetHealthRow {
  commonsName: string;
  state: HealthState;
  stale: boolean;
  reason: string;
  since: string;
  checkedAt: string;
  probeMs: number | null;
}

type FleetStateRow = Pick<
  MonitorCommonsHealthTable,
  'commons_name' | 'state' | 'since' | 'checked_at' | 'probe_ms'
>;

/**
 * The state columns of every commons of an org, by name. The database hands them over as one JSON array
 * of arrays, parsed at once: at 5,000 commons, 25,000 values turned into row objects one by one by the
 * driver were most of the request's time (ADR 0048), and the event loop is shared with the probes.
 */
async function fleetStateRows(database: CsocDatabase, orgId: string): Promise<FleetStateRow[]> {
  const query =
    database.dialect === 'sqlite'
      ? sql<{ packed: string | null }>`select json_group_array(
          json_array(commons_name, state, since, checked_at, probe_ms) order by commons_name) as packed
        from monitor_commons_health where org_id = ${orgId}`
      : sql<{ packed: string | null }>`select json_agg(
          json_build_array(commons_name, state, since, checked_at, probe_ms) order by commons_name)::text as packed
        from monitor_commons_health where org_id = ${orgId}`;
  const packed = (await query.execute(database.db)).rows[0]?.packed;
  if (!packed) return [];
  return (JSON.parse(packed) as Array<[string, HealthState, string, string, number | null]>).map(
    ([commons_name, state, since, checked_at, probe_ms]) => ({
      commons_name,
      state,
      since,
      checked_at,
      probe_ms,
    }),
  );
}

/**
 * The health of every monitored commons of an org (fast at thousands): one query for the state of each,
 * which never reads the reasons or the services, then the first reason of those that are not healthy,
 * looked up by name. The first query is what an index on (org_id, commons_name, state, since,
 * checked_at, probe_ms) can answer alone (ADR 0042).
 */
export async function fleetHealthOfOrg(
  database: CsocDatabase,
  orgId: string,
  staleMs: number,
  now = Date.now(),
): Promise<FleetHealthRow[]> {
  const rows = await fleetStateRows(database, orgId);
  // Only a commons that is not healthy has reasons; healthy is the majority of a fleet.
  const troubled = rows.filter((row) => row.state !== 'healthy').map((row) => row.commons_name);
  const firstReason = new Map<string, string>();
  for (let start = 0; start < troubled.length; start += 500) {
    const reasons = await database.db
      .selectFrom('monitor_commons_health')
      .select(['commons_name', 'reasons'])
      .where('org_id', '=', orgId)
      .where('commons_name', 'in', troubled.slice(start, start + 500))
      .execute();
    for (const row of reasons)
      firstReason.set(row.commons_name, (JSON.parse(row.reasons) as HealthReason[])[0]?.message ?? '');
  }
  // ISO timestamps of the same form order as text: no date parsing per row.
  const staleBefore = new Date(now - staleMs).toISOString();
  return rows.map((row) => {
    const stale = row.checked_at < staleBefore;
    return {
      commonsName: row.commons_name,
      state: stale ? 'unknown' : row.state,
      stale,
      reason: stale ? `no probe since ${row.checked_at}` : (firstReason.get(row.commons_name) ?? ''),
      since: row.since,
      checkedAt: row.checked_at,
      probeMs: row.probe_ms === null ? null : Number(row.probe_ms),
    };
  });
}

/** Deletes ended incidents and transitions older than the retention; returns how many rows went. */
export async function pruneMonitorHistory(
  database: CsocDatabase,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  const incidents = await database.db
    .deleteFrom('monitor_incidents')
    .where('ended_at', 'is not', null)
    .where('ended_at', '<', cutoff)
    .executeTakeFirst();
  const transitions = await database.db
    .deleteFrom('monitor_health_transitions')
    .where('at', '<', cutoff)
    .executeTakeFirst();
  return Number(incidents.numDeletedRows) + Number(transitions.numDeletedRows);
}

// What a public status page says, built only from what may be public: the state of each service group,
// daily uptime and incidents with the updates operators posted. Probe errors, hostnames, causes and ids
// stay out: an incident is described by what it affected, its state and its times.
import type { Static } from 'typebox';
import type { PublicStatusPage } from '@csoc/common';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { findCommonsHealth, healthAsOf, listIncidentRows, uptimeOfCommons } from '../monitor/healthStore.ts';
import type { MonitorIncidentsTable } from '../monitor/monitorTables.ts';
import { ALL_SERVICES, groupStates, serviceGroupOf } from './serviceGroups.ts';
import { listIncidentUpdates } from './statusPageStore.ts';
import type { StatusPagesTable } from './statusPageTables.ts';

export type PublicStatus = Static<typeof PublicStatusPage>;

const DAY_MS = 86_400_000;
export const STATUS_PAGE_DAYS = 90;

/** The incidents of a commons that started in the window, newest first (paged through the monitor store). */
async function incidentsSince(
  database: CsocDatabase,
  page: StatusPagesTable,
  since: string,
): Promise<MonitorIncidentsTable[]> {
  const found: MonitorIncidentsTable[] = [];
  let afterId: string | undefined;
  for (;;) {
    const rows = await listIncidentRows(
      database,
      page.org_id,
      { commonsId: page.commons_id },
      { limit: 200, afterId },
    );
    const inWindow = rows.slice(0, 200).filter((row) => row.ended_at === null || row.ended_at >= since);
    found.push(...inWindow);
    const last = rows[199];
    if (rows.length <= 200 || !last || last.started_at < since) return found;
    afterId = last.id;
  }
}

const STATE_WORD = { down: 'down', degraded: 'degraded', unknown: 'unknown', healthy: 'recovered' } as const;

export async function buildPublicStatus(
  database: CsocDatabase,
  page: StatusPagesTable,
  options: { staleMs: number; now?: number },
): Promise<PublicStatus> {
  const now = options.now ?? Date.now();
  const since = new Date(now - STATUS_PAGE_DAYS * DAY_MS).toISOString();
  const [health, uptime, incidents, updates] = await Promise.all([
    findCommonsHealth(database, page.commons_id),
    uptimeOfCommons(database, page.commons_id, { days: STATUS_PAGE_DAYS, now }),
    incidentsSince(database, page, since),
    listIncidentUpdates(database, page.commons_id),
  ]);
  const current = health
    ? healthAsOf(health, options.staleMs, now)
    : { state: 'unknown' as const, stale: true };
  const updatesOf = new Map<string, PublicStatus['incidents'][number]['updates']>();
  for (const update of updates)
    updatesOf.set(update.incident_id, [
      ...(updatesOf.get(update.incident_id) ?? []),
      { status: update.status, message: update.message, postedAt: update.posted_at },
    ]);
  return {
    title: page.title ?? page.commons_name,
    state: current.state,
    checkedAt: health?.checkedAt ?? null,
    groups: health
      ? groupStates(
          health.services.map((service) => ({
            service: service.service,
            state: current.stale ? ('unknown' as const) : service.state,
          })),
        )
      : [],
    uptime: {
      last30: uptime.last30,
      last90: uptime.last90,
      days: uptime.days.map((day) => ({ day: day.day, uptime: day.uptime })),
    },
    incidents: incidents.map((incident) => {
      const affected = incident.service === null ? ALL_SERVICES : serviceGroupOf(incident.service);
      return {
        title: `${affected} ${STATE_WORD[incident.state]}`,
        affected,
        state: incident.state,
        startedAt: incident.started_at,
        endedAt: incident.ended_at,
        updates: updatesOf.get(incident.id) ?? [],
      };
    }),
  };
}

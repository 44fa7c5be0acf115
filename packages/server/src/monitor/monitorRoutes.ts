// The monitoring API: the health of a commons with its services and reasons, its incidents and uptime, and
// the fleet health overview of an org (one query on one table, fast at thousands of commons). Read-only:
// viewers may read all of it (policy action `monitor.read`).
import {
  CommonsHealthReport,
  CommonsParams,
  FleetHealth,
  Incident,
  IncidentQuery,
  OrgParams,
  Page,
  UptimeReport,
} from '@csoc/common';
import type { Static } from 'typebox';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import { findCommons } from '../commons/commonsStore.ts';
import { nowIso } from '../db/schema.ts';
import type { CsocApp } from '../http/appContext.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import {
  findCommonsHealth,
  fleetHealthOfOrg,
  healthAsOf,
  listIncidentRows,
  uptimeOfCommons,
} from './healthStore.ts';
import type { MonitorIncidentsTable } from './monitorTables.ts';

const toIncident = (row: MonitorIncidentsTable): Static<typeof Incident> => ({
  id: row.id,
  commons: row.commons_name,
  service: row.service,
  state: row.state,
  cause: row.cause,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

export function registerMonitorRoutes(app: CsocApp): void {
  const { context } = app;
  const { database } = context;
  // Three missed intervals: the prober of the commons died and no other has taken it over yet.
  const staleMs = () => Math.max(3 * context.config.probeIntervalSeconds * 1000, 60_000);

  app.get(
    '/api/v1/orgs/:org/commons/:commons/health',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: ['monitor'],
        summary: 'Health of a commons and of each Gen3 service, with the reasons, and its uptime',
        params: CommonsParams,
        response: { 200: CommonsHealthReport },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      const [health, uptime] = await Promise.all([
        findCommonsHealth(database, commons.id),
        uptimeOfCommons(database, commons.id),
      ]);
      if (!health)
        return {
          commons: commons.name,
          state: 'unknown' as const,
          reasons: [
            {
              kind: 'probe' as const,
              message:
                context.config.probeIntervalSeconds === 0
                  ? 'scheduled probes are off (CSOC_PROBE_INTERVAL_SECONDS=0)'
                  : 'not probed yet: a deployed commons is first probed within seconds of its deploy finishing',
            },
          ],
          since: null,
          checkedAt: null,
          signalsAt: null,
          stale: false,
          probeLatencyMs: null,
          services: [],
          uptime: { last30: uptime.last30, last90: uptime.last90 },
        };
      const current = healthAsOf(health, staleMs());
      return {
        commons: commons.name,
        state: current.state,
        reasons: current.stale
          ? [{ kind: 'probe' as const, message: `no probe since ${health.checkedAt}` }, ...health.reasons]
          : health.reasons,
        since: health.since,
        checkedAt: health.checkedAt,
        signalsAt: health.signalsAt,
        stale: current.stale,
        probeLatencyMs: health.probeMs,
        services: health.services.map((service) => ({
          ...service,
          state: current.stale ? ('unknown' as const) : service.state,
        })),
        uptime: { last30: uptime.last30, last90: uptime.last90 },
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/incidents',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: ['monitor'],
        summary: "A commons' incidents (the commons and its services), newest first",
        params: CommonsParams,
        querystring: IncidentQuery,
        response: { 200: Page(Incident) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      const page = readPageRequest(request.query);
      const rows = await listIncidentRows(
        database,
        access.orgId,
        { commonsId: commons.id, open: request.query.open },
        page,
      );
      return toPage(rows, page, (row) => row.id, toIncident);
    },
  );

  app.get(
    '/api/v1/orgs/:org/incidents',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: ['monitor'],
        summary: 'The incidents of every commons of the org, newest first',
        params: OrgParams,
        querystring: IncidentQuery,
        response: { 200: Page(Incident) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const page = readPageRequest(request.query);
      const rows = await listIncidentRows(database, access.orgId, { open: request.query.open }, page);
      return toPage(rows, page, (row) => row.id, toIncident);
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/uptime',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: ['monitor'],
        summary: 'Uptime of a commons per day over the last 90 days, and over 30 and 90 days',
        params: CommonsParams,
        response: { 200: UptimeReport },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(database.db, access.orgId, request.params.commons);
      return { commons: commons.name, ...(await uptimeOfCommons(database, commons.id)) };
    },
  );

  app.get(
    '/api/v1/orgs/:org/fleet/health',
    {
      config: { action: 'monitor.read' },
      schema: {
        tags: ['monitor'],
        summary: 'Health of every monitored commons of the org, with counts per state',
        params: OrgParams,
        response: { 200: FleetHealth },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const rows = await fleetHealthOfOrg(database, access.orgId, staleMs());
      const counts = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
      const items = rows.map((row) => {
        counts[row.state]++;
        return {
          commons: row.commonsName,
          state: row.state,
          reason: row.reason,
          since: row.since,
          checkedAt: row.checkedAt,
          probeLatencyMs: row.probeMs,
        };
      });
      return { counts, items, generatedAt: nowIso() };
    },
  );
}

// What telemetry tells the alert engine: a commons that sent telemetry and stopped (telemetry-silent, in
// minutes of silence, reported as it grows and once more as 0 when telemetry resumes), and per service
// the error rate (%) and p95 latency (ms) of the last minutes (error-rate and latency rules). Every CSOC
// process may run it: the engine is idempotent, and the silence counter is advanced by a conditional
// update so one process reports each minute.
import type { CsocDatabase } from '../db/createDatabase.ts';
import { reportAlertCondition } from '../alerts/alertEngine.ts';
import { orgsWithAlertRules } from '../alerts/orgsWithAlertRules.ts';
import { recentServiceFigures } from './telemetrySeries.ts';

const MINUTE_MS = 60_000;

/** Reports silence of every commons that sent telemetry before; returns how many reports it made. */
export async function reportTelemetrySilence(database: CsocDatabase, nowMs = Date.now()): Promise<number> {
  const db = database.db;
  const rows = await db
    .selectFrom('telemetry_commons_activity')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('last_received_at', '<', new Date(nowMs - MINUTE_MS).toISOString()),
        eb('silent_minutes_reported', '>', 0),
      ]),
    )
    .execute();
  // Only commons of orgs with a telemetry-silent rule are followed (no write for the others).
  const listening = rows.length ? await orgsWithAlertRules(database, ['telemetry-silent']) : new Map();
  let reports = 0;
  for (const row of rows) {
    const silentMinutes = Math.max(0, Math.floor((nowMs - Date.parse(row.last_received_at)) / MINUTE_MS));
    const reported = Number(row.silent_minutes_reported);
    if (silentMinutes === reported || !listening.has(row.org_id)) continue;
    // Claim this step: only the process whose update changed the row reports it.
    const claimed = await db
      .updateTable('telemetry_commons_activity')
      .set({ silent_minutes_reported: silentMinutes })
      .where('commons_id', '=', row.commons_id)
      .where('silent_minutes_reported', '=', reported)
      .where('last_received_at', '=', row.last_received_at)
      .executeTakeFirst();
    if (!Number(claimed.numUpdatedRows)) continue;
    await reportAlertCondition(database, {
      orgId: row.org_id,
      commonsId: row.commons_id,
      kind: 'telemetry-silent',
      value: silentMinutes,
      summary: silentMinutes
        ? `No telemetry from this commons for ${silentMinutes} minutes (last received ${row.last_received_at})`
        : 'Telemetry from this commons resumed',
      // The engine times `forSeconds` against the clock: never an observation from the future.
      observedAt: new Date(Math.min(nowMs, Date.now())).toISOString(),
    });
    reports += 1;
  }
  return reports;
}

/**
 * Reports the error rate and p95 latency per service of every commons that sent telemetry in the last
 * `windowMinutes`; a service without requests in the window reports nothing (its alert keeps its state).
 */
export async function reportTelemetryThresholds(
  database: CsocDatabase,
  windowMinutes = 5,
  nowMs = Date.now(),
): Promise<number> {
  const db = database.db;
  const active = await db
    .selectFrom('telemetry_commons_activity')
    .select(['commons_id', 'org_id'])
    .where('last_received_at', '>=', new Date(nowMs - windowMinutes * MINUTE_MS).toISOString())
    .execute();
  const listening = active.length ? await orgsWithAlertRules(database, ['error-rate', 'latency']) : new Map();
  let reports = 0;
  const observedAt = new Date(Math.min(nowMs, Date.now())).toISOString();
  for (const commons of active) {
    const kinds = listening.get(commons.org_id);
    if (!kinds) continue;
    for (const figures of await recentServiceFigures(db, commons.commons_id, windowMinutes, nowMs)) {
      if (!figures.requests) continue;
      const base = {
        orgId: commons.org_id,
        commonsId: commons.commons_id,
        subject: figures.service,
        observedAt,
      };
      if (kinds.has('error-rate') && figures.errorRatePercent !== null) {
        await reportAlertCondition(database, {
          ...base,
          kind: 'error-rate',
          value: figures.errorRatePercent,
          summary: `${figures.service}: ${figures.errorRatePercent}% of ${figures.requests} requests answered 5xx in the last ${windowMinutes} minutes`,
        });
        reports += 1;
      }
      if (kinds.has('latency') && figures.p95Ms !== null) {
        await reportAlertCondition(database, {
          ...base,
          kind: 'latency',
          value: figures.p95Ms,
          summary: `${figures.service}: p95 latency ${figures.p95Ms} ms over the last ${windowMinutes} minutes`,
        });
        reports += 1;
      }
    }
  }
  return reports;
}

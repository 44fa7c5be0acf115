// Keeps the alert history bounded: resolved alerts, finished notifications, delivery log entries and
// silences that ended longer ago than the retention are deleted. Open alerts and notifications still owed
// to a channel are never touched, whatever their age, so pruning can lose no notification.
import type { CsocDatabase } from '../db/createDatabase.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PrunedAlertHistory {
  alerts: number;
  notifications: number;
  deliveries: number;
  silences: number;
}

/** Deletes what ended before `now - retentionDays`; returns how many rows of each kind went. */
export async function pruneAlertHistory(
  database: CsocDatabase,
  retentionDays: number,
  now = Date.now(),
): Promise<PrunedAlertHistory> {
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  const alerts = await database.db
    .deleteFrom('alerts')
    .where('state', '=', 'resolved')
    .where('resolved_at', '<', cutoff)
    .executeTakeFirst();
  const notifications = await database.db
    .deleteFrom('alert_notifications')
    .where('status', 'in', ['delivered', 'failed', 'suppressed'])
    .where('finished_at', '<', cutoff)
    .executeTakeFirst();
  const deliveries = await database.db
    .deleteFrom('alert_deliveries')
    .where('started_at', '<', cutoff)
    .executeTakeFirst();
  const silences = await database.db
    .deleteFrom('alert_silences')
    .where('ends_at', '<', cutoff)
    .executeTakeFirst();
  return {
    alerts: Number(alerts.numDeletedRows),
    notifications: Number(notifications.numDeletedRows),
    deliveries: Number(deliveries.numDeletedRows),
    silences: Number(silences.numDeletedRows),
  };
}

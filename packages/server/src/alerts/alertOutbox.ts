// The durable notification outbox: the engine enqueues (grouping alerts of one channel and group into one
// pending row), dispatchers claim due rows with a lease and a compare-and-set on the row's version, so two
// processes never hold the same row, and a row whose holder died is claimed again when its lease expires.
import { newId } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { claimLeasedRows } from '../db/claimLeasedRows.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { matchesAll, severityAtLeast, type Labels } from './alertMatchers.ts';
import type { AlertChannelsTable, AlertNotificationsTable, AlertsTable } from './alertTables.ts';
import type { AlertMatcher, AlertSeverityName } from '@csoc/common';

export type NotificationEvent = 'firing' | 'resolved';
export interface NotificationItem {
  alertId: string;
  event: NotificationEvent;
}

export interface ChannelRoute {
  minSeverity?: AlertSeverityName;
  matchers?: AlertMatcher[];
  groupBy?: string[];
  groupWaitSeconds?: number;
}

export const DEFAULT_GROUP_BY = ['commons', 'rule'];
export const DEFAULT_GROUP_WAIT_SECONDS = 30;

export function routeOf(channel: Pick<AlertChannelsTable, 'route'>): ChannelRoute {
  return JSON.parse(channel.route) as ChannelRoute;
}

/** Whether a channel's route takes an alert with these labels and severity. */
export function routeAccepts(route: ChannelRoute, labels: Labels, severity: string): boolean {
  return severityAtLeast(severity, route.minSeverity) && matchesAll(route.matchers ?? [], labels);
}

function groupKeyOf(route: ChannelRoute, labels: Labels): string {
  const values = (route.groupBy ?? DEFAULT_GROUP_BY).map((label) => `${label}=${labels[label] ?? ''}`);
  return createHash('sha256').update(values.join('\n')).digest('hex').slice(0, 32);
}

/** Keeps the latest event per alert: an alert that fired and resolved before sending goes out resolved. */
function mergeItems(items: NotificationItem[], item: NotificationItem): NotificationItem[] {
  return [...items.filter((existing) => existing.alertId !== item.alertId), item];
}

/**
 * Queues the alert's event for every enabled channel of its org whose route accepts it. Runs inside the
 * engine's per-org transaction (`trx`); joins a group's pending row while no dispatcher has claimed it.
 */
export async function enqueueAlertEvent(
  trx: Kysely<Database>,
  alert: Pick<AlertsTable, 'id' | 'org_id' | 'labels' | 'severity'>,
  event: NotificationEvent,
  now: Date,
): Promise<number> {
  const labels = JSON.parse(alert.labels) as Labels;
  const channels = await trx
    .selectFrom('alert_channels')
    .select(['id', 'route'])
    .where('org_id', '=', alert.org_id)
    .where('enabled', '=', 1)
    .execute();
  let queued = 0;
  for (const channel of channels) {
    const route = routeOf(channel);
    if (!routeAccepts(route, labels, alert.severity)) continue;
    const groupKey = groupKeyOf(route, labels);
    const item: NotificationItem = { alertId: alert.id, event };
    const open = await trx
      .selectFrom('alert_notifications')
      .select(['id', 'items', 'version'])
      .where('channel_id', '=', channel.id)
      .where('group_key', '=', groupKey)
      .where('status', '=', 'pending')
      .where('attempts', '=', 0)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (open) {
      const joined = await trx
        .updateTable('alert_notifications')
        .set({
          items: JSON.stringify(mergeItems(JSON.parse(open.items) as NotificationItem[], item)),
          version: open.version + 1,
        })
        .where('id', '=', open.id)
        .where('version', '=', open.version)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(joined.numUpdatedRows) === 1) {
        queued += 1;
        continue;
      }
    }
    const waitMs = (route.groupWaitSeconds ?? DEFAULT_GROUP_WAIT_SECONDS) * 1000;
    await trx
      .insertInto('alert_notifications')
      .values({
        id: newId(),
        org_id: alert.org_id,
        channel_id: channel.id,
        group_key: groupKey,
        items: JSON.stringify([item]),
        status: 'pending',
        attempts: 0,
        next_attempt_at: new Date(now.getTime() + waitMs).toISOString(),
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        created_at: now.toISOString(),
        finished_at: null,
        version: 1,
      })
      .execute();
    queued += 1;
  }
  return queued;
}

/**
 * Claims up to `limit` due notifications for `owner`: pending ones whose time has come, and ones whose
 * holder's lease expired (it died mid-delivery). Each claim is a compare-and-set on the row's version, so
 * of two dispatchers racing for a row exactly one gets it. Counts the attempt at claim time: an attempt a
 * crash interrupted still counts.
 */
export function claimDueNotifications(
  database: CsocDatabase,
  owner: string,
  leaseMs: number,
  limit: number,
  now = new Date(),
): Promise<AlertNotificationsTable[]> {
  return claimLeasedRows(database.db, 'alert_notifications', { owner, leaseMs, limit, now });
}

/**
 * Ends a claimed notification: delivered, failed for good, suppressed, or back to pending for a retry at
 * `retryAt`. Only the lease holder may; false when it lost the row (its lease expired and another took it).
 */
export async function finishNotification(
  database: CsocDatabase,
  claimed: AlertNotificationsTable,
  outcome:
    | { status: 'delivered' | 'suppressed' }
    | { status: 'failed'; error: string }
    | { status: 'pending'; error: string; retryAt: Date },
): Promise<boolean> {
  const done = outcome.status !== 'pending';
  const result = await database.db
    .updateTable('alert_notifications')
    .set({
      status: outcome.status,
      lease_owner: null,
      lease_expires_at: null,
      last_error: 'error' in outcome ? outcome.error : null,
      ...(outcome.status === 'pending' ? { next_attempt_at: outcome.retryAt.toISOString() } : {}),
      ...(done ? { finished_at: new Date().toISOString() } : {}),
      version: claimed.version + 1,
    })
    .where('id', '=', claimed.id)
    .where('version', '=', claimed.version)
    .where('lease_owner', '=', claimed.lease_owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Exponential backoff with full jitter between half and all of base·2^(attempt-1), capped. */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

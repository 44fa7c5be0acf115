// One delivery attempt of a claimed outbox row: drops the alerts an active silence or maintenance window
// matches (all of them: the row is suppressed), sends the rest through the channel, records the attempt in
// the delivery log, and ends the row (delivered, retry later with backoff, or failed for good).
import { newId } from '@csoc/common';
import type { Logger } from 'pino';
import type { Vault } from '../credentials/createVault.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { orgSlugOf } from '../identity/directory.ts';
import type { Labels } from './alertMatchers.ts';
import { backoffDelayMs, finishNotification, type NotificationItem } from './alertOutbox.ts';
import { activeSilences, isSilenced } from './alertSilences.ts';
import type { AlertChannelsTable, AlertNotificationsTable } from './alertTables.ts';
import { sendThroughChannel } from './alertChannels.ts';
import type { ChannelEgress } from './channels/channelEgress.ts';
import type { DeliveryResult } from './channels/deliveryResult.ts';
import { notifiedAlert, titleOf, type NotificationContent } from './channels/notificationContent.ts';

export interface DeliveryDeps {
  database: CsocDatabase;
  vault: Vault;
  logger: Logger;
  publicUrl: string;
  /** Which process delivers (the lease owner), recorded in the delivery log. */
  owner: string;
  /** Where channels may send (CSOC_ALERT_ALLOWED_CIDRS). */
  egress: ChannelEgress;
}

export interface RetryPolicy {
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Attempts in all, the first included, before the row is failed for good. */
  maxAttempts: number;
  timeoutMs: number;
}

export async function recordDelivery(
  database: CsocDatabase,
  row: { id: string; org_id: string; attempts: number },
  channel: { id: string; name: string },
  outcome: 'delivered' | 'failed' | 'suppressed',
  result: Pick<DeliveryResult, 'statusCode' | 'error'>,
  alertIds: string[],
  owner: string,
  startedAt: Date,
): Promise<void> {
  await database.db
    .insertInto('alert_deliveries')
    .values({
      id: newId(),
      org_id: row.org_id,
      notification_id: row.id,
      channel_id: channel.id,
      channel_name: channel.name,
      attempt: row.attempts,
      outcome,
      status_code: result.statusCode,
      error: result.error,
      alert_ids: JSON.stringify(alertIds),
      delivered_by: owner,
      started_at: startedAt.toISOString(),
      duration_ms: Date.now() - startedAt.getTime(),
    })
    .execute();
}

/** What a notification says, built from the alerts' current rows. */
export async function contentOf(
  deps: Pick<DeliveryDeps, 'database' | 'publicUrl'>,
  row: Pick<AlertNotificationsTable, 'id' | 'org_id'>,
  channel: Pick<AlertChannelsTable, 'name'>,
  alerts: NotificationContent['alerts'],
  test = false,
): Promise<NotificationContent> {
  const org = await orgSlugOf(deps.database.db, row.org_id);
  const status = alerts.some((alert) => alert.event === 'firing') ? 'firing' : 'resolved';
  return {
    id: row.id,
    org,
    channel: channel.name,
    status,
    title: `${test ? '[TEST] ' : ''}${titleOf(status, alerts, org)}`,
    alerts,
    url: `${deps.publicUrl}/orgs/${org}/alerts`,
    test,
  };
}

export async function deliverNotification(
  deps: DeliveryDeps,
  retry: RetryPolicy,
  row: AlertNotificationsTable,
): Promise<'delivered' | 'retry' | 'failed' | 'suppressed' | 'lost'> {
  const { database } = deps;
  const startedAt = new Date();
  const channel = await database.db
    .selectFrom('alert_channels')
    .selectAll()
    .where('id', '=', row.channel_id)
    .executeTakeFirst();
  const items = JSON.parse(row.items) as NotificationItem[];
  const alertIds = items.map((item) => item.alertId);
  if (!channel) {
    const error = 'the channel was deleted before this notification went out';
    await recordDelivery(
      database,
      row,
      { id: row.channel_id, name: '(deleted)' },
      'failed',
      { statusCode: null, error },
      alertIds,
      deps.owner,
      startedAt,
    );
    return (await finishNotification(database, row, { status: 'failed', error })) ? 'failed' : 'lost';
  }
  const alertRows = alertIds.length
    ? await database.db.selectFrom('alerts').selectAll().where('id', 'in', alertIds).execute()
    : [];
  const silences = await activeSilences(database.db, row.org_id, startedAt);
  const eventOf = new Map(items.map((item) => [item.alertId, item.event]));
  const audible = alertRows.filter((alert) => !isSilenced(silences, JSON.parse(alert.labels) as Labels));
  if (audible.length === 0) {
    await recordDelivery(
      database,
      row,
      channel,
      'suppressed',
      { statusCode: null, error: 'every alert in it is silenced' },
      alertIds,
      deps.owner,
      startedAt,
    );
    return (await finishNotification(database, row, { status: 'suppressed' })) ? 'suppressed' : 'lost';
  }
  const content = await contentOf(
    deps,
    row,
    channel,
    audible.map((alert) => notifiedAlert(alert, eventOf.get(alert.id)!)),
  );
  let result: DeliveryResult;
  try {
    result = await sendThroughChannel(deps.vault, channel, content, retry.timeoutMs, deps.egress);
  } catch (error) {
    // The vault could not open the secrets (a master key this process lacks): retry, maybe elsewhere.
    result = {
      delivered: false,
      statusCode: null,
      error: `could not open the channel's secrets: ${(error as { code?: string }).code ?? 'vault error'}`,
      retryable: true,
    };
  }
  const sentIds = audible.map((alert) => alert.id);
  await recordDelivery(
    database,
    row,
    channel,
    result.delivered ? 'delivered' : 'failed',
    result,
    sentIds,
    deps.owner,
    startedAt,
  );
  if (result.delivered)
    return (await finishNotification(database, row, { status: 'delivered' })) ? 'delivered' : 'lost';
  const error = result.error ?? 'delivery failed';
  if (result.retryable && row.attempts < retry.maxAttempts) {
    const retryAt = new Date(
      Date.now() + backoffDelayMs(row.attempts, retry.backoffBaseMs, retry.backoffMaxMs),
    );
    deps.logger.warn(
      { notification: row.id, channel: channel.name, attempt: row.attempts, error },
      'alert notification failed; retrying',
    );
    return (await finishNotification(database, row, { status: 'pending', error, retryAt }))
      ? 'retry'
      : 'lost';
  }
  deps.logger.error(
    { notification: row.id, channel: channel.name, attempt: row.attempts, error },
    'alert notification failed for good',
  );
  return (await finishNotification(database, row, { status: 'failed', error })) ? 'failed' : 'lost';
}

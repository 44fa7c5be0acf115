// Webhook channel: POSTs the notification as JSON (apiVersion csoc.gen3.org/v1, kind AlertNotification),
// signed with HMAC-SHA-256 over timestamp and body (webhookSignature.ts), with the notification id as an
// idempotency key. Redirects are not followed: a receiver answers where it was configured. The receiver's
// address must pass the egress rule (channelEgress.ts).
import { postToCheckedAddress, type ChannelEgress } from './channelEgress.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../webhookSignature.ts';
import { httpResult, networkFailure, type DeliveryResult } from './deliveryResult.ts';
import type { NotificationContent } from './notificationContent.ts';

export function webhookBody(content: NotificationContent): string {
  return JSON.stringify({
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'AlertNotification',
    id: content.id,
    org: content.org,
    channel: content.channel,
    status: content.status,
    title: content.title,
    test: content.test,
    url: content.url,
    alerts: content.alerts,
  });
}

export async function sendWebhook(
  url: string,
  secret: string,
  content: NotificationContent,
  timeoutMs: number,
  egress: ChannelEgress,
): Promise<DeliveryResult> {
  const body = webhookBody(content);
  const { timestamp, signature } = signWebhook(secret, body);
  try {
    const status = await postToCheckedAddress(
      new URL(url),
      {
        'content-type': 'application/json',
        'user-agent': 'CSOC-Alerts/1',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signature,
        [DELIVERY_HEADER]: content.id,
      },
      body,
      timeoutMs,
      egress,
    );
    return httpResult(status);
  } catch (error) {
    return networkFailure(error, [secret]);
  }
}

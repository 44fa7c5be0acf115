// Slack incoming-webhook channel: `text` (the fallback Slack shows in notifications) plus Block Kit
// blocks, one section per alert. The webhook URL is itself the secret, so it is sealed and never logged.
import { postToCheckedAddress, type ChannelEgress } from './channelEgress.ts';
import { httpResult, networkFailure, type DeliveryResult } from './deliveryResult.ts';
import { alertLine, type NotificationContent } from './notificationContent.ts';

const MAX_SECTIONS = 20;

export function slackPayload(content: NotificationContent) {
  const shown = content.alerts.slice(0, MAX_SECTIONS);
  const more = content.alerts.length - shown.length;
  return {
    text: content.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: content.title.slice(0, 150) } },
      ...shown.map((alert) => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${alert.event === 'firing' ? ':red_circle:' : ':large_green_circle:'} *${alert.rule}* ${alertLine(alert).slice(0, 2800)}`,
        },
      })),
      ...(more > 0
        ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${more} more alerts` }] }]
        : []),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `<${content.url}|Open in CSOC> · ${content.id}` }],
      },
    ],
  };
}

export async function sendSlack(
  webhookUrl: string,
  content: NotificationContent,
  timeoutMs: number,
  egress: ChannelEgress,
): Promise<DeliveryResult> {
  try {
    const status = await postToCheckedAddress(
      new URL(webhookUrl),
      { 'content-type': 'application/json', 'user-agent': 'CSOC-Alerts/1' },
      JSON.stringify(slackPayload(content)),
      timeoutMs,
      egress,
    );
    return httpResult(status);
  } catch (error) {
    return networkFailure(error, [webhookUrl, new URL(webhookUrl).pathname]);
  }
}

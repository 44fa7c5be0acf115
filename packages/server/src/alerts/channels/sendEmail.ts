// Email channel over SMTP (nodemailer): plain text, one line per alert, the notification id as the
// Message-ID so a retry that reaches the mailbox twice threads as one. STARTTLS is required unless the
// channel says `tls: none` (a relay on a private network).
import nodemailer from 'nodemailer';
import { EgressRefusedError, pinChannelAddress, type ChannelEgress } from './channelEgress.ts';
import { scrubSecrets, type DeliveryResult } from './deliveryResult.ts';
import { alertLine, type NotificationContent } from './notificationContent.ts';

export interface EmailSettings {
  host: string;
  port: number;
  tls: 'starttls' | 'implicit' | 'none';
  username?: string;
  from: string;
  to: string[];
}

export function emailMessage(content: NotificationContent, settings: EmailSettings) {
  return {
    from: settings.from,
    to: settings.to,
    subject: `[CSOC] ${content.title}`,
    messageId: `<${content.id}@csoc.alerts>`,
    headers: { 'X-CSOC-Delivery': content.id },
    text: [
      content.title,
      '',
      ...content.alerts.map(alertLine),
      '',
      `Open in CSOC: ${content.url}`,
      `Notification ${content.id}`,
    ].join('\n'),
  };
}

export async function sendEmail(
  settings: EmailSettings,
  password: string | undefined,
  content: NotificationContent,
  timeoutMs: number,
  egress: ChannelEgress,
): Promise<DeliveryResult> {
  let pinned;
  try {
    pinned = await pinChannelAddress(settings.host, egress);
  } catch (error) {
    return {
      delivered: false,
      statusCode: null,
      error: scrubSecrets(`could not reach the SMTP server: ${(error as Error).message}`, [password ?? '']),
      retryable: !(error instanceof EgressRefusedError),
    };
  }
  // Connect to the checked address; TLS still verifies the configured name.
  const transport = nodemailer.createTransport({
    host: pinned.address,
    tls: { servername: pinned.hostname },
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    auth: settings.username ? { user: settings.username, pass: password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail(emailMessage(content, settings));
    return { delivered: true, statusCode: 250, error: null, retryable: false };
  } catch (error) {
    const smtp = error as { responseCode?: number; code?: string; message?: string };
    const code = typeof smtp.responseCode === 'number' ? smtp.responseCode : null;
    return {
      delivered: false,
      statusCode: code,
      error: scrubSecrets(
        `the SMTP server refused or failed: ${smtp.code ?? ''} ${smtp.message ?? ''}`.trim(),
        [password ?? ''],
      ),
      // 5xx SMTP replies are permanent (bad recipient, auth refused); 4xx and network failures are not.
      retryable: code === null || code < 500,
    };
  } finally {
    transport.close();
  }
}

// Alert channels do not reach internal addresses unless allowed: a webhook, Slack URL or SMTP host on
// loopback, a private network or cloud metadata is refused before any connection (a tenant could otherwise
// make CSOC probe its own network), and allowed receivers get the request at the address that was checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startHttpReceiver,
  startSmtpReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from '../testing/alertReceivers.ts';
import type { NotificationContent } from './notificationContent.ts';
import { sendEmail } from './sendEmail.ts';
import { sendSlack } from './sendSlack.ts';
import { sendWebhook } from './sendWebhook.ts';

const content: NotificationContent = {
  id: 'notification-1',
  org: 'acme',
  channel: 'ops',
  status: 'firing',
  title: 'acme: 1 alert firing',
  alerts: [],
  url: 'http://csoc.example.org/orgs/acme/alerts',
  test: true,
};
const nowhere = { allowedCidrs: [] as string[] };
const loopbackAllowed = { allowedCidrs: ['127.0.0.0/8'] };

describe('alert channel egress', () => {
  let receiver: HttpReceiver;
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
    smtp = await startSmtpReceiver('alerts', 'smtp-password-canary');
  });
  afterAll(async () => {
    await receiver.close();
    await smtp.close();
  });

  it('refuses loopback, private and metadata destinations for good, naming the setting', async () => {
    for (const url of [
      receiver.url,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://[::1]:9/',
    ]) {
      const result = await sendWebhook(url, 'webhook-secret', content, 5000, nowhere);
      expect(result.delivered).toBe(false);
      expect(result.retryable).toBe(false);
      expect(result.error).toContain('CSOC_ALERT_ALLOWED_CIDRS');
    }
    const slack = await sendSlack(
      `${receiver.url}/services/T000/B000/slack-token-canary`,
      content,
      5000,
      nowhere,
    );
    expect(slack).toMatchObject({ delivered: false, retryable: false });
    expect(slack.error).not.toContain('slack-token-canary');
    const mail = await sendEmail(
      {
        host: smtp.host,
        port: smtp.port,
        tls: 'none',
        username: 'alerts',
        from: 'csoc@example.org',
        to: ['ops@example.org'],
      },
      'smtp-password-canary',
      content,
      5000,
      nowhere,
    );
    expect(mail).toMatchObject({ delivered: false, retryable: false });
    expect(mail.error).toContain('CSOC_ALERT_ALLOWED_CIDRS');
    expect(receiver.requests).toHaveLength(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses a name when any of its addresses is internal, whichever one DNS would hand out', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const result = await sendWebhook('http://hooks.example.org/x', 'webhook-secret', content, 5000, {
      allowedCidrs: [],
      resolve,
    });
    expect(result).toMatchObject({ delivered: false, retryable: false });
    expect(result.error).toContain('hooks.example.org resolves to 127.0.0.1');
  });

  it('delivers to the checked address when the operator allows the range', async () => {
    // The name resolves to the allowed loopback receiver; the request goes there with the name as Host.
    const port = new URL(receiver.url).port;
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await sendWebhook(
      `http://hooks.internal.example:${port}/hook`,
      'webhook-secret',
      content,
      5000,
      {
        ...loopbackAllowed,
        resolve,
      },
    );
    expect(result).toMatchObject({ delivered: true, statusCode: 200 });
    expect(receiver.requests.at(-1)?.headers.host).toBe(`hooks.internal.example:${port}`);
    const mail = await sendEmail(
      {
        host: smtp.host,
        port: smtp.port,
        tls: 'none',
        username: 'alerts',
        from: 'csoc@example.org',
        to: ['ops@example.org'],
      },
      'smtp-password-canary',
      content,
      5000,
      loopbackAllowed,
    );
    expect(mail.delivered, mail.error ?? '').toBe(true);
    expect(smtp.messages).toHaveLength(1);
  });
});

// Alerts reach people through every channel, on both databases: a signed webhook (the receiver verifies
// it), a Slack incoming webhook (Block Kit payload), email through a real SMTP server; failures retry with
// backoff until delivered; resolves go out; silences and maintenance windows suppress; two replicas never
// send one notification twice; and no channel secret shows in responses, the audit log, logs or errors.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../testing/startThrowawayPostgres.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { reportAlertCondition, type AlertSignal } from './alertEngine.ts';
import { startAlertDispatcher, type AlertDispatcher } from './startAlertDispatcher.ts';
import {
  startHttpReceiver,
  startSmtpReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from './testing/alertReceivers.ts';
import { waitFor } from '../testing/waitFor.ts';
import { spawnAlertDispatcher } from './testing/spawnAlertDispatcher.ts';
import { verifyWebhookSignature } from './webhookSignature.ts';

const ORG = 'alert-org';
const WEBHOOK_SECRET = 'webhook-secret-canary-5a1f9e';
const SLACK_PATH = '/services/T0CANARY/B0CANARY/slack-canary-77d2';
const SMTP_PASSWORD = 'smtp-password-canary-c3b8';
const CANARIES = [WEBHOOK_SECRET, 'slack-canary-77d2', SMTP_PASSWORD];

const fastDispatch = {
  pollMs: 50,
  backoffBaseMs: 200,
  backoffMaxMs: 1000,
  leaseMs: 20_000,
  timeoutMs: 10_000,
};

describe.each(testDatabaseTargets)('alert delivery on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId: string;
  let dispatcher: AlertDispatcher;
  let smtp: SmtpReceiver;
  const receivers: HttpReceiver[] = [];

  const receiver = async (answer?: Parameters<typeof startHttpReceiver>[0]) => {
    const started = await startHttpReceiver(answer);
    receivers.push(started);
    return started;
  };
  /** A route that takes only this test's alerts, sent at once. */
  const routeFor = (test: string, extra: Record<string, unknown> = {}) => ({
    matchers: [{ label: 'test', op: '=', value: test }],
    groupWaitSeconds: 0,
    ...extra,
  });
  const signal = (test: string, overrides: Partial<AlertSignal> = {}): AlertSignal => ({
    orgId,
    kind: 'run-failed',
    commonsId: newId(),
    commonsName: `${test}-commons`,
    firing: true,
    summary: `The plan run of ${test} failed: terraform exited 1`,
    labels: { test },
    ...overrides,
  });
  async function addChannel(body: Record<string, unknown>) {
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/channels`, body);
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  async function deliveriesOf(channel: string) {
    const page = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts/deliveries?limit=500`);
    expect(page.status, page.text).toBe(200);
    return (page.body.items as Array<Record<string, any>>)
      .filter((item) => item.channel === channel)
      .reverse();
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      // The receivers run on loopback, which channels may reach only when allowed.
      env: { CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8' },
    });
    await ensureOrg(csoc, ORG);
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    const rule = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/rules`, {
      name: 'runs-fail',
      kind: 'run-failed',
    });
    expect(rule.status, rule.text).toBe(201);
    expect(rule.body).toMatchObject({ forSeconds: 0, severity: 'warning', enabled: true });
    smtp = await startSmtpReceiver('alerts@example.org', SMTP_PASSWORD);
    dispatcher = startAlertDispatcher(csoc.context, fastDispatch);
  }, 120_000);
  afterAll(async () => {
    await dispatcher?.stop();
    await csoc?.stop();
    await Promise.all(receivers.map((started) => started.close()));
    await smtp?.close();
  });

  it('delivers a firing alert and its resolve through a signed webhook, Slack and email', async () => {
    const webhook = await receiver();
    const slack = await receiver();
    await addChannel({
      name: 'ops-webhook',
      kind: 'webhook',
      config: { url: `${webhook.url}/csoc` },
      secrets: { secret: WEBHOOK_SECRET },
      route: routeFor('channels'),
    });
    await addChannel({
      name: 'ops-slack',
      kind: 'slack',
      secrets: { url: `${slack.url}${SLACK_PATH}` },
      route: routeFor('channels'),
    });
    await addChannel({
      name: 'ops-email',
      kind: 'email',
      config: {
        host: smtp.host,
        port: smtp.port,
        tls: 'none',
        username: 'alerts@example.org',
        from: 'csoc@example.org',
        to: ['oncall@example.org'],
      },
      secrets: { password: SMTP_PASSWORD },
      route: routeFor('channels'),
    });

    const firing = signal('channels');
    const [outcome] = await reportAlertCondition(csoc.context.database, firing);
    expect(outcome!.transition).toBe('fired');
    // Reported again: the same alert, no second notification.
    expect((await reportAlertCondition(csoc.context.database, firing))[0]!.transition).toBe('updated');

    await waitFor(
      'the firing notification on all three channels',
      () => webhook.requests.length >= 1 && slack.requests.length >= 1 && smtp.messages.length >= 1,
    );
    const hook = webhook.requests[0]!;
    expect(
      verifyWebhookSignature({
        secret: WEBHOOK_SECRET,
        body: hook.body,
        timestamp: hook.headers['x-csoc-timestamp'] as string,
        signature: hook.headers['x-csoc-signature'] as string,
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: 'another-secret-entirely',
        body: hook.body,
        timestamp: hook.headers['x-csoc-timestamp'] as string,
        signature: hook.headers['x-csoc-signature'] as string,
      }),
    ).toBe(false);
    const payload = JSON.parse(hook.body);
    expect(payload).toMatchObject({
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'AlertNotification',
      org: ORG,
      status: 'firing',
    });
    expect(payload.alerts).toEqual([
      expect.objectContaining({
        event: 'firing',
        rule: 'runs-fail',
        commons: 'channels-commons',
        summary: firing.summary,
      }),
    ]);
    expect(hook.headers['x-csoc-delivery']).toBe(payload.id);

    expect(slack.requests[0]!.path).toBe(SLACK_PATH);
    const slackPayload = JSON.parse(slack.requests[0]!.body);
    expect(slackPayload.text).toBe('[FIRING:1] runs-fail on alert-org/channels-commons');
    expect(slackPayload.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: slackPayload.text },
    });
    expect(slackPayload.blocks[1].text.text).toContain(firing.summary);

    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual(['oncall@example.org']);
    expect(mail.user).toBe('alerts@example.org');
    expect(mail.raw).toContain('Subject: [CSOC] [FIRING:1] runs-fail on alert-org/channels-commons');
    // The body is quoted-printable: soft line breaks (=\n) join again.
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(firing.summary);
    expect(smtp.refusedLogins).toBe(0);

    await reportAlertCondition(csoc.context.database, {
      ...firing,
      firing: false,
      summary: 'The next plan run succeeded.',
    });
    await waitFor(
      'the resolve notification on all three channels',
      () => webhook.requests.length >= 2 && slack.requests.length >= 2 && smtp.messages.length >= 2,
    );
    expect(JSON.parse(webhook.requests[1]!.body)).toMatchObject({
      status: 'resolved',
      alerts: [expect.objectContaining({ event: 'resolved' })],
    });
    expect(JSON.parse(slack.requests[1]!.body).text).toBe(
      '[RESOLVED] runs-fail on alert-org/channels-commons',
    );
    expect(smtp.messages[1]!.raw).toContain('Subject: [CSOC] [RESOLVED] runs-fail');

    const alerts = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts?state=resolved`);
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ id: outcome!.alertId, state: 'resolved', commons: 'channels-commons' }),
    ]);
    for (const channel of ['ops-webhook', 'ops-slack', 'ops-email']) {
      const log = await deliveriesOf(channel);
      expect(log.map((entry) => [entry.outcome, entry.attempt])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
      ]);
    }
    // Nothing more arrives: one firing, one resolve per channel.
    await dispatcher.tick();
    expect([webhook.requests.length, slack.requests.length, smtp.messages.length]).toEqual([2, 2, 2]);
  }, 120_000);

  it('retries a webhook that answers 500 with backoff until it takes the notification', async () => {
    const flaky = await receiver((index) => (index < 2 ? 500 : 200));
    await addChannel({
      name: 'flaky-webhook',
      kind: 'webhook',
      config: { url: flaky.url },
      secrets: { secret: WEBHOOK_SECRET },
      route: routeFor('retry'),
    });
    await reportAlertCondition(csoc.context.database, signal('retry'));
    await waitFor('the third attempt', () => flaky.requests.length >= 3);
    const ids = new Set(flaky.requests.map((request) => request.headers['x-csoc-delivery']));
    expect(ids.size).toBe(1);
    const log = await waitFor('the delivered entry', async () => {
      const entries = await deliveriesOf('flaky-webhook');
      return entries.length === 3 ? entries : undefined;
    });
    expect(log.map((entry) => [entry.attempt, entry.outcome, entry.statusCode])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);
    expect(log[0]!.error).toBe('the receiver answered HTTP 500');
    // Backoff: the retries did not follow each other at once.
    const started = log.map((entry) => Date.parse(entry.startedAt));
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(100);
    expect(started[2]! - started[1]!).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('suppresses the notifications a silence or a maintenance window matches, and says so', async () => {
    const quiet = await receiver();
    await addChannel({
      name: 'quiet-webhook',
      kind: 'webhook',
      config: { url: quiet.url },
      secrets: { secret: WEBHOOK_SECRET },
      route: routeFor('silence'),
    });
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const silence = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/silences`, {
      matchers: [{ label: 'commons', op: '=~', value: 'hushed-.*' }],
      endsAt: inAnHour,
      comment: 'known flaky plan, fix in progress',
    });
    expect(silence.status, silence.text).toBe(201);
    const maintenance = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/silences`, {
      kind: 'maintenance',
      commons: 'upgrading',
      endsAt: inAnHour,
      comment: 'upgrade to 2025.07',
    });
    expect(maintenance.status, maintenance.text).toBe(201);
    expect(maintenance.body.matchers).toEqual([{ label: 'commons', op: '=', value: 'upgrading' }]);

    await reportAlertCondition(csoc.context.database, signal('silence', { commonsName: 'hushed-one' }));
    await reportAlertCondition(csoc.context.database, signal('silence', { commonsName: 'upgrading' }));
    const log = await waitFor('two suppressed entries', async () => {
      const entries = await deliveriesOf('quiet-webhook');
      return entries.length === 2 ? entries : undefined;
    });
    expect(log.map((entry) => entry.outcome)).toEqual(['suppressed', 'suppressed']);
    expect(quiet.requests).toHaveLength(0);
    const firing = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts?state=firing`);
    const silenced = (firing.body.items as Array<Record<string, any>>).filter(
      (alert) => alert.labels.test === 'silence',
    );
    expect(silenced.map((alert) => alert.silenced)).toEqual([true, true]);

    // Ended early: the next alert of that commons is heard again.
    const ended = await csoc.admin.request(
      'DELETE',
      `/api/v1/orgs/${ORG}/alerts/silences/${silence.body.id}`,
    );
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body.active).toBe(false);
    await reportAlertCondition(csoc.context.database, signal('silence', { commonsName: 'hushed-two' }));
    await waitFor('the unsilenced notification', () => quiet.requests.length === 1);
  }, 120_000);

  it('sends every notification exactly once with dispatchers in two processes on the same database', async () => {
    const counting = await receiver();
    await addChannel({
      name: 'counted-webhook',
      kind: 'webhook',
      config: { url: counting.url },
      secrets: { secret: WEBHOOK_SECRET },
      route: routeFor('replicas', { groupBy: ['subject'] }),
    });
    // Two more CSOC processes on the same database and data directory (master key), racing this process's
    // two dispatchers (the test's and serve's own alert-dispatcher task).
    const env = {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: String(csoc.context.config.databaseUrl),
      CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8',
    };
    const rivals = await Promise.all([
      spawnAlertDispatcher({ ...env, ALERT_TEST_OWNER: 'rival-1' }),
      spawnAlertDispatcher({ ...env, ALERT_TEST_OWNER: 'rival-2' }),
    ]);
    try {
      const count = 25;
      for (let index = 0; index < count; index += 1)
        await reportAlertCondition(
          csoc.context.database,
          signal('replicas', { subject: `service-${index}` }),
        );
      await waitFor(
        'every notification',
        () => new Set(counting.requests.map((r) => r.headers['x-csoc-delivery'])).size === count,
      );
      // Every sender records its attempt after the receiver answered: wait for the log, then let every
      // dispatcher poll some more; none may send anything again.
      const log = await waitFor('every delivery logged', async () => {
        const entries = await deliveriesOf('counted-webhook');
        return entries.length >= count ? entries : undefined;
      });
      for (let round = 0; round < 10; round += 1) await dispatcher.tick();
      expect(counting.requests).toHaveLength(count);
      expect(await deliveriesOf('counted-webhook')).toHaveLength(count);
      expect(new Set(log.map((entry) => entry.notificationId)).size).toBe(count);
      // The work was shared: more than one process delivered.
      expect(new Set(log.map((entry) => entry.deliveredBy)).size).toBeGreaterThan(1);
    } finally {
      await Promise.all(rivals.map((rival) => rival.kill('SIGTERM')));
    }
  }, 180_000);

  it('keeps every channel secret out of responses, the audit log, the delivery log and the logs', async () => {
    const closedPort = await findFreePort();
    await addChannel({
      name: 'dead-slack',
      kind: 'slack',
      secrets: { url: `http://127.0.0.1:${closedPort}${SLACK_PATH}` },
      route: routeFor('canary'),
    });
    const test = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/channels/dead-slack/test`, {});
    expect(test.status, test.text).toBe(200);
    expect(test.body.delivered).toBe(false);
    expect(test.body.error).toMatch(/could not reach the receiver: ECONNREFUSED/);
    const sent = await csoc.admin.post(`/api/v1/orgs/${ORG}/alerts/channels/ops-webhook/test`, {});
    expect(sent.body).toMatchObject({ delivered: true, statusCode: 200 });

    const channels = await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts/channels`);
    expect(channels.body.items.find((item: any) => item.name === 'ops-email')).toMatchObject({
      secretFields: ['password'],
      config: expect.objectContaining({ username: 'alerts@example.org' }),
    });
    const patched = await csoc.admin.request('PATCH', `/api/v1/orgs/${ORG}/alerts/channels/ops-webhook`, {
      secrets: { secret: `${WEBHOOK_SECRET}-rotated` },
    });
    expect(patched.status, patched.text).toBe(200);
    await csoc.admin.get(`/api/v1/orgs/${ORG}/alerts/deliveries?limit=500`);
    const audit = await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=200`);
    expect(audit.status, audit.text).toBe(200);
    expect(audit.text).toContain('alert.manage');
    const everything = [...csoc.admin.transcript, csoc.capturedOutput()].join('\n');
    for (const canary of CANARIES) expect(everything).not.toContain(canary);
    const stored = await csoc.context.database.db.selectFrom('alert_channels').selectAll().execute();
    for (const canary of CANARIES) expect(JSON.stringify(stored)).not.toContain(canary);
  }, 120_000);
});

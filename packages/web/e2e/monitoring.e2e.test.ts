// Monitoring and alerts in a real browser (Debian's Chromium) against a real CSOC (SQLite, the sim plugin
// with real Terraform, the simulated Argo CD and Gen3 endpoints, probes every 2 s): the Monitoring tab shows
// a healthy commons, then — after a failure injected through the simulator's fault control — the service
// down with its reason and an open incident; the health overview counts and filters the fleet; on the
// alerts page an operator adds a rule and a webhook channel (a receiver on loopback), test-sends through it,
// sees the alert fire, acknowledges and silences it; a viewer reads all of it without a button to change
// it; axe finds no serious or critical WCAG 2.1 A/AA violation on the new screens, light or dark.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot, signInWithPassword } from './portalTestSteps.ts';

const ORG = 'monitor-org';
/** The commons whose fence fails; BETA stays healthy, so the overview has two states to count. */
const ALPHA = 'mon-alpha';
const BETA = 'mon-beta';
/** Probes, deploys and the alert pipeline poll; on a busy machine a step can take a while. */
const SLOW = { timeout: 90_000 };
const POLL = { timeout: 90_000, interval: 250 };

/** A webhook receiver on loopback that records every request and answers 200. */
async function startWebhookReceiver() {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/csoc-hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('monitoring and alerts in Chromium', () => {
  const portal = usePortalFixture({
    stepsName: 'monitoring',
    env: {
      CSOC_PROBE_INTERVAL_SECONDS: '2',
      CSOC_SIM_SYNC_DELAY_MS: '100',
      // The webhook receiver runs on loopback, which alert channels may reach only when allowed.
      CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8',
    },
  });
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  afterAll(async () => {
    await receiver?.close();
  });

  const monitoringTab = (commons: string) =>
    `${portal.csoc.url}/orgs/${ORG}/commons/${commons}?tab=monitoring`;
  const alertsPage = (tab: string) => `${portal.csoc.url}/orgs/${ORG}/alerts?tab=${tab}`;
  const summary = (page: Page) => page.getByTestId('health-summary');
  const serviceRow = (page: Page, service: string) =>
    page.getByRole('table', { name: 'Service health' }).getByTestId(`service-${service}`);

  /** Plans and applies the sim commons (real Terraform), then deploys its Gen3 and waits for healthy. */
  async function provisionAndDeploy(client: ApiClient, name: string) {
    const created = await client.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(name, {}, { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } }),
    );
    expect(created.status, created.text).toBe(201);
    const run = await client.post(`/api/v1/orgs/${ORG}/commons/${name}/runs`, { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    expect((await waitForRun(client, ORG, run.body.id, ['planned'], 120_000)).state).toBe('planned');
    expect((await client.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`)).status).toBe(200);
    const applied = await waitForRun(client, ORG, run.body.id, [], 120_000);
    expect(applied.state, applied.message).toBe('succeeded');
    const deploy = await client.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
    expect(deploy.status, deploy.text).toBe(201);
    await expect
      .poll(
        async () =>
          (await client.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${deploy.body.id}`)).body.status,
        POLL,
      )
      .toBe('healthy');
  }

  /** Tells the simulated Gen3 endpoints of a commons to fail a service (the sim's admin control API). */
  async function injectFault(commons: string, body: { service: string; fault: string }) {
    const { simArgoCdUrl, simArgoCdToken } = portal.csoc.context;
    const response = await fetch(`${simArgoCdUrl}/sim-control/faults/${ORG}/${commons}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${simArgoCdToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  it('signs in to a new org with a sim account', async () => {
    receiver = await startWebhookReceiver();
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    await portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  }, 120_000);

  // The rule comes before the commons exist: the alerts' health feed starts reading transitions at its
  // first poll (every 5 s) after a rule watching health exists, and the plan, apply and deploy take far
  // longer than that, so the fence failure below is surely read.
  it('adds a service-down rule and a webhook channel whose test-send the receiver takes', async () => {
    await portal.admin.goto(alertsPage('rules'));
    await portal.admin.getByRole('button', { name: 'Add rule' }).click();
    const ruleDialog = portal.admin.getByRole('dialog', { name: 'Add an alert rule' });
    await ruleDialog.getByRole('textbox', { name: 'Name' }).fill('svc-down');
    await ruleDialog.getByLabel('Watches').click();
    await portal.admin.getByRole('option', { name: 'service-down' }).click();
    await ruleDialog.getByRole('textbox', { name: /^For \(seconds\)/ }).fill('0');
    await ruleDialog.getByRole('button', { name: 'Add rule' }).click();
    await ruleDialog.waitFor({ state: 'hidden' });
    const ruleRow = portal.admin.getByTestId('rule-row-svc-down');
    await ruleRow.getByText('at once').waitFor();
    expect(await ruleRow.getByRole('switch', { name: 'svc-down enabled' }).isChecked()).toBe(true);

    await portal.admin.getByRole('tab', { name: 'Channels' }).click();
    await portal.admin.getByRole('button', { name: 'Add channel' }).click();
    const channelDialog = portal.admin.getByRole('dialog', { name: 'Add a notification channel' });
    await channelDialog.getByRole('textbox', { name: 'Name' }).fill('ops-hook');
    await channelDialog.getByRole('textbox', { name: 'URL' }).fill(receiver.url);
    await channelDialog.getByLabel(/^Signing secret/).fill('a-signing-secret-of-32-characters');
    await channelDialog.getByRole('textbox', { name: /^Group wait/ }).fill('0');
    await saveScreenshot(portal.admin, '61-alerts-add-channel');
    await channelDialog.getByRole('button', { name: 'Add channel' }).click();
    await channelDialog.waitFor({ state: 'hidden' });
    const channelRow = portal.admin.getByTestId('channel-row-ops-hook');
    // The secret is write-only: the list says it is set and never shows it.
    await channelRow.getByText('secret: set').waitFor();
    expect(await portal.admin.content()).not.toContain('a-signing-secret-of-32-characters');

    await channelRow.getByRole('button', { name: 'Test-send through ops-hook' }).click();
    await channelRow.getByTestId('test-send-result').getByText('Delivered (HTTP 200)').waitFor();
    expect(receiver.bodies).toHaveLength(1);
    expect(JSON.parse(receiver.bodies[0]!)).toMatchObject({ kind: 'AlertNotification' });
    await saveScreenshot(portal.admin, '62-alerts-test-send');

    // Editing keeps the secret: the dialog shows it as set, with an empty input that would replace it.
    await channelRow.getByRole('button', { name: 'Edit channel ops-hook' }).click();
    const editDialog = portal.admin.getByRole('dialog', { name: 'Edit channel ops-hook' });
    await editDialog.getByText('Stored and never shown; leave empty to keep it').waitFor();
    expect(await editDialog.getByLabel(/^Signing secret/).inputValue()).toBe('');
    expect(await editDialog.getByRole('textbox', { name: 'URL' }).inputValue()).toBe(receiver.url);
    await editDialog.getByRole('button', { name: 'Save channel' }).click();
    await editDialog.waitFor({ state: 'hidden' });
    const channel = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/alerts/channels/ops-hook`);
    expect(channel.body.secretFields).toEqual(['secret']);

    await portal.admin.getByRole('tab', { name: 'Delivery log' }).click();
    await portal.admin.getByTestId('delivery-row').filter({ hasText: 'test-send by' }).waitFor();
  }, 120_000);

  it('deploys two sim commons through the API', async () => {
    await Promise.all([
      provisionAndDeploy(portal.csoc.admin, ALPHA),
      provisionAndDeploy(portal.csoc.admin, BETA),
    ]);
  }, 300_000);

  it('shows a healthy commons on its Monitoring tab: every service, latency, uptime', async () => {
    await portal.admin.goto(monitoringTab(ALPHA));
    await summary(portal.admin).locator('[data-health="healthy"]').waitFor(SLOW);
    await summary(portal.admin).getByText('Every check passes.').waitFor();
    // The health says when its deploy and Argo CD signals were read: a date, not the never-read dash.
    expect(await summary(portal.admin).getByTestId('health-signals-at').textContent()).toMatch(/\d/);
    await serviceRow(portal.admin, 'fence').locator('[data-health="healthy"]').waitFor(SLOW);
    expect(await serviceRow(portal.admin, 'fence').textContent()).toMatch(/\d+ ms/);
    expect(await serviceRow(portal.admin, 'revproxy').count()).toBe(1);
    // The uptime strip: 30 bars, each with its day in words; today is monitored (the probes began while
    // the deploy was still syncing, so today need not be 100%), the days before were not.
    const bars = portal.admin.getByRole('list', { name: 'Daily uptime, last 30 days' }).getByRole('listitem');
    expect(await bars.count()).toBe(30);
    await expect
      .poll(async () => (await bars.last().textContent()) ?? '', POLL)
      .toMatch(/^\d{4}-\d{2}-\d{2}: [\d.]+% up/);
    expect(await bars.first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2}: not monitored$/);
    await portal.admin
      .getByRole('radiogroup', { name: 'Uptime window' })
      .locator('label', { hasText: '90 days' })
      .click();
    await expect
      .poll(() =>
        portal.admin.getByRole('list', { name: 'Daily uptime, last 90 days' }).getByRole('listitem').count(),
      )
      .toBe(90);
    // Nothing ongoing (the commons may have had an incident while its first deploy was still syncing).
    await portal.admin.getByRole('table', { name: 'Incidents' }).locator('tbody tr').first().waitFor();
    await expect
      .poll(() => portal.admin.locator('[data-testid="incident-row"][data-open="true"]').count(), POLL)
      .toBe(0);
    await saveScreenshot(portal.admin, '60-monitoring-healthy');
  }, 120_000);

  it('shows the injected failure: fence down with its reason, the commons degraded, an open incident', async () => {
    await injectFault(ALPHA, { service: 'fence', fault: 'down' });
    await portal.admin.goto(monitoringTab(ALPHA));
    await summary(portal.admin).locator('[data-health="degraded"]').waitFor(SLOW);
    await summary(portal.admin).getByText('fence down: /user/_status answered 500').waitFor();
    const fence = serviceRow(portal.admin, 'fence');
    await fence.locator('[data-health="down"]').waitFor(SLOW);
    expect(await fence.textContent()).toContain('500');
    // The other services keep answering.
    await serviceRow(portal.admin, 'indexd').locator('[data-health="healthy"]').waitFor();
    // The service's own incident (the commons has one too, degraded, naming fence in its cause).
    const incident = portal.admin
      .locator('[data-testid="incident-row"][data-open="true"]')
      .filter({ has: portal.admin.getByRole('cell', { name: 'fence', exact: true }) });
    await incident.getByText('ongoing').waitFor(SLOW);
    expect(await incident.textContent()).toContain('/user/_status answered 500');
    await saveScreenshot(portal.admin, '63-monitoring-service-down');
  }, 120_000);

  it('counts the fleet by state on the health overview, filters it, and links to the Monitoring tab', async () => {
    await portal.admin.getByRole('link', { name: 'Health overview' }).click();
    await portal.admin.getByRole('heading', { name: 'Fleet health' }).waitFor();
    const filter = portal.admin.getByRole('radiogroup', { name: 'Filter by state' });
    await filter.getByText('degraded 1').waitFor(SLOW);
    await filter.getByText('healthy 1').waitFor(SLOW);
    await filter.getByText('All 2').waitFor();
    const rows = portal.admin.getByTestId('fleet-health-row');
    // Worst first: the degraded commons leads.
    expect(await rows.first().getAttribute('data-state')).toBe('degraded');
    expect(await rows.first().textContent()).toContain(ALPHA);
    await saveScreenshot(portal.admin, '64-fleet-health');
    await filter.getByText('healthy 1').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(BETA);
    expect(portal.admin.url()).toContain('state=healthy');
    await filter.getByText('degraded 1').click();
    await expect.poll(async () => (await rows.first().textContent()) ?? '').toContain(ALPHA);
    await rows.first().getByRole('link', { name: ALPHA }).click();
    await portal.admin.waitForURL(/\/commons\/mon-alpha\?tab=monitoring/);
    await portal.admin.getByRole('tab', { name: 'Monitoring', selected: true }).waitFor();
  }, 120_000);

  it('shows the alert firing, delivers it to the webhook, acknowledges it and silences it', async () => {
    await portal.admin.goto(alertsPage('alerts'));
    const firing = portal.admin
      .getByRole('table', { name: 'firing alerts' })
      .getByTestId('alert-row')
      .filter({ hasText: 'svc-down' })
      .filter({ hasText: `fence of ${ALPHA}` });
    await firing.waitFor(SLOW);
    // The notification reaches the receiver through the outbox (group wait 0).
    await expect
      .poll(
        () =>
          receiver.bodies.some((body) => {
            const payload = JSON.parse(body);
            return (
              payload.status === 'firing' && payload.alerts.some((alert: any) => alert.rule === 'svc-down')
            );
          }),
        POLL,
      )
      .toBe(true);

    await firing.getByRole('button', { name: `Acknowledge svc-down on ${ALPHA}` }).click();
    await firing.getByText('acknowledged').waitFor();
    expect(await firing.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    await saveScreenshot(portal.admin, '65-alerts-firing-acknowledged');

    await firing.getByRole('button', { name: `Silence svc-down on ${ALPHA}` }).click();
    const silenceDialog = portal.admin.getByRole('dialog', { name: `Silence svc-down on ${ALPHA}` });
    // Prefilled with the alert's rule, commons and subject.
    expect(await silenceDialog.getByRole('textbox', { name: 'Matcher 2 value' }).inputValue()).toBe(ALPHA);
    await silenceDialog.getByRole('textbox', { name: 'Comment' }).fill('fence is being replaced');
    await saveScreenshot(portal.admin, '66-alerts-silence-dialog');
    await silenceDialog.getByRole('button', { name: 'Create silence' }).click();
    await silenceDialog.waitFor({ state: 'hidden' });
    await firing.getByText('silenced').waitFor(SLOW);

    await portal.admin.getByRole('tab', { name: 'Silences' }).click();
    const silence = portal.admin.locator('[data-testid="silence-row"][data-active="true"]');
    await silence.getByText('fence is being replaced').waitFor();
    expect(await silence.textContent()).toContain(`commons=${ALPHA}`);
    await saveScreenshot(portal.admin, '67-alerts-silences');

    const audit = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/audit`);
    const actions = audit.body.items.map((event: any) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['alert.ack', 'alert.manage']));
  }, 180_000);

  it('shows a viewer the alerts, rules and channels with nothing to change', async () => {
    await createSignedInUser(portal.csoc, 'viewer@monitor.example', ORG, 'viewer');
    const viewer = await portal.newPage();
    try {
      await portal.signInToFleet(viewer, 'viewer@monitor.example', TEST_USER_PASSWORD);
      await viewer.goto(alertsPage('alerts'));
      const firing = viewer.getByTestId('alert-row').filter({ hasText: `fence of ${ALPHA}` });
      await firing.waitFor(SLOW);
      expect(await viewer.getByRole('button', { name: /^(Acknowledge|Silence)/ }).count()).toBe(0);
      await viewer.getByRole('tab', { name: 'Rules' }).click();
      await viewer.getByTestId('rule-row-svc-down').waitFor();
      expect(await viewer.getByRole('switch', { name: 'svc-down enabled' }).isDisabled()).toBe(true);
      expect(await viewer.getByRole('button', { name: /^(Add rule|Edit)/ }).count()).toBe(0);
      await viewer.getByRole('tab', { name: 'Channels' }).click();
      await viewer.getByTestId('channel-row-ops-hook').getByText('secret: set').waitFor();
      expect(await viewer.getByRole('button', { name: /Test-send|Add channel|Edit|Delete/ }).count()).toBe(0);
      await viewer.getByRole('tab', { name: 'Silences' }).click();
      await viewer.getByTestId('silence-row').first().waitFor();
      expect(await viewer.getByRole('button', { name: /New silence|End/ }).count()).toBe(0);
      await saveScreenshot(viewer, '68-alerts-viewer');
    } finally {
      await viewer.context().close();
    }
  }, 120_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical WCAG 2.1 A/AA violation on the new screens (${colorScheme})`, async () => {
      const context = await portal.browser.newContext({ colorScheme, bypassCSP: true });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await signInWithPassword(page, portal.csoc.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
        await page.getByRole('heading', { name: 'Fleet' }).waitFor();
        const screens: Array<[string, string, () => Promise<void>]> = [
          ['monitoring tab', monitoringTab(ALPHA), () => summary(page).waitFor()],
          [
            'health overview',
            `${portal.csoc.url}/orgs/${ORG}/health`,
            () => page.getByTestId('fleet-health-row').first().waitFor(),
          ],
          ['alerts', alertsPage('alerts'), () => page.getByTestId('alert-row').first().waitFor()],
          ['alert silences', alertsPage('silences'), () => page.getByTestId('silence-row').first().waitFor()],
          ['alert rules', alertsPage('rules'), () => page.getByTestId('rule-row-svc-down').waitFor()],
          [
            'alert channels',
            alertsPage('channels'),
            () => page.getByTestId('channel-row-ops-hook').waitFor(),
          ],
          [
            'delivery log',
            alertsPage('deliveries'),
            () => page.getByTestId('delivery-row').first().waitFor(),
          ],
        ];
        const failures: string[] = [];
        for (const [screen, url, loaded] of screens) {
          await page.goto(url);
          await loaded();
          // Let transitions settle: axe reads computed colours.
          await page.evaluate(() =>
            Promise.all(
              document
                .getAnimations()
                .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
                .map((animation) => animation.finished.catch(() => undefined)),
            ),
          );
          const violations = await seriousViolations(page);
          if (violations.length) failures.push(describeViolations(screen, violations));
        }
        expect(failures.join('\n\n')).toBe('');
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('leaves no error in the browser console', () => {
    expect(portal.pageErrors()).toEqual([]);
  });
});

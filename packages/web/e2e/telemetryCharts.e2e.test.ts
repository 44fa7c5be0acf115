// The telemetry charts of the Monitoring tab in a real browser (Debian's Chromium) against a real CSOC
// (SQLite): a simulated commons runs the OpenTelemetry JS SDK and exports OTLP/HTTP protobuf to CSOC's
// receiver with its ingest credential (the simulator's telemetry control API stands in for the secret
// manager that hands the agent its credential), with indexd failing (503s) through the simulator's fault
// control. The charts show non-zero requests, errors, latency percentiles, logins and downloads; the
// window switch (1 h, 24 h, 7 d, 30 d) and the service picker change what is drawn; every chart has a
// text alternative and a table view; a commons that never sent anything says how to connect it; axe finds
// no serious or critical WCAG 2.1 A/AA violation, light or dark.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot, signInWithPassword } from './portalTestSteps.ts';

const ORG = 'telemetry-org';
/** Sends telemetry; QUIET never does. */
const BUSY = 'tel-busy';
const QUIET = 'tel-quiet';
const POLL = { timeout: 90_000, interval: 500 };
const SLOW = { timeout: 90_000 };

/** The number a chart's summary starts with ("1,234 requests ..."). */
const leadingFigure = (text: string | null) =>
  Number((/^([\d,]+)/.exec(text ?? '')?.[1] ?? '0').replace(/,/g, ''));

describe('telemetry charts of the Monitoring tab in Chromium', () => {
  const portal = usePortalFixture({
    stepsName: 'telemetry-charts',
    env: { CSOC_PROBE_INTERVAL_SECONDS: '0' },
  });

  const control = async (method: string, path: string, body?: unknown) => {
    const { simArgoCdUrl, simArgoCdToken } = portal.csoc.context;
    const response = await fetch(`${simArgoCdUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${simArgoCdToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, await response.text()).toBe(200);
  };
  afterAll(async () => {
    await control('DELETE', `/sim-control/telemetry/${ORG}/${BUSY}`).catch(() => undefined);
  });

  const monitoringTab = (commons: string) =>
    `${portal.csoc.url}/orgs/${ORG}/commons/${commons}?tab=monitoring`;
  const chartSummary = (page: Page, chart: string) => page.getByTestId(chart).getByTestId('chart-summary');
  const telemetry = (page: Page) => page.getByTestId('telemetry');
  const chooseWindow = (page: Page, label: string) =>
    page.getByRole('radiogroup', { name: 'Telemetry window' }).locator('label', { hasText: label }).click();
  async function chooseService(page: Page, service: string) {
    await telemetry(page).getByLabel('Service', { exact: true }).click();
    await page.getByRole('option', { name: service, exact: true }).click();
    await expect
      .poll(() => telemetry(page).getAttribute('data-service'))
      .toBe(service === 'Whole commons' ? 'all' : service);
  }
  const series = async (query: string) =>
    (await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${BUSY}/telemetry${query}`)).body as {
      points: Array<Record<string, number>>;
    };
  const sum = (points: Array<Record<string, number>>, key: string) =>
    points.reduce((total, point) => total + Number(point[key]), 0);

  it('creates two sim commons and starts the busy one’s OpenTelemetry exporter with indexd failing', async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    for (const name of [BUSY, QUIET]) {
      const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name));
      expect(created.status, created.text).toBe(201);
    }
    const credential = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons/${BUSY}/telemetry/credential`,
    );
    expect(credential.status, credential.text).toBe(201);
    await control('PUT', `/sim-control/faults/${ORG}/${BUSY}`, { service: 'indexd', fault: 'down' });
    await control('PUT', `/sim-control/telemetry/${ORG}/${BUSY}`, {
      endpoint: credential.body.otlpEndpoint,
      token: credential.body.token,
      intervalMs: 1000,
    });
    // CSOC kept what the SDK exported: requests, indexd's 503s, fence's logins and downloads.
    await expect
      .poll(async () => {
        const points = (await series('?window=1h')).points;
        return ['requests', 'errors', 'logins', 'downloads'].every((key) => sum(points, key) > 0);
      }, POLL)
      .toBe(true);
    await portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  }, 180_000);

  it('charts requests, errors, latency percentiles, logins and downloads of the last hour', async () => {
    const page = portal.admin;
    await page.goto(monitoringTab(BUSY));
    await expect
      .poll(async () => leadingFigure(await chartSummary(page, 'chart-requests').textContent()), POLL)
      .toBeGreaterThan(0);
    expect(await chartSummary(page, 'chart-requests').textContent()).toMatch(
      /requests in the last hour; peak [\d.]+ per second/,
    );
    expect(leadingFigure(await chartSummary(page, 'chart-errors').textContent())).toBeGreaterThan(0);
    expect(await chartSummary(page, 'chart-errors').textContent()).toMatch(
      /answered 5xx \([\d.]+% of requests\)/,
    );
    expect(await chartSummary(page, 'chart-latency').textContent()).toMatch(
      /^Slowest step: p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms\.$/,
    );
    expect(leadingFigure(await chartSummary(page, 'chart-logins-downloads').textContent())).toBeGreaterThan(
      0,
    );
    expect(await telemetry(page).getByTestId('telemetry-received').textContent()).toMatch(
      /^60 steps of 1 minute · last received .* request figures from .*fence \(metrics\)/,
    );
    // The charts are images named by their title and figures; each series draws a line (a dot while it
    // has a single step).
    expect(await page.getByRole('img', { name: /^Latency Slowest step: p50/ }).count()).toBe(1);
    expect(await page.getByTestId('chart-latency').locator('path, circle').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('chart-requests').locator('path, circle').count()).toBeGreaterThanOrEqual(
      1,
    );
    await saveScreenshot(page, '70-telemetry-charts-1h');
  }, 120_000);

  it('shows a chart as a table, one row per step', async () => {
    const page = portal.admin;
    await page.getByText('Show requests as a table').click();
    const table = page.getByRole('table', { name: 'Requests, per step' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(60);
    const figures = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(figures.some((figure) => Number(figure) > 0)).toBe(true);
  }, 60_000);

  it('switches the window to 24 hours, 7 days and 30 days, each with its steps', async () => {
    const page = portal.admin;
    for (const [label, window, step] of [
      ['24 hours', '24h', '10 minutes'],
      ['7 days', '7d', '1 hour'],
      ['30 days', '30d', '6 hours'],
      ['24 hours', '24h', '10 minutes'],
    ] as const) {
      await chooseWindow(page, label);
      await expect.poll(() => telemetry(page).getAttribute('data-window'), POLL).toBe(window);
      expect(await telemetry(page).getByTestId('telemetry-received').textContent()).toContain(
        `steps of ${step}`,
      );
      const words = label === '24 hours' ? '24 hours' : label;
      expect(await chartSummary(page, 'chart-requests').textContent()).toContain(`in the last ${words}`);
      // The 7 d and 30 d windows read the hourly buckets, which the ingest writes alongside the minutes.
      expect(leadingFigure(await chartSummary(page, 'chart-requests').textContent())).toBeGreaterThan(0);
    }
    const points = (await series('?window=24h')).points.length;
    expect(await page.getByRole('table', { name: 'Requests, per step' }).locator('tbody tr').count()).toBe(
      points,
    );
    await saveScreenshot(page, '71-telemetry-charts-24h');
  }, 120_000);

  it('narrows the charts to one service: fence logs users in without errors, indexd fails', async () => {
    const page = portal.admin;
    await chooseService(page, 'fence');
    await expect
      .poll(async () => (await chartSummary(page, 'chart-requests').textContent()) ?? '', POLL)
      .toContain(' of fence ');
    expect(leadingFigure(await chartSummary(page, 'chart-errors').textContent())).toBe(0);
    expect(leadingFigure(await chartSummary(page, 'chart-logins-downloads').textContent())).toBeGreaterThan(
      0,
    );
    await chooseService(page, 'indexd');
    await expect
      .poll(async () => (await chartSummary(page, 'chart-requests').textContent()) ?? '', POLL)
      .toContain(' of indexd ');
    expect(leadingFigure(await chartSummary(page, 'chart-errors').textContent())).toBeGreaterThan(0);
    expect(await chartSummary(page, 'chart-errors').textContent()).toContain('(100% of requests)');
    expect(leadingFigure(await chartSummary(page, 'chart-logins-downloads').textContent())).toBe(0);
    await saveScreenshot(page, '72-telemetry-charts-indexd');
    await chooseService(page, 'Whole commons');
  }, 120_000);

  it('tells how to connect the agent of a commons that never sent telemetry', async () => {
    const page = portal.admin;
    await page.goto(monitoringTab(QUIET));
    const empty = page.getByTestId('telemetry-empty');
    await empty.getByText('No telemetry received yet').waitFor(SLOW);
    expect(await empty.textContent()).toContain(
      `POST /api/v1/orgs/${ORG}/commons/${QUIET}/telemetry/credential`,
    );
    expect(await empty.textContent()).toContain(`${portal.csoc.url}/otlp`);
    expect(await page.getByTestId('chart-requests').count()).toBe(0);
    await saveScreenshot(page, '73-telemetry-empty');
  }, 60_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical WCAG 2.1 A/AA violation in the charts and their tables (${colorScheme})`, async () => {
      const context = await portal.browser.newContext({ colorScheme, bypassCSP: true });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await signInWithPassword(page, portal.csoc.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
        await page.getByRole('heading', { name: 'Fleet' }).waitFor();
        const failures: string[] = [];
        const audit = async (screen: string) => {
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
        };
        await page.goto(monitoringTab(BUSY));
        await page
          .getByTestId('chart-latency')
          .getByTestId('chart-summary')
          .getByText(/^Slowest step/)
          .waitFor(SLOW);
        await page.getByText('Show latency as a table').click();
        await page.getByRole('table', { name: 'Latency, per step' }).waitFor();
        await audit('telemetry charts with a table');
        await page.goto(monitoringTab(QUIET));
        await page.getByTestId('telemetry-empty').waitFor(SLOW);
        await audit('no telemetry yet');
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

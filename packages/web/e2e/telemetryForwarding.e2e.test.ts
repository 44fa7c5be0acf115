// The Telemetry forwarding page in a real browser (Debian's Chromium) against a real CSOC (SQLite) and a
// real OTLP/HTTP receiver on loopback (the org's backend, allowed by CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS):
// an org admin sets the destination with an Authorization header (its value never appears again), tests
// it (the receiver gets the empty export with the header), watches a commons' OTLP being forwarded and,
// while the backend answers 503, waiting in the backlog with the last error; replaces it with a wrong
// credential and the test says to check the credentials; a viewer sees the destination and its counts but
// no action; the admin removes it. Screenshots 74–79; axe finds no serious or critical violation.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'forwarding-org';
const COMMONS = 'fwd-alpha';
const SECRET = 'Bearer org-backend-secret-7c3d51';
const VIEWER = 'viewer@forwarding.example';
const POLL = { timeout: 60_000, interval: 500 };

/** The org's OTLP backend: takes requests with the right Authorization (200), or answers 503 while down. */
async function startReceiver() {
  const state = { down: false };
  const received: Array<{ path: string; authorization?: string; body: Buffer }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: Buffer.concat(chunks),
      });
      if (state.down) return void response.writeHead(503).end('down');
      response.writeHead(request.headers.authorization === SECRET ? 200 : 401).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** One OTLP/JSON metrics export of a commons' agent, with a marker to find it at the receiver. */
const otlpMetrics = (marker: string) =>
  JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: marker } }] },
        scopeMetrics: [],
      },
    ],
  });

describe('the Telemetry forwarding page in Chromium', () => {
  const portal = usePortalFixture({
    stepsName: 'telemetry-forwarding',
    env: { CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8', CSOC_PROBE_INTERVAL_SECONDS: '0' },
  });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let ingestToken = '';
  afterAll(async () => {
    await receiver?.close();
  });

  const pageUrl = () => `${portal.csoc.url}/orgs/${ORG}/telemetry-forwarding`;
  const field = (page: Page, testId: string) => page.getByTestId(testId);
  const ingest = async (marker: string) => {
    const response = await fetch(`${portal.csoc.url}/otlp/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestToken}` },
      body: otlpMetrics(marker),
    });
    expect(response.status, await response.text()).toBe(200);
  };

  it('shows an admin that the org forwards nothing yet', async () => {
    receiver = await startReceiver();
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(COMMONS));
    expect(created.status, created.text).toBe(201);
    const credential = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons/${COMMONS}/telemetry/credential`,
    );
    expect(credential.status, credential.text).toBe(201);
    ingestToken = credential.body.token;

    const page = portal.admin;
    await portal.signInToFleet(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.goto(`${portal.csoc.url}/orgs/${ORG}/fleet`);
    await page.getByRole('link', { name: 'Telemetry forwarding' }).click();
    await page.getByRole('heading', { name: 'Telemetry forwarding' }).waitFor();
    await field(page, 'forwarding-none').getByText('This organization forwards no telemetry').waitFor();
    await saveScreenshot(page, '74-forwarding-none');
  }, 180_000);

  it('sets the destination with a write-only header, and shows only its name', async () => {
    const page = portal.admin;
    await page.getByRole('button', { name: 'Set a destination' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forward telemetry to your backend' });
    await dialog.getByLabel('OTLP/HTTP endpoint').fill(`${receiver.url}/otlp`);
    // A name the API would refuse is caught as it is typed, and blocks saving.
    await dialog.getByLabel('Header 1 name').fill('Bad Name');
    await dialog.getByText('no spaces or colons').waitFor();
    expect(await dialog.getByRole('button', { name: 'Start forwarding' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Header 1 name').fill('Authorization');
    await dialog.getByLabel('Header 1 value').fill(SECRET);
    await saveScreenshot(page, '75-forwarding-dialog');
    await dialog.getByRole('button', { name: 'Start forwarding' }).click();
    await dialog.waitFor({ state: 'detached' });

    await field(page, 'forwarding-endpoint').getByText(`${receiver.url}/otlp`).waitFor();
    expect(await field(page, 'forwarding-state').textContent()).toBe('on');
    expect(await field(page, 'forwarding-headers').textContent()).toBe('Authorization: set');
    expect(await field(page, 'forwarding-forwarded').textContent()).toBe('0 requests');
    expect(await field(page, 'forwarding-backlog').textContent()).toBe('nothing');
    expect(await page.content()).not.toContain('org-backend-secret');
  }, 60_000);

  it('tests the destination: the receiver gets an empty export with the header', async () => {
    const page = portal.admin;
    const before = receiver.received.length;
    await page.getByRole('button', { name: 'Test the forwarding destination' }).click();
    const result = field(page, 'forwarding-test-result');
    await result.getByText(`Delivered: ${receiver.url}/otlp/v1/metrics answered HTTP 200.`).waitFor();
    const sent = receiver.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ path: '/otlp/v1/metrics', authorization: SECRET });
    expect(JSON.parse(sent[0]!.body.toString('utf8'))).toEqual({ resourceMetrics: [] });
    await saveScreenshot(page, '76-forwarding-tested');
  }, 60_000);

  it("counts a commons' OTLP forwarded, then waiting in the backlog with the error while the backend is down", async () => {
    const page = portal.admin;
    await ingest('delivered-export');
    await expect
      .poll(() => receiver.received.some((r) => r.body.toString('utf8').includes('delivered-export')), POLL)
      .toBe(true);
    await page.reload();
    await expect.poll(() => field(page, 'forwarding-forwarded').textContent(), POLL).toBe('1 request');

    receiver.state.down = true;
    await ingest('waiting-export');
    // The page reads the counts again every 10 s: the backlog and the 503 show without a reload.
    await expect
      .poll(() => field(page, 'forwarding-last-error').textContent(), POLL)
      .toMatch(/metrics: the destination answered HTTP 503/);
    expect(await field(page, 'forwarding-backlog').textContent()).toMatch(
      /^1 request \(\d+ bytes\), the oldest received /,
    );
    await saveScreenshot(page, '77-forwarding-backlog');

    receiver.state.down = false;
    await expect.poll(() => field(page, 'forwarding-forwarded').textContent(), POLL).toBe('2 requests');
    expect(await field(page, 'forwarding-backlog').textContent()).toBe('nothing');
  }, 180_000);

  it('replaces the destination with a wrong credential, and the test says to check it', async () => {
    const page = portal.admin;
    await page.getByRole('button', { name: 'Replace', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the forwarding destination' });
    // The header name comes back; its value must be typed again.
    expect(await dialog.getByLabel('Header 1 name').inputValue()).toBe('Authorization');
    expect(await dialog.getByLabel('Header 1 value').inputValue()).toBe('');
    expect(await dialog.getByRole('button', { name: 'Replace destination' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Header 1 value').fill('Bearer wrong-credential');
    await dialog.getByRole('button', { name: 'Replace destination' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Replacing starts the counts again.
    await expect.poll(() => field(page, 'forwarding-forwarded').textContent(), POLL).toBe('0 requests');

    await page.getByRole('button', { name: 'Test the forwarding destination' }).click();
    await field(page, 'forwarding-test-result')
      .getByText(/Not delivered to .*: the destination answered HTTP 401: check the credentials/)
      .waitFor();
    expect(await page.content()).not.toContain('wrong-credential');
    await saveScreenshot(page, '78-forwarding-refused');
  }, 60_000);

  it('shows a viewer the destination and its counts, and no action', async () => {
    await createSignedInUser(portal.csoc, VIEWER, ORG, 'viewer');
    const context = await portal.browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const viewer = await context.newPage();
      await portal.signInToFleet(viewer, VIEWER, TEST_USER_PASSWORD);
      await viewer.getByRole('link', { name: 'Telemetry forwarding' }).click();
      await field(viewer, 'forwarding-endpoint').getByText(`${receiver.url}/otlp`).waitFor();
      await field(viewer, 'forwarding-read-only').waitFor();
      expect(await field(viewer, 'forwarding-headers').textContent()).toBe('Authorization: set');
      expect(await field(viewer, 'forwarding-forwarded').textContent()).toBe('0 requests');
      for (const name of [/^Test/, /^Replace$/, /^Remove$/, /^Set a destination$/])
        expect(await viewer.getByRole('button', { name }).count()).toBe(0);
      expect(await viewer.content()).not.toContain('wrong-credential');
      await saveScreenshot(viewer, '79-forwarding-viewer');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('finds no serious or critical WCAG 2.1 A/AA violation on the page', async () => {
    // axe is injected as a script, which the portal's CSP refuses: a context that bypasses it.
    const context = await portal.browser.newContext({ bypassCSP: true });
    context.setDefaultTimeout(15_000);
    try {
      const page = await context.newPage();
      await portal.signInToFleet(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
      await page.goto(pageUrl());
      await field(page, 'forwarding-endpoint').getByText(`${receiver.url}/otlp`).waitFor();
      await page.getByRole('button', { name: 'Test the forwarding destination' }).click();
      await field(page, 'forwarding-test-result').waitFor();
      const violations = await seriousViolations(page);
      expect(describeViolations('telemetry forwarding', violations)).toBe('');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('removes the destination', async () => {
    const page = portal.admin;
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop forwarding telemetry?' });
    await dialog.getByRole('button', { name: 'Remove destination' }).click();
    await dialog.waitFor({ state: 'detached' });
    await field(page, 'forwarding-none').waitFor();
    const read = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/telemetry/forwarding`);
    expect(read.status).toBe(404);
    await page.goto(pageUrl());
    await field(page, 'forwarding-none').waitFor();
  }, 60_000);

  it('leaves no error in the browser console', () => {
    expect(portal.pageErrors()).toEqual([]);
  });
});

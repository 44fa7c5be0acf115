// Labels and bulk actions in a real browser (Debian's Chromium) against a real CSOC (SQLite, the sim plugin
// with real Terraform): the fleet shows each commons' labels and filters by a label selector (through the
// API, kept in the URL), the shown commons are selected and planned in one bulk action, whose page lists
// every run with its plan and the sum, and one confirmed approval applies them all; a viewer gets neither
// selection nor approval.
import { describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'bulk-ui';
const COMMONS = [
  { name: 'bulk-east', labels: { env: 'prod', region: 'east' } },
  { name: 'bulk-west', labels: { env: 'prod', region: 'west' } },
  { name: 'bulk-dev', labels: { env: 'dev' } },
];

describe('labels and bulk actions in Chromium', () => {
  const portal = usePortalFixture({ stepsName: 'bulk-actions' });
  let bulkUrl = '';

  it('shows every commons with its labels on the fleet', async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    for (const { name, labels } of COMMONS) {
      const document = simCommonsDocument(name, { simulation: { resourceDelaySeconds: 0 } });
      const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
        ...document,
        metadata: { ...document.metadata, labels },
      });
      expect(created.status, created.text).toBe(201);
    }
    await portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/fleet`);
    const east = portal.admin.getByTestId('fleet-row').filter({ hasText: 'bulk-east' });
    await east.waitFor();
    await expect(east.getByTestId('fleet-labels').innerText()).resolves.toMatch(/env=prod\s*region=east/);
    await expect(portal.admin.getByTestId('fleet-row').count()).resolves.toBe(3);
  });

  it('filters the fleet by a label selector, kept in the URL', async () => {
    const filter = portal.admin.getByRole('textbox', { name: /^Labels/ });
    // The filtered answer is held back until the page has been seen while it waits: the previous list stays,
    // marked as filtering, and the page never claims that nothing matches.
    let releaseAnswer = () => {};
    const answerHeld = new Promise<void>((resolve) => (releaseAnswer = resolve));
    const filteredList = /\/api\/v1\/orgs\/bulk-ui\/commons\?.*labelSelector=/;
    await portal.admin.route(filteredList, async (route) => {
      await answerHeld;
      await route.continue();
    });
    await filter.fill('env=prod');
    await filter.press('Enter');
    await portal.admin.waitForURL(/labels=env%3Dprod/);
    await portal.admin.getByTestId('fleet-filtering').waitFor();
    await expect(portal.admin.getByTestId('fleet-row').count()).resolves.toBe(3);
    await expect(portal.admin.getByText('No commons match these filters.').count()).resolves.toBe(0);
    releaseAnswer();
    await portal.admin.getByTestId('fleet-filtering').waitFor({ state: 'detached' });
    await portal.admin.unroute(filteredList);
    await expect(portal.admin.getByTestId('fleet-row').count()).resolves.toBe(2);
    await expect(portal.admin.getByTestId('fleet-row').filter({ hasText: 'bulk-dev' }).count()).resolves.toBe(
      0,
    );
    // A selector the API refuses is explained, not silently ignored.
    await filter.fill('env in (prod');
    await filter.press('Enter');
    await portal.admin
      .getByText(/unclosed|parenthes/i)
      .first()
      .waitFor();
    await filter.fill('env=prod');
    await filter.press('Enter');
    await portal.admin.getByTestId('fleet-row').filter({ hasText: 'bulk-west' }).waitFor();
    await saveScreenshot(portal.admin, 'fleet-labels-filter');
  });

  it('plans every shown commons in one bulk action and lists the runs with what they would change', async () => {
    await portal.admin.getByRole('checkbox', { name: 'Select every commons shown' }).check();
    const bar = portal.admin.getByRole('group', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Plan 2 commons' }).click();
    await portal.admin.waitForURL(/\/bulk\?kind=plan&runs=/);
    bulkUrl = portal.admin.url();
    await portal.admin.getByRole('heading', { name: 'Bulk plan' }).waitFor();
    const approveAll = portal.admin.getByRole('button', { name: 'Approve all 2 plans' });
    // Plans are made by the worker with real Terraform; the page polls until both wait for approval.
    await approveAll.waitFor({ timeout: 120_000 });
    await expect(approveAll.isEnabled()).resolves.toBe(true);
    const rows = portal.admin.getByTestId('bulk-row');
    await expect(rows.count()).resolves.toBe(2);
    for (const name of ['bulk-east', 'bulk-west'])
      await expect(rows.filter({ hasText: name }).innerText()).resolves.toMatch(/planned[\s\S]*\+\d+ ~0 -0/i);
    // textContent: the badges are upper-cased by CSS only.
    const summary = (await portal.admin.getByTestId('bulk-summary').textContent()) ?? '';
    const added = (await rows.allInnerTexts()).map((text) => Number(text.match(/\+(\d+) ~/)![1]));
    expect(summary).toContain(`+${added[0]! + added[1]!} to add`);
    expect(summary).toMatch(/2 commons: 2 waiting for approval/);
    await saveScreenshot(portal.admin, 'bulk-plans');
  }, 150_000);

  it('approves every plan after a confirmation listing them, and the page follows the applies', async () => {
    await portal.admin.getByRole('button', { name: 'Approve all 2 plans' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: 'Approve 2 plans?' });
    const listed = dialog.getByRole('table', { name: 'Plans to approve' });
    await listed.getByText('bulk-east').waitFor();
    await listed.getByText('bulk-west').waitFor();
    await saveScreenshot(portal.admin, 'bulk-approve-confirm');
    await dialog.getByRole('button', { name: 'Approve 2 plans' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rows = portal.admin.getByTestId('bulk-row');
    for (const name of ['bulk-east', 'bulk-west'])
      await rows.filter({ hasText: name }).getByText('succeeded').waitFor({ timeout: 120_000 });
    await expect(portal.admin.getByTestId('bulk-summary').textContent()).resolves.toMatch(/2 succeeded/);
    await saveScreenshot(portal.admin, 'bulk-applied');
    const runs = (await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/runs`)).body.items;
    expect(runs.filter((run: any) => run.approvedBy === TEST_ADMIN_EMAIL)).toHaveLength(2);
    expect(portal.pageErrors()).toEqual([]);
  }, 150_000);

  it('gives a viewer neither selection nor approval', async () => {
    await createSignedInUser(portal.csoc, 'bulk-viewer@example.org', ORG, 'viewer');
    const page = await portal.newPage();
    await portal.signInToFleet(page, 'bulk-viewer@example.org', TEST_USER_PASSWORD);
    await page.goto(`${portal.csoc.url}/orgs/${ORG}/fleet`);
    await page.getByTestId('fleet-row').filter({ hasText: 'bulk-east' }).waitFor();
    await expect(page.getByRole('checkbox').count()).resolves.toBe(0);
    await page.goto(bulkUrl);
    await page.getByTestId('bulk-row').first().waitFor();
    await expect(page.getByRole('button', { name: /^Approve all/ }).count()).resolves.toBe(0);
  });
});

// The end of a commons' life in a real browser (Debian's Chromium) against a real CSOC (SQLite, the sim
// plugin with real Terraform): the State tab lists the state versions, downloads one (an audited read)
// and restores an older one after confirmation; deletion is refused while infrastructure exists, works
// after a destroy, and for prod waits for a second person; a viewer sees no restore and no delete.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'lifecycle-org';
const COMMONS = 'life-alpha';
const PROD_COMMONS = 'life-prod';
/** Stays on the fleet throughout, so an empty fleet cannot pass for a deleted commons. */
const KEPT_COMMONS = 'life-keep';

describe('the life and end of a commons in Chromium', () => {
  const portal = usePortalFixture({ stepsName: 'commons-lifecycle' });

  const signIn = portal.signInToFleet;

  const newPage = portal.newPage;

  /** Starts a run of `kind`, waits for its plan, approves it and waits for the apply to succeed. */
  async function planAndApply(client: ApiClient, commons: string, kind: 'plan' | 'destroy') {
    const run = await client.post(`/api/v1/orgs/${ORG}/commons/${commons}/runs`, { kind });
    expect(run.status, run.text).toBe(201);
    const planned = await waitForRun(client, ORG, run.body.id, ['planned']);
    expect(planned.state, planned.message).toBe('planned');
    const approved = await client.post(`/api/v1/orgs/${ORG}/runs/${run.body.id}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const applied = await waitForRun(client, ORG, run.body.id, []);
    expect(applied.state, applied.message).toBe('succeeded');
    return run.body.id as string;
  }

  const stateTab = (commons: string) => `${portal.csoc.url}/orgs/${ORG}/commons/${commons}?tab=state`;
  const settingsTab = (commons: string) => `${portal.csoc.url}/orgs/${ORG}/commons/${commons}?tab=settings`;
  const versionRows = (page: Page) =>
    page.getByRole('table', { name: 'State versions' }).getByTestId('state-version');
  const currentRow = (page: Page) =>
    page.getByRole('table', { name: 'State versions' }).locator('tr[aria-current]');

  /** Waits for the fleet to show the kept commons, then counts the rows of `commons`. */
  async function fleetRowsOf(page: Page, commons: string): Promise<number> {
    await page.waitForURL(/\/fleet$/);
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    await page.getByTestId('fleet-row').filter({ hasText: KEPT_COMMONS }).waitFor();
    return page.getByTestId('fleet-row').filter({ hasText: commons }).count();
  }

  it('provisions a sim commons, then applies a changed input, through the API', async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    const kept = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(KEPT_COMMONS),
    );
    expect(kept.status, kept.text).toBe(201);
    const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(COMMONS));
    expect(created.status, created.text).toBe(201);
    const [firstRun] = await Promise.all([
      planAndApply(portal.csoc.admin, COMMONS, 'plan'),
      signIn(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD),
    ]);
    const changed = await portal.csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/${COMMONS}`,
      simCommonsDocument(COMMONS, { buckets: ['imaging'] }),
      { 'if-match': created.headers.get('etag')! },
    );
    expect(changed.status, changed.text).toBe(200);
    const secondRun = await planAndApply(portal.csoc.admin, COMMONS, 'plan');
    const versions = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions`);
    expect(new Set(versions.body.items.map((version: any) => version.runId))).toEqual(
      new Set([firstRun, secondRun]),
    );
  }, 90_000);

  it('lists the state versions on the State tab and downloads one: JSON state, an audited read', async () => {
    // The Infrastructure tab no longer repeats the versions: it links to the State tab.
    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/commons/${COMMONS}?tab=infrastructure`);
    await portal.admin.getByRole('link', { name: 'State tab' }).click();
    await expect.poll(() => portal.admin.url()).toContain('tab=state');
    const listed = (await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions`)).body
      .items;
    await expect.poll(() => versionRows(portal.admin).count()).toBe(listed.length);
    expect(await currentRow(portal.admin).count()).toBe(1);
    expect(await currentRow(portal.admin).textContent()).toContain(`${listed[0].serial}current`);
    // Each version names the run that wrote it, linked to the run page.
    await versionRows(portal.admin)
      .first()
      .getByRole('link', { name: `run …${listed[0].runId.slice(-8)}` })
      .waitFor();
    await versionRows(portal.admin)
      .last()
      .getByRole('link', { name: `run …${listed.at(-1).runId.slice(-8)}` })
      .waitFor();
    await portal.admin.getByTestId('state-download-warning').getByText('Downloads contain secrets').waitFor();
    await saveScreenshot(portal.admin, '40-state-versions');

    const [download] = await Promise.all([
      portal.admin.waitForEvent('download'),
      versionRows(portal.admin)
        .first()
        .getByRole('link', { name: `Download serial ${listed[0].serial}` })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${COMMONS}-serial-${listed[0].serial}.tfstate`);
    const state = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(state).toMatchObject({ serial: listed[0].serial, lineage: listed[0].lineage });
    expect(Array.isArray(state.resources)).toBe(true);
    const audit = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/audit?action=state.read`);
    expect(audit.body.items.map((event: any) => event.target)).toContain(
      `orgs/${ORG}/commons/${COMMONS}/state/${listed[0].id}`,
    );
  });

  it('restores an older state version after confirmation, and the current marker moves', async () => {
    const before = (await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}/state/versions`)).body
      .items;
    const oldest = before.at(-1);
    // The current version offers no restore: it is already what the next run starts from.
    expect(
      await currentRow(portal.admin)
        .getByRole('button', { name: /^Restore/ })
        .count(),
    ).toBe(0);
    await versionRows(portal.admin)
      .last()
      .getByRole('button', { name: `Restore serial ${oldest.serial}` })
      .click();
    const dialog = portal.admin.getByRole('dialog', { name: `Restore state serial ${oldest.serial}?` });
    await dialog.getByText(/Plans made before the restore are stale/).waitFor();
    await dialog.getByText(/recorded in the audit log/).waitFor();
    await saveScreenshot(portal.admin, '41-state-restore-confirm');
    await dialog.getByRole('button', { name: `Restore serial ${oldest.serial}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await portal.admin
      .getByText(`Restored serial ${oldest.serial} of ${COMMONS} as the current state`)
      .waitFor();

    await expect.poll(() => versionRows(portal.admin).count()).toBe(before.length + 1);
    const newSerial = before[0].serial + 1;
    expect(await currentRow(portal.admin).textContent()).toContain(`${newSerial}current`);
    await currentRow(portal.admin).getByText(`restored by ${TEST_ADMIN_EMAIL}`).waitFor();
    // The version that was current before is now an old one that can be restored in turn.
    await portal.admin.getByRole('button', { name: `Restore serial ${before[0].serial}` }).waitFor();
    await saveScreenshot(portal.admin, '42-state-restored');

    const audit = await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/audit?action=state.manage`);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        target: `orgs/${ORG}/commons/${COMMONS}/state`,
        outcome: 'success',
        summary: { restoredFrom: oldest.serial, newSerial },
      }),
    );
  });

  it('shows a viewer the state versions but no download, no restore and no delete', async () => {
    await createSignedInUser(portal.csoc, 'viewer@lifecycle.example', ORG, 'viewer');
    const viewer = await newPage();
    try {
      await signIn(viewer, 'viewer@lifecycle.example', TEST_USER_PASSWORD);
      await viewer.goto(stateTab(COMMONS));
      await currentRow(viewer).waitFor();
      expect(await versionRows(viewer).count()).toBeGreaterThan(2);
      expect(await viewer.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
      expect(await viewer.getByRole('link', { name: /^Download/ }).count()).toBe(0);
      expect(await viewer.getByTestId('state-download-warning').count()).toBe(0);
      await saveScreenshot(viewer, '43-viewer-state');
      await viewer.getByRole('tab', { name: 'Settings' }).click();
      await viewer.getByRole('textbox', { name: 'Commons document (JSON)' }).waitFor();
      expect(await viewer.getByText('Danger zone').count()).toBe(0);
      expect(await viewer.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    } finally {
      await viewer.context().close();
    }
  });

  it('refuses in place to delete a commons whose infrastructure still exists', async () => {
    await portal.admin.goto(settingsTab(COMMONS));
    const danger = portal.admin.getByRole('region', { name: 'Danger zone' });
    await danger.getByText('Infrastructure still exists').waitFor();
    const confirm = danger.getByRole('textbox', { name: `Type ${COMMONS} to confirm` });
    const deleteButton = danger.getByRole('button', { name: 'Delete commons' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.fill('life-alph');
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.fill(COMMONS);
    await deleteButton.click();
    const refused = danger.getByRole('alert').filter({ hasText: `${COMMONS} was not deleted` });
    await refused.getByText(/still has infrastructure; run a destroy/).waitFor();
    await saveScreenshot(portal.admin, '44-delete-refused');
    expect((await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}`)).status).toBe(200);
  });

  it('deletes the commons after a destroy and lands on the fleet without it', async () => {
    await planAndApply(portal.csoc.admin, COMMONS, 'destroy');
    await portal.admin.reload();
    const danger = portal.admin.getByRole('region', { name: 'Danger zone' });
    await danger.getByRole('textbox', { name: `Type ${COMMONS} to confirm` }).fill(COMMONS);
    expect(await danger.getByText('Infrastructure still exists').count()).toBe(0);
    await danger.getByRole('button', { name: 'Delete commons' }).click();
    expect(await fleetRowsOf(portal.admin, COMMONS)).toBe(0);
    await portal.admin.getByText(`Deleted the commons ${COMMONS}.`).waitFor();
    await saveScreenshot(portal.admin, '45-deleted-fleet');
    expect((await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${COMMONS}`)).status).toBe(404);
  }, 60_000);

  it('deletes a prod commons only when a second person confirms', async () => {
    const created = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(PROD_COMMONS, {}, { environment: 'prod' }),
    );
    expect(created.status, created.text).toBe(201);
    await portal.admin.goto(settingsTab(PROD_COMMONS));
    const danger = portal.admin.getByRole('region', { name: 'Danger zone' });
    await danger.getByText(/This is a prod commons: deleting it takes two people/).waitFor();
    await danger.getByRole('textbox', { name: `Type ${PROD_COMMONS} to confirm` }).fill(PROD_COMMONS);
    await danger.getByRole('button', { name: 'Delete commons' }).click();
    const pending = danger.getByTestId('deletion-pending');
    await pending.getByText('Deletion waits for a second person').waitFor();
    await pending.getByText(/^You asked to delete this prod commons/).waitFor();
    expect(await danger.getByRole('button', { name: 'Delete commons' }).isDisabled()).toBe(true);
    await saveScreenshot(portal.admin, '46-prod-delete-pending');
    expect((await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${PROD_COMMONS}`)).status).toBe(200);

    await createSignedInUser(portal.csoc, 'second@lifecycle.example', ORG, 'admin');
    const second = await newPage();
    try {
      await signIn(second, 'second@lifecycle.example', TEST_USER_PASSWORD);
      await second.goto(settingsTab(PROD_COMMONS));
      const secondDanger = second.getByRole('region', { name: 'Danger zone' });
      await secondDanger.getByText(`${TEST_ADMIN_EMAIL} asked to delete this prod commons`).waitFor();
      await secondDanger.getByRole('textbox', { name: `Type ${PROD_COMMONS} to confirm` }).fill(PROD_COMMONS);
      await secondDanger.getByRole('button', { name: 'Confirm deletion' }).click();
      expect(await fleetRowsOf(second, PROD_COMMONS)).toBe(0);
      await second.getByText(`Deleted the commons ${PROD_COMMONS}.`).waitFor();
      await saveScreenshot(second, '47-prod-deleted');
    } finally {
      await second.context().close();
    }
    expect((await portal.csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${PROD_COMMONS}`)).status).toBe(404);
    expect(portal.pageErrors()).toEqual([]);
  });
});

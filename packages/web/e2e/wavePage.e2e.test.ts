// The wave page in a real browser (Debian's Chromium) against a real CSOC (SQLite, the sim plugin with real
// Terraform, the simulated Argo CD and commons endpoints with scheduled probes): a wave over three labelled
// commons pauses itself at the one made to degrade, and the page shows why and where, its stages with each
// commons' state and the timeline; an operator skips a commons and resumes with a reason, each after a
// confirmation, and the wave completes without the skipped commons; a second wave paused at a degraded
// commons is rolled back from the page (a revert deploy); a prod stage waits for a second person (the
// creator's approval is refused in the dialog). The wave is in the org navigation; axe is clean.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot, signInWithPassword } from './portalTestSteps.ts';

const ORG = 'wave-ui';
const WAVE = 'ui-wave';
const COMMONS = ['wa-canary', 'wb-sick', 'wc-later'];
const POLL = { timeout: 150_000, interval: 300 };

describe('the wave page in Chromium', () => {
  const portal = usePortalFixture({
    stepsName: 'wave-page',
    env: {
      // Prod stages of a wave need a second person; bulk plans are then approved by someone else too.
      CSOC_APPROVAL_SEPARATE_APPROVER: 'true',
      CSOC_PROBE_INTERVAL_SECONDS: '1',
      CSOC_SIM_SYNC_DELAY_MS: '100',
      CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0',
    },
  });
  const api = (path: string) => `/api/v1/orgs/${ORG}${path}`;
  let bulkPath = '';
  const wave = async () => (await portal.csoc.admin.get(api(`/waves/${WAVE}`))).body;
  const memberState = async (commons: string) =>
    (await wave()).members.find((member: { commons: string }) => member.commons === commons)?.state;
  const memberRow = (page: Page, commons: string) =>
    page.getByTestId('wave-member').and(page.locator(`[data-commons="${commons}"]`));

  async function simFault(commons: string, fault?: { service: string; fault: string }) {
    const response = await fetch(`${portal.csoc.context.simArgoCdUrl}/sim-control/faults/${ORG}/${commons}`, {
      method: fault ? 'PUT' : 'DELETE',
      headers: {
        authorization: `Bearer ${portal.csoc.context.simArgoCdToken}`,
        ...(fault ? { 'content-type': 'application/json' } : {}),
      },
      ...(fault ? { body: JSON.stringify(fault) } : {}),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  it('provisions three labelled commons with one bulk plan and approval, and starts a wave over them', async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    for (const name of [...COMMONS, 'wd-prod']) {
      const document = simCommonsDocument(
        name,
        { simulation: { resourceDelaySeconds: 0 } },
        { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } },
      );
      const prod = name === 'wd-prod';
      const created = await portal.csoc.admin.post(api('/commons'), {
        ...document,
        metadata: { ...document.metadata, labels: { group: prod ? 'prod' : 'ui' } },
        spec: { ...document.spec, environment: prod ? 'prod' : 'dev' },
      });
      expect(created.status, created.text).toBe(201);
    }
    const operator = await createSignedInUser(portal.csoc, 'wave-operator@example.org', ORG, 'operator');
    const [bulk] = await Promise.all([
      operator.post(api('/bulk/runs'), { kind: 'plan', labelSelector: 'group in (ui,prod)' }),
      portal.signInToFleet(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD),
    ]);
    expect(bulk.status, bulk.text).toBe(201);
    const runIds = bulk.body.items.map((item: any) => item.run.id).join(',');
    bulkPath = `/orgs/${ORG}/bulk?kind=plan&runs=${runIds}`;
    const runs = async () => (await portal.csoc.admin.get(api(`/bulk/runs?runs=${runIds}`))).body;
    await expect.poll(async () => (await runs()).summary.planned, POLL).toBe(4);
    const listed = (await runs()).items.map((item: any) => ({ id: item.run.id, version: item.run.version }));
    expect((await portal.csoc.admin.post(api('/bulk/runs/approve'), { runs: listed })).status).toBe(200);
    await expect.poll(async () => (await runs()).summary.succeeded, POLL).toBe(4);

    const created = await portal.csoc.admin.post(api('/waves'), {
      name: WAVE,
      selector: 'group=ui',
      targetRelease: '2025.07',
      soakSeconds: 0,
      maxParallel: 1,
      stages: { canary: { commons: ['wa-canary'] }, batch: { count: 2 } },
    });
    expect(created.status, created.text).toBe(201);
  }, 300_000);

  it('shows the wave paused at the commons that degraded, with its stages and timeline', async () => {
    await expect.poll(() => memberState('wb-sick'), POLL).toMatch(/starting|upgrading/);
    await simFault('wb-sick', { service: 'fence', fault: 'down' });
    await expect.poll(async () => (await wave()).state, POLL).toBe('paused');

    await portal.admin.getByRole('link', { name: 'Release waves' }).click();
    await portal.admin.getByRole('heading', { name: 'Release waves' }).waitFor();
    await portal.admin
      .getByRole('table', { name: 'Release waves' })
      .getByRole('link', { name: WAVE })
      .click();
    await portal.admin.getByRole('heading', { name: `Wave ${WAVE}` }).waitFor();
    await expect(portal.admin.getByTestId('wave-state').textContent()).resolves.toBe('paused');
    const paused = portal.admin.getByTestId('wave-paused');
    await expect(paused.textContent()).resolves.toMatch(/wb-sick[\s\S]*fence down/);
    await expect(portal.admin.getByTestId('wave-stage').count()).resolves.toBe(2);
    await expect(memberRow(portal.admin, 'wa-canary').textContent()).resolves.toMatch(
      /done[\s\S]*2025\.06 → 2025\.07/,
    );
    await expect(memberRow(portal.admin, 'wc-later').textContent()).resolves.toContain('pending');
    const timeline = portal.admin.getByTestId('wave-timeline');
    await timeline.getByText('stage-passed').first().waitFor();
    await timeline.getByText('paused', { exact: true }).first().waitFor();
    await saveScreenshot(portal.admin, 'wave-paused');
  }, 200_000);

  it('skips a commons and resumes with a reason, each after a confirmation, until the wave completes', async () => {
    await memberRow(portal.admin, 'wc-later').getByRole('button', { name: 'Skip wc-later' }).click();
    const skipDialog = portal.admin.getByRole('dialog', { name: 'Skip wc-later?' });
    await skipDialog.getByRole('textbox', { name: /^Reason/ }).fill('not ready for 2025.07');
    await skipDialog.getByRole('button', { name: 'Skip wc-later' }).click();
    await skipDialog.waitFor({ state: 'detached' });
    await expect.poll(() => memberRow(portal.admin, 'wc-later').textContent(), POLL).toContain('skipped');

    await simFault('wb-sick');
    await portal.admin
      .getByRole('group', { name: 'Wave actions' })
      .getByRole('button', { name: 'Resume' })
      .click();
    const resumeDialog = portal.admin.getByRole('dialog', { name: `Resume of wave ${WAVE}?` });
    await saveScreenshot(portal.admin, 'wave-resume-confirm');
    await resumeDialog.getByRole('textbox', { name: /^Reason/ }).fill('fence fixed');
    await resumeDialog.getByRole('button', { name: 'Resume' }).click();
    await resumeDialog.waitFor({ state: 'detached' });
    await portal.admin.getByTestId('wave-timeline').getByText('resumed: fence fixed').waitFor();
    await expect.poll(() => portal.admin.getByTestId('wave-state').textContent(), POLL).toBe('completed');
    await expect(memberRow(portal.admin, 'wb-sick').textContent()).resolves.toContain('done');
    await expect(memberRow(portal.admin, 'wc-later').textContent()).resolves.toContain('skipped');
    const releases = await Promise.all(
      COMMONS.map(
        async (name) => (await portal.csoc.admin.get(api(`/commons/${name}`))).body.spec.gen3.release,
      ),
    );
    expect(releases).toEqual(['2025.07', '2025.07', '2025.06']);
    await saveScreenshot(portal.admin, 'wave-completed');
    expect(portal.pageErrors()).toEqual([]);
  }, 200_000);

  it('rolls a paused stage back after a confirmation: the commons it moved is reverted by a deploy', async () => {
    const created = await portal.csoc.admin.post(api('/waves'), {
      name: 'ui-rollback',
      selector: 'group=ui',
      targetRelease: '2025.07',
      soakSeconds: 0,
    });
    expect(created.status, created.text).toBe(201);
    const rollbackMember = async () =>
      (await portal.csoc.admin.get(api('/waves/ui-rollback'))).body.members.find(
        (member: { commons: string }) => member.commons === 'wc-later',
      );
    await expect.poll(async () => (await rollbackMember()).state, POLL).toMatch(/starting|upgrading/);
    await simFault('wc-later', { service: 'fence', fault: 'down' });
    await expect
      .poll(async () => (await portal.csoc.admin.get(api('/waves/ui-rollback'))).body.state, POLL)
      .toBe('paused');

    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/waves/ui-rollback`);
    await expect(portal.admin.getByTestId('wave-paused').textContent()).resolves.toContain('wc-later');
    await portal.admin
      .getByRole('group', { name: 'Wave actions' })
      .getByRole('button', { name: 'Roll back stage' })
      .click();
    const dialog = portal.admin.getByRole('dialog', { name: 'Roll back stage of wave ui-rollback?' });
    await dialog.getByText(/reverted to its release before the wave/).waitFor();
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('fence keeps failing on 2025.07');
    await dialog.getByRole('button', { name: 'Roll back stage' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => portal.admin.getByTestId('wave-state').textContent(), POLL).toBe('rolled back');
    await expect.poll(() => memberRow(portal.admin, 'wc-later').textContent(), POLL).toContain('rolled back');
    const member = await rollbackMember();
    const deploy = (await portal.csoc.admin.get(api(`/commons/wc-later/deploys/${member.deployId}`))).body;
    expect(deploy.release).toBe('2025.06');
    expect((await portal.csoc.admin.get(api('/commons/wc-later'))).body.spec.gen3.release).toBe('2025.06');
    await portal.admin
      .getByTestId('wave-timeline')
      .getByText('rolled-back', { exact: true })
      .first()
      .waitFor();
    await saveScreenshot(portal.admin, 'wave-rolled-back');
    await simFault('wc-later');
  }, 200_000);

  it('makes a prod stage wait for a second person: the creator is refused in the dialog, another admin approves', async () => {
    const created = await portal.csoc.admin.post(api('/waves'), {
      name: 'ui-prod',
      selector: 'group=prod',
      targetRelease: '2025.07',
      soakSeconds: 0,
    });
    expect(created.status, created.text).toBe(201);
    await expect
      .poll(async () => (await portal.csoc.admin.get(api('/waves/ui-prod'))).body.state, POLL)
      .toBe('awaiting_approval');

    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/waves/ui-prod`);
    await expect(portal.admin.getByTestId('wave-state').textContent()).resolves.toBe('awaiting approval');
    await portal.admin.getByText(/needs a second person/).waitFor();
    await portal.admin
      .getByRole('group', { name: 'Wave actions' })
      .getByRole('button', { name: 'Approve stage' })
      .click();
    const dialog = portal.admin.getByRole('dialog', { name: 'Approve stage of wave ui-prod?' });
    await dialog.getByRole('button', { name: 'Approve stage' }).click();
    // The creator may not approve: the refusal is shown in place, and nothing moved.
    await dialog
      .getByText(/second person/)
      .first()
      .waitFor();
    await saveScreenshot(portal.admin, 'wave-approval-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await createSignedInUser(portal.csoc, 'wave-approver@example.org', ORG, 'admin');
    const approverPage = await portal.newPage();
    await portal.signInToFleet(approverPage, 'wave-approver@example.org', TEST_USER_PASSWORD);
    await approverPage.goto(`${portal.csoc.url}/orgs/${ORG}/waves/ui-prod`);
    await approverPage
      .getByRole('group', { name: 'Wave actions' })
      .getByRole('button', { name: 'Approve stage' })
      .click();
    const approverDialog = approverPage.getByRole('dialog', { name: 'Approve stage of wave ui-prod?' });
    await approverDialog.getByRole('textbox', { name: /^Reason/ }).fill('change 42');
    await approverDialog.getByRole('button', { name: 'Approve stage' }).click();
    await approverDialog.waitFor({ state: 'detached' });
    await approverPage.getByText(/approved by wave-approver@example.org/).waitFor();
    await expect.poll(() => approverPage.getByTestId('wave-state').textContent(), POLL).toBe('completed');
    expect((await portal.csoc.admin.get(api('/commons/wd-prod'))).body.spec.gen3.release).toBe('2025.07');
  }, 200_000);

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical WCAG 2.1 A/AA violation on the fleet, bulk and wave screens (${colorScheme})`, async () => {
      const context = await portal.browser.newContext({ colorScheme, bypassCSP: true });
      context.setDefaultTimeout(15_000);
      try {
        const page = await context.newPage();
        await signInWithPassword(page, portal.csoc.url, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
        await page.getByRole('heading', { name: 'Fleet' }).waitFor();
        const screens: Array<[string, string, () => Promise<void>]> = [
          [
            'fleet with labels',
            `/orgs/${ORG}/fleet?labels=group%3Dui`,
            () => page.getByTestId('fleet-row').first().waitFor(),
          ],
          ['bulk action', bulkPath, () => page.getByTestId('bulk-row').first().waitFor()],
          ['release waves', `/orgs/${ORG}/waves`, () => page.getByRole('link', { name: WAVE }).waitFor()],
          ['wave', `/orgs/${ORG}/waves/${WAVE}`, () => page.getByTestId('wave-stage').first().waitFor()],
        ];
        const failures: string[] = [];
        for (const [screen, path, ready] of screens) {
          await page.goto(`${portal.csoc.url}${path}`);
          await ready();
          const violations = await seriousViolations(page);
          if (violations.length) failures.push(describeViolations(screen, violations));
        }
        expect(failures.join('\n\n')).toBe('');
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});

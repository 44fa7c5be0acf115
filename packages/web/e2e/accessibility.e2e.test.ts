// An automated accessibility audit of the portal: axe-core (WCAG 2.1 A and AA rules) on every main
// screen in light and dark, against a real CSOC with a planned sim commons; plus the keyboard path an
// operator without a mouse takes (sign in, reach the fleet, open a commons). Serious and critical
// findings fail the test and are listed with the element they concern.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument, waitForRun } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { describeViolations, seriousViolations } from './axeAudit.ts';
import { usePortalFixture } from './portalFixture.ts';

const ORG = 'a11y-org';

describe('the portal passes an automated accessibility audit', () => {
  const portal = usePortalFixture();
  let runId: string;

  beforeAll(async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
    const created = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument('a11y-alpha', {}, { gen3: { release: '2025.06', hostname: 'a11y.example.org' } }),
    );
    expect(created.status, created.text).toBe(201);
    const run = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/commons/a11y-alpha/runs`, { kind: 'plan' });
    expect(run.status, run.text).toBe(201);
    runId = run.body.id;
    expect((await waitForRun(portal.csoc.admin, ORG, runId, ['planned'])).state).toBe('planned');
  }, 120_000);

  async function signedInContext(colorScheme: 'light' | 'dark'): Promise<BrowserContext> {
    // The audit script is injected into the page, which the portal's strict CSP would refuse.
    const context = await portal.browser.newContext({
      viewport: { width: 1366, height: 768 },
      colorScheme,
      bypassCSP: true,
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await portal.signInToFleet(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.close();
    return context;
  }

  /** Screens as [name, path, something on the page that shows it finished loading]. */
  const screens: Array<[string, string, (page: Page) => Promise<void>]> = [
    ['fleet', `/orgs/${ORG}/fleet`, (page) => page.getByTestId('fleet-row').first().waitFor()],
    [
      'commons summary',
      `/orgs/${ORG}/commons/a11y-alpha`,
      (page) => page.getByText('sim@').first().waitFor(),
    ],
    [
      'commons runs',
      `/orgs/${ORG}/commons/a11y-alpha?tab=runs`,
      (page) => page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first().waitFor(),
    ],
    [
      'commons revisions',
      `/orgs/${ORG}/commons/a11y-alpha?tab=revisions`,
      (page) => page.getByRole('table', { name: 'Revision history' }).locator('tbody tr').first().waitFor(),
    ],
    [
      'commons state',
      `/orgs/${ORG}/commons/a11y-alpha?tab=state`,
      (page) => page.getByTestId('state-lock').waitFor(),
    ],
    [
      'commons settings',
      `/orgs/${ORG}/commons/a11y-alpha?tab=settings`,
      (page) => page.getByLabel('Commons document (JSON)').waitFor(),
    ],
    ['run', `/orgs/${ORG}/runs/RUN`, (page) => page.getByTestId('plan-summary').waitFor()],
    [
      'create wizard',
      `/orgs/${ORG}/commons/new`,
      (page) => page.getByRole('heading', { name: 'Create a commons' }).waitFor(),
    ],
    [
      'cloud accounts',
      `/orgs/${ORG}/accounts`,
      (page) => page.getByRole('table', { name: 'Cloud accounts' }).getByText('sim-account').waitFor(),
    ],
    [
      'plugins',
      `/orgs/${ORG}/plugins`,
      (page) => page.getByRole('table', { name: 'Plugins' }).locator('tbody tr').first().waitFor(),
    ],
    ['members', `/orgs/${ORG}/members`, (page) => page.getByRole('table', { name: 'Members' }).waitFor()],
    [
      'audit log',
      `/orgs/${ORG}/audit`,
      (page) => page.getByRole('heading', { name: /Audit/ }).first().waitFor(),
    ],
    [
      'releases',
      `/orgs/${ORG}/releases`,
      (page) =>
        page
          .getByRole('heading', { name: /releases/i })
          .first()
          .waitFor(),
    ],
    [
      'profile',
      `/orgs/${ORG}/profile`,
      (page) =>
        page
          .getByRole('heading', { name: /Profile/ })
          .first()
          .waitFor(),
    ],
    [
      'gitops access',
      `/orgs/${ORG}/gitops`,
      (page) =>
        page
          .getByRole('heading', { name: /GitOps/ })
          .first()
          .waitFor(),
    ],
    [
      'platform users',
      `/orgs/${ORG}/platform/users`,
      (page) => page.getByText(TEST_ADMIN_EMAIL).first().waitFor(),
    ],
  ];

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical WCAG 2.1 A/AA violation on any main screen (${colorScheme})`, async () => {
      const failures: string[] = [];
      const signedOut = await portal.browser.newContext({ colorScheme, bypassCSP: true });
      const login = await signedOut.newPage();
      await login.goto(`${portal.csoc.url}/login`);
      await login.getByRole('button', { name: 'Sign in' }).waitFor();
      const loginViolations = await seriousViolations(login);
      if (loginViolations.length) failures.push(describeViolations('sign-in', loginViolations));
      await signedOut.close();

      const context = await signedInContext(colorScheme);
      const page = await context.newPage();
      for (const [screen, path, loaded] of screens) {
        await page.goto(`${portal.csoc.url}${path.replace('RUN', runId)}`);
        await loaded(page);
        // Let transitions and lazy chunks settle: axe reads computed colours.
        await page.waitForTimeout(150);
        const violations = await seriousViolations(page);
        if (violations.length) failures.push(describeViolations(screen, violations));
      }
      await context.close();
      expect(failures.join('\n\n')).toBe('');
    }, 120_000);
  }

  it('can be used from the keyboard alone: sign in, reach the fleet, open a commons', async () => {
    const context = await portal.browser.newContext({ viewport: { width: 1366, height: 768 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${portal.csoc.url}/login`);
    await page.getByRole('textbox', { name: 'Email' }).waitFor();
    // Tab order on the sign-in page: email, then password, then the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
    await page.keyboard.type(TEST_ADMIN_EMAIL);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
    await page.keyboard.type(TEST_ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();

    // Tab until the commons link in the fleet list has focus, then open it with Enter.
    let reached = false;
    for (let presses = 0; presses < 60 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent === 'a11y-alpha');
    }
    expect(reached, 'the commons link is reachable with Tab').toBe(true);
    // Focus is visible where it is (an outline or a box shadow on the focused link).
    const focusVisible = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none';
    });
    expect(focusVisible, 'the focused link shows a focus ring').toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/commons\/a11y-alpha/);
    await page.getByRole('heading', { name: 'a11y-alpha' }).waitFor();
    // The tabs move with the arrow keys, as WAI-ARIA tabs do.
    await page.getByRole('tab', { name: 'Summary' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Monitoring', selected: true }).waitFor();
    await context.close();
  }, 60_000);
});

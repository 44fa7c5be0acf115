// The portal end to end in a real browser (Debian's Chromium via playwright-core) against a real CSOC
// (SQLite, the sim plugin with real Terraform, the embedded worker): first sign-in and first org, a sim
// cloud account with a write-only secret, the create wizard (inline schema errors, a server error in
// place), the plan streaming live, approval, apply, the fleet, the audit log — and a viewer who sees
// neither an approve button nor a secret. Screenshots of the main screens go to artifacts/screenshots/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '../../server/src/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../../server/src/testing/testDatabases.ts';
import { createSignedInUser, TEST_USER_PASSWORD } from '../../server/src/testing/testUsers.ts';
import { ensurePortalBuilt, launchChromium } from './portalBrowser.ts';
import {
  openPortalPage,
  saveScreenshot,
  signInWithPassword,
  stopAfterFirstFailure,
} from './portalTestSteps.ts';

const ORG = 'portal-org';
const SECRET = 'sim-token-never-shown-4711';
const FROM_RELEASE = '2025.06';

describe('the CSOC portal in Chromium', () => {
  let csoc: TestCsoc;
  let browser: Browser;
  let admin: Page;
  let consoleErrors: string[] = [];

  /** An owner API token for setting up fixtures the browser steps do not cover. */
  async function ownerToken(): Promise<string> {
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/tokens`, {
      name: 'e2e-fixtures',
      role: 'owner',
    });
    return created.body.token;
  }

  async function signIn(page: Page, email: string, password: string) {
    await signInWithPassword(page, csoc.url, email, password);
  }

  stopAfterFirstFailure(() => admin, 'portal');

  beforeAll(async () => {
    await ensurePortalBuilt();
    [csoc, browser] = await Promise.all([
      startTestCsoc({
        databaseUrl: createSqliteTestDatabase(),
        env: { CSOC_SIM_SYNC_DELAY_MS: '200', CSOC_DEPLOY_TIMEOUT_SECONDS: '30' },
      }),
      launchChromium(),
    ]);
    ({ page: admin, consoleErrors } = await openPortalPage(browser));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await csoc?.stop();
  });

  it('serves the portal with a strict CSP and keeps unknown API paths JSON', async () => {
    const page = await fetch(`${csoc.url}/orgs/x/fleet`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${csoc.url}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('route_not_found');
  });

  it('signs in for the first time and creates the first organization', async () => {
    await admin.goto(`${csoc.url}/`);
    await expect.poll(() => admin.url()).toContain('/login');
    await saveScreenshot(admin, '01-sign-in');
    await signIn(admin, TEST_ADMIN_EMAIL, 'wrong-password');
    await admin.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    expect(await admin.getByTestId('request-id').textContent()).toMatch(/\S+/);
    await signIn(admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await admin.getByRole('heading', { name: 'No organization yet' }).waitFor();
    await admin.getByRole('textbox', { name: /^Slug/ }).fill(ORG);
    await admin.getByRole('textbox', { name: /^Name/ }).fill('Portal Research');
    await admin.getByRole('button', { name: 'Create organization' }).click();
    await admin.getByRole('heading', { name: 'Fleet' }).waitFor();
    expect(admin.url()).toContain(`/orgs/${ORG}/fleet`);
  });

  it('adds a sim cloud account whose secret never comes back', async () => {
    await admin.getByRole('link', { name: 'Cloud accounts' }).click();
    await admin.getByRole('heading', { name: 'Add a cloud account' }).waitFor();
    await admin.getByRole('textbox', { name: /^Name/ }).fill('sim-account');
    await admin.locator('#account-public_region').fill('us-sim-1');
    const secretInput = admin.locator('#account-secrets_token');
    expect(await secretInput.getAttribute('type')).toBe('password');
    await secretInput.fill(SECRET);
    await admin.getByRole('button', { name: 'Add account' }).click();
    await admin.getByRole('table', { name: 'Cloud accounts' }).getByText('sim-account').waitFor();
    await admin.getByText('token: set').waitFor();
    expect(await admin.content()).not.toContain(SECRET);
    await saveScreenshot(admin, '02-cloud-accounts');
  });

  it('invites a new user who accepts in a second browser context and joins the org', async () => {
    await admin.getByRole('link', { name: 'Members' }).click();
    await admin.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await admin.getByRole('textbox', { name: /^Email to invite/ }).fill('invitee@example.org');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    const acceptUrl = (await admin.getByTestId('accept-url').textContent())!.trim();
    expect(acceptUrl).toContain('/invitations/accept#');
    const invitations = admin.getByRole('table', { name: 'Invitations' });
    await invitations.getByText('pending').waitFor();
    await saveScreenshot(admin, '15-invitations');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const invitee = await context.newPage();
      await invitee.goto(`${csoc.url}/invitations/accept#${acceptUrl.split('#')[1]}`);
      await invitee.getByRole('textbox', { name: 'Display name' }).fill('Invited Person');
      await invitee.getByLabel(/^New password/).fill('invitee-password-1234');
      await invitee.getByRole('button', { name: 'Accept invitation' }).click();
      await invitee.getByText(`You joined ${ORG} as viewer.`).waitFor();
      await saveScreenshot(invitee, '16-invitation-accepted');
      await invitee.getByRole('link', { name: 'Sign in' }).click();
      await signIn(invitee, 'invitee@example.org', 'invitee-password-1234');
      await invitee.getByRole('heading', { name: 'Fleet' }).waitFor();
    } finally {
      await context.close();
    }
    await admin.reload();
    await invitations.getByText('accepted').waitFor();
    await admin.getByRole('table', { name: 'Members' }).getByText('invitee@example.org').waitFor();
  });

  it('creates a sim commons through the wizard, with errors inline and in place', async () => {
    // A commons that already holds the name the wizard will first try: the server refuses it in place.
    const taken = await fetch(`${csoc.url}/api/v1/orgs/${ORG}/commons`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await ownerToken()}` },
      body: JSON.stringify({
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'Commons',
        metadata: { name: 'web-taken' },
        spec: {
          environment: 'dev',
          plugin: { name: 'sim' },
          account: 'sim-account',
          inputs: { name: 'web-taken' },
        },
      }),
    });
    expect(taken.status).toBe(201);

    await admin.getByRole('link', { name: 'Create commons' }).first().click();
    await admin.getByRole('heading', { name: 'Create a commons' }).waitFor();
    await admin.getByRole('textbox', { name: /^Name/ }).fill('web-taken');
    await admin.getByPlaceholder('Pick a plugin').click();
    await admin.getByRole('option', { name: /^sim / }).click();
    await admin.getByPlaceholder('Pick an account').click();
    await admin.getByRole('option', { name: /sim-account/ }).click();
    await admin.getByRole('button', { name: 'Next' }).click();

    // The plugin's form, from its JSON Schema: a bad region shows a field error before any submit.
    const region = admin.locator('#inputs_region');
    await region.waitFor();
    await region.fill('nowhere');
    await admin
      .getByText(/must match pattern/)
      .first()
      .waitFor();
    expect(await admin.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await saveScreenshot(admin, '03-wizard-inputs-invalid');
    await region.fill('us-sim-1');
    await expect.poll(() => admin.getByText(/must match pattern/).count()).toBe(0);
    await admin.getByRole('button', { name: 'Next' }).click();

    // Gen3 settings: the release picker offers the catalog's releases and shows the chosen one's notes.
    await admin.getByLabel('Configure Gen3 now (release, hostname, services, login providers)').check();
    await admin.locator('#gen3_release').selectOption(FROM_RELEASE);
    await admin.getByRole('region', { name: `Release notes ${FROM_RELEASE}` }).waitFor();
    await admin.locator('#gen3_hostname').fill('web-alpha.example.org');
    await saveScreenshot(admin, '04-wizard-gen3');
    await admin.getByRole('button', { name: 'Next' }).click();
    await admin
      .getByTestId('review-document')
      .getByText(/"hostname": "web-alpha.example.org"/)
      .waitFor();
    // Only choices the user made: no union member (e.g. tierAccessLevel "libre") is filled in for them.
    expect(await admin.getByTestId('review-document').textContent()).not.toContain('tierAccessLevel');
    // The Helm values the deploy would commit, rendered before anything exists (examples for outputs).
    const rendered = admin.getByRole('region', { name: 'Rendered Gen3 values' });
    await rendered
      .getByTestId('rendered-values.yaml')
      .getByText(/web-alpha\.example\.org/)
      .first()
      .waitFor();
    await rendered.getByText('The infrastructure does not exist yet').waitFor();
    await saveScreenshot(admin, '05-wizard-review');
    await admin.getByRole('button', { name: 'Create and plan' }).click();
    const serverError = admin.getByRole('alert').filter({ hasText: 'The commons could not be created' });
    await serverError.waitFor();
    expect(await serverError.textContent()).toContain('body.metadata.name');
    expect(await serverError.getByTestId('request-id').textContent()).toMatch(/\S+/);
    await saveScreenshot(admin, '06-wizard-server-error');

    await admin.getByRole('button', { name: /Basics/ }).click();
    await admin.getByText('is taken').waitFor();
    await admin.getByRole('textbox', { name: /^Name/ }).fill('web-alpha');
    for (let step = 0; step < 3; step++) await admin.getByRole('button', { name: 'Next' }).click();
    await admin
      .getByTestId('review-document')
      .getByText(/"name": "web-alpha"/)
      .first()
      .waitFor();
    await admin.getByRole('button', { name: 'Create and plan' }).click();
    await admin.waitForURL(/\/runs\//);
  });

  it('streams the plan, waits for approval, and a viewer sees no approve button and no secret', async () => {
    await admin
      .getByTestId('run-log')
      .filter({ hasText: /terraform|Terraform|plan/ })
      .waitFor({ timeout: 60_000 });
    await admin.getByTestId('plan-summary').waitFor({ timeout: 60_000 });
    await admin.getByTestId('run-state').filter({ hasText: 'planned' }).waitFor();
    expect(await admin.getByTestId('plan-summary').textContent()).toMatch(/\+\d+ to add/);
    await admin.getByRole('button', { name: 'Approve and apply' }).waitFor();
    await saveScreenshot(admin, '07-run-planned');
    const runUrl = admin.url();

    await createSignedInUser(csoc, 'viewer@portal.example', ORG, 'viewer');
    const viewerContext = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'dark',
    });
    const viewer = await viewerContext.newPage();
    await signIn(viewer, 'viewer@portal.example', TEST_USER_PASSWORD);
    await viewer.getByRole('heading', { name: 'Fleet' }).waitFor();
    await viewer.goto(runUrl);
    await viewer.getByTestId('plan-summary').waitFor();
    await viewer.getByText('Waiting for approval by an admin or owner.').waitFor();
    expect(await viewer.getByRole('button', { name: 'Approve and apply' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Discard' }).count()).toBe(0);
    await saveScreenshot(viewer, '08-viewer-run-dark');
    await viewer.getByRole('link', { name: 'Cloud accounts' }).click();
    await viewer.getByRole('table', { name: 'Cloud accounts' }).getByText('sim-account').waitFor();
    expect(await viewer.getByRole('button', { name: 'Add account' }).count()).toBe(0);
    expect(await viewer.content()).not.toContain(SECRET);
    await viewerContext.close();
  }, 90_000);

  it('approves, applies, and shows the commons provisioned on the fleet and its infrastructure', async () => {
    await admin.getByRole('button', { name: 'Approve and apply' }).click();
    await admin.getByTestId('run-state').filter({ hasText: 'succeeded' }).waitFor({ timeout: 90_000 });
    // The progress bar follows the plugin's progress events (step/total) to the end.
    expect(await admin.locator('#run-progress-label').textContent()).toMatch(/Progress \d+\/\d+/);
    await expect.poll(() => admin.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await saveScreenshot(admin, '09-run-applied');

    await admin.getByRole('link', { name: 'web-alpha' }).click();
    await admin.getByRole('tab', { name: 'Infrastructure' }).click();
    await admin
      .getByRole('table', { name: 'Resources' })
      .getByText(/terraform_data\./)
      .first()
      .waitFor();
    await admin.getByRole('tab', { name: 'Graph' }).click();
    const graph = admin.getByRole('img', { name: 'Infrastructure of web-alpha' });
    await graph.waitFor();
    // Drawn from the state's dependencies: the subnets hang off the VPC.
    expect(
      await graph.locator('[data-edge="terraform_data.vpc -> terraform_data.private_subnet"]').count(),
    ).toBe(1);
    await saveScreenshot(admin, '10-commons-infrastructure-graph');
    await admin.getByRole('tab', { name: 'Revisions' }).click();
    await admin.getByRole('table', { name: 'Revision history' }).getByText('Created in the portal').waitFor();
  }, 120_000);

  it('deploys, sees it synced and healthy on the fleet, and upgrades the release one step', async () => {
    await admin.getByRole('tab', { name: 'Deploys' }).click();
    await admin.getByRole('button', { name: 'Preview changes' }).click();
    await admin
      .getByLabel('Preview diff')
      .getByText(/\+\+\+ b\/.*values\.yaml/)
      .first()
      .waitFor();
    await admin.getByRole('button', { name: /^Deploy revision/ }).click();
    await admin.getByTestId('deploy-status').getByText('healthy').waitFor({ timeout: 40_000 });
    await admin.getByTestId('argocd-health').getByText('Healthy').waitFor({ timeout: 20_000 });
    expect(await admin.getByTestId('deployed-release').textContent()).toBe(FROM_RELEASE);
    await saveScreenshot(admin, '11-commons-deploy-healthy');

    await admin.getByRole('link', { name: 'Fleet' }).click();
    const row = admin.getByTestId('fleet-row').filter({ hasText: 'web-alpha' });
    await row.filter({ hasText: 'provisioned' }).waitFor({ timeout: 20_000 });
    await row
      .getByTestId('fleet-sync')
      .filter({ hasText: 'Synced' })
      .filter({ hasText: 'Healthy' })
      .waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(FROM_RELEASE);
    expect(await admin.getByTestId('fleet-status-age').textContent()).toMatch(/as of .*refreshed every 15 s/);
    await saveScreenshot(admin, '12-fleet');

    await row.getByRole('link', { name: 'web-alpha' }).click();
    await admin.getByRole('tab', { name: 'Deploys' }).click();
    await admin.getByRole('button', { name: 'Plan Gen3 upgrade' }).click();
    const plan = admin.getByRole('region', { name: 'Upgrade plan' });
    await plan.waitFor();
    const target = (await plan.getByRole('button', { name: /^Upgrade to / }).textContent())!.match(
      /\d{4}\.\d{2}/,
    )![0];
    expect(target > FROM_RELEASE).toBe(true);
    expect(await plan.getByRole('table').first().locator('tbody tr').count()).toBeGreaterThan(3);
    await saveScreenshot(admin, '13-upgrade-plan');
    await plan.getByRole('button', { name: /^Upgrade to / }).click();
    await expect
      .poll(() => admin.getByTestId('deployed-release').textContent(), { timeout: 40_000 })
      .toBe(target);
    await admin.getByTestId('argocd-health').getByText('Healthy').waitFor({ timeout: 20_000 });
  }, 120_000);

  it('shows the state lock of a commons and force-unlocks it after confirmation', async () => {
    await admin.goto(`${csoc.url}/orgs/${ORG}/commons/web-alpha?tab=state`);
    const lock = admin.getByTestId('state-lock');
    await lock.getByText('State is not locked').waitFor();
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.getByRole('button', { name: 'Force unlock' }).click();
    await lock.getByText('State is not locked').waitFor();
    await saveScreenshot(admin, '17-commons-state-lock');
  });

  it('finds every step in the audit log', async () => {
    await admin.getByRole('link', { name: 'Audit log' }).click();
    const table = admin.getByRole('table', { name: 'Audit events' });
    for (const action of ['credentials.write', 'commons.write', 'run.plan', 'run.approve', 'deploy.write']) {
      await table.getByText(action, { exact: true }).first().waitFor();
    }
    await admin.getByLabel('Action').fill('run.approve');
    await admin.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await saveScreenshot(admin, '14-audit-log');
    // Creating the org happened before the org existed: platform admins find it in the platform-wide log.
    await admin.getByRole('button', { name: 'Clear' }).click();
    await admin.getByText('Every org (platform)').click();
    await table.getByText('org.create', { exact: true }).first().waitFor();
    expect([
      ...new Set(
        consoleErrors
          .filter((text) => !/Failed to load resource/.test(text))
          .map((text) => text.split('\n')[0]),
      ),
    ]).toEqual([]);
  });
});

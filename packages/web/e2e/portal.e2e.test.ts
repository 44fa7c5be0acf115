// The portal end to end in a real browser (Debian's Chromium via playwright-core) against a real CSOC
// (SQLite, the sim plugin with real Terraform, the embedded worker): first sign-in and first org, a sim
// cloud account with a write-only secret, the create wizard (inline schema errors, a server error in
// place), the plan streaming live, approval, apply, the fleet, the audit log — and a viewer who sees
// neither an approve button nor a secret. Screenshots of the main screens go to artifacts/screenshots/.
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'portal-org';
const SECRET = 'sim-token-never-shown-4711';
const FROM_RELEASE = '2025.06';

describe('the CSOC portal in Chromium', () => {
  const portal = usePortalFixture({
    stepsName: 'portal',
    env: { CSOC_SIM_SYNC_DELAY_MS: '200', CSOC_DEPLOY_TIMEOUT_SECONDS: '30' },
  });

  /** An owner API token for setting up fixtures the browser steps do not cover. */
  async function ownerToken(): Promise<string> {
    const created = await portal.csoc.admin.post(`/api/v1/orgs/${ORG}/tokens`, {
      name: 'e2e-fixtures',
      role: 'owner',
    });
    return created.body.token;
  }

  const signIn = portal.signIn;

  it('serves the portal with a strict CSP and keeps unknown API paths JSON', async () => {
    const page = await fetch(`${portal.csoc.url}/orgs/x/fleet`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${portal.csoc.url}/api/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('route_not_found');
  });

  it('signs in for the first time and creates the first organization', async () => {
    await portal.admin.goto(`${portal.csoc.url}/`);
    await expect.poll(() => portal.admin.url()).toContain('/login');
    await saveScreenshot(portal.admin, '01-sign-in');
    await signIn(portal.admin, TEST_ADMIN_EMAIL, 'wrong-password');
    await portal.admin.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    expect(await portal.admin.getByTestId('request-id').textContent()).toMatch(/\S+/);
    await signIn(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.getByRole('heading', { name: 'No organization yet' }).waitFor();
    await portal.admin.getByRole('textbox', { name: /^Slug/ }).fill(ORG);
    await portal.admin.getByRole('textbox', { name: /^Name/ }).fill('Portal Research');
    await portal.admin.getByRole('button', { name: 'Create organization' }).click();
    await portal.admin.getByRole('heading', { name: 'Fleet' }).waitFor();
    expect(portal.admin.url()).toContain(`/orgs/${ORG}/fleet`);
  });

  it('adds a sim cloud account whose secret never comes back', async () => {
    await portal.admin.getByRole('link', { name: 'Cloud accounts' }).click();
    await portal.admin.getByRole('heading', { name: 'Add a cloud account' }).waitFor();
    await portal.admin.getByRole('textbox', { name: /^Name/ }).fill('sim-account');
    await portal.admin.locator('#account-public_region').fill('us-sim-1');
    const secretInput = portal.admin.locator('#account-secrets_token');
    expect(await secretInput.getAttribute('type')).toBe('password');
    await secretInput.fill(SECRET);
    await portal.admin.getByRole('button', { name: 'Add account' }).click();
    await portal.admin.getByRole('table', { name: 'Cloud accounts' }).getByText('sim-account').waitFor();
    await portal.admin.getByText('token: set').waitFor();
    expect(await portal.admin.content()).not.toContain(SECRET);
    await saveScreenshot(portal.admin, '02-cloud-accounts');
  });

  it('invites a new user who accepts in a second browser context and joins the org', async () => {
    await portal.admin.getByRole('link', { name: 'Members' }).click();
    await portal.admin.getByRole('heading', { name: 'Invite someone' }).waitFor();
    await portal.admin.getByRole('textbox', { name: /^Email to invite/ }).fill('invitee@example.org');
    await portal.admin.getByRole('button', { name: 'Invite', exact: true }).click();
    const acceptUrl = (await portal.admin.getByTestId('accept-url').textContent())!.trim();
    expect(acceptUrl).toContain('/invitations/accept#');
    const invitations = portal.admin.getByRole('table', { name: 'Invitations' });
    await invitations.getByText('pending').waitFor();
    await saveScreenshot(portal.admin, '15-invitations');
    const context = await portal.browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const invitee = await context.newPage();
      await invitee.goto(`${portal.csoc.url}/invitations/accept#${acceptUrl.split('#')[1]}`);
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
    await portal.admin.reload();
    await invitations.getByText('accepted').waitFor();
    await portal.admin.getByRole('table', { name: 'Members' }).getByText('invitee@example.org').waitFor();
  });

  it('creates a sim commons through the wizard, with errors inline and in place', async () => {
    // A commons that already holds the name the wizard will first try: the server refuses it in place.
    const taken = await fetch(`${portal.csoc.url}/api/v1/orgs/${ORG}/commons`, {
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

    await portal.admin.getByRole('link', { name: 'Create commons' }).first().click();
    await portal.admin.getByRole('heading', { name: 'Create a commons' }).waitFor();
    await portal.admin.getByRole('textbox', { name: /^Name/ }).fill('web-taken');
    await portal.admin.getByPlaceholder('Pick a plugin').click();
    await portal.admin.getByRole('option', { name: /^sim / }).click();
    await portal.admin.getByPlaceholder('Pick an account').click();
    await portal.admin.getByRole('option', { name: /sim-account/ }).click();
    await portal.admin.getByRole('button', { name: 'Next' }).click();

    // The plugin's form, from its JSON Schema: a bad region shows a field error before any submit.
    const region = portal.admin.locator('#inputs_region');
    await region.waitFor();
    await region.fill('nowhere');
    await portal.admin
      .getByText(/must match pattern/)
      .first()
      .waitFor();
    expect(await portal.admin.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await saveScreenshot(portal.admin, '03-wizard-inputs-invalid');
    await region.fill('us-sim-1');
    await expect.poll(() => portal.admin.getByText(/must match pattern/).count()).toBe(0);
    await portal.admin.getByRole('button', { name: 'Next' }).click();

    // Gen3 settings: the release picker offers the catalog's releases and shows the chosen one's notes.
    await portal.admin
      .getByLabel('Configure Gen3 now (release, hostname, services, login providers)')
      .check();
    await portal.admin.locator('#gen3_release').selectOption(FROM_RELEASE);
    await portal.admin.getByRole('region', { name: `Release notes ${FROM_RELEASE}` }).waitFor();
    await portal.admin.locator('#gen3_hostname').fill('web-alpha.example.org');
    await saveScreenshot(portal.admin, '04-wizard-gen3');
    await portal.admin.getByRole('button', { name: 'Next' }).click();
    await portal.admin
      .getByTestId('review-document')
      .getByText(/"hostname": "web-alpha.example.org"/)
      .waitFor();
    // Only choices the user made: no union member (e.g. tierAccessLevel "libre") is filled in for them.
    expect(await portal.admin.getByTestId('review-document').textContent()).not.toContain('tierAccessLevel');
    // The Helm values the deploy would commit, rendered before anything exists (examples for outputs).
    const rendered = portal.admin.getByRole('region', { name: 'Rendered Gen3 values' });
    await rendered
      .getByTestId('rendered-values.yaml')
      .getByText(/web-alpha\.example\.org/)
      .first()
      .waitFor();
    await rendered.getByText('The infrastructure does not exist yet').waitFor();
    await saveScreenshot(portal.admin, '05-wizard-review');
    await portal.admin.getByRole('button', { name: 'Create and plan' }).click();
    const serverError = portal.admin
      .getByRole('alert')
      .filter({ hasText: 'The commons could not be created' });
    await serverError.waitFor();
    expect(await serverError.textContent()).toContain('body.metadata.name');
    expect(await serverError.getByTestId('request-id').textContent()).toMatch(/\S+/);
    await saveScreenshot(portal.admin, '06-wizard-server-error');

    await portal.admin.getByRole('button', { name: /Basics/ }).click();
    await portal.admin.getByText('is taken').waitFor();
    await portal.admin.getByRole('textbox', { name: /^Name/ }).fill('web-alpha');
    for (let step = 0; step < 3; step++) await portal.admin.getByRole('button', { name: 'Next' }).click();
    await portal.admin
      .getByTestId('review-document')
      .getByText(/"name": "web-alpha"/)
      .first()
      .waitFor();
    await portal.admin.getByRole('button', { name: 'Create and plan' }).click();
    await portal.admin.waitForURL(/\/runs\//);
  });

  it('streams the plan, waits for approval, and a viewer sees no approve button and no secret', async () => {
    await portal.admin
      .getByTestId('run-log')
      .filter({ hasText: /terraform|Terraform|plan/ })
      .waitFor({ timeout: 60_000 });
    await portal.admin.getByTestId('plan-summary').waitFor({ timeout: 60_000 });
    await portal.admin.getByTestId('run-state').filter({ hasText: 'planned' }).waitFor();
    expect(await portal.admin.getByTestId('plan-summary').textContent()).toMatch(/\+\d+ to add/);
    await portal.admin.getByRole('button', { name: 'Approve and apply' }).waitFor();
    await saveScreenshot(portal.admin, '07-run-planned');
    const runUrl = portal.admin.url();

    await createSignedInUser(portal.csoc, 'viewer@portal.example', ORG, 'viewer');
    const viewerContext = await portal.browser.newContext({
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
    await portal.admin.getByRole('button', { name: 'Approve and apply' }).click();
    await portal.admin.getByTestId('run-state').filter({ hasText: 'succeeded' }).waitFor({ timeout: 90_000 });
    // The progress bar follows the plugin's progress events (step/total) to the end.
    expect(await portal.admin.locator('#run-progress-label').textContent()).toMatch(/Progress \d+\/\d+/);
    await expect.poll(() => portal.admin.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await saveScreenshot(portal.admin, '09-run-applied');

    await portal.admin.getByRole('link', { name: 'web-alpha' }).click();
    await portal.admin.getByRole('tab', { name: 'Infrastructure' }).click();
    await portal.admin
      .getByRole('table', { name: 'Resources' })
      .getByText(/terraform_data\./)
      .first()
      .waitFor();
    await portal.admin.getByRole('tab', { name: 'Graph' }).click();
    const graph = portal.admin.getByRole('img', { name: 'Infrastructure of web-alpha' });
    await graph.waitFor();
    // Drawn from the state's dependencies: the subnets hang off the VPC.
    expect(
      await graph.locator('[data-edge="terraform_data.vpc -> terraform_data.private_subnet"]').count(),
    ).toBe(1);
    await saveScreenshot(portal.admin, '10-commons-infrastructure-graph');
    await portal.admin.getByRole('tab', { name: 'Revisions' }).click();
    await portal.admin
      .getByRole('table', { name: 'Revision history' })
      .getByText('Created in the portal')
      .waitFor();
  }, 120_000);

  it('deploys, sees it synced and healthy on the fleet, and upgrades the release one step', async () => {
    await portal.admin.getByRole('tab', { name: 'Deploys' }).click();
    await portal.admin.getByRole('button', { name: 'Preview changes' }).click();
    await portal.admin
      .getByLabel('Preview diff')
      .getByText(/\+\+\+ b\/.*values\.yaml/)
      .first()
      .waitFor();
    await portal.admin.getByRole('button', { name: /^Deploy revision/ }).click();
    await portal.admin.getByTestId('deploy-status').getByText('healthy').waitFor({ timeout: 40_000 });
    await portal.admin.getByTestId('argocd-health').getByText('Healthy').waitFor({ timeout: 20_000 });
    expect(await portal.admin.getByTestId('deployed-release').textContent()).toBe(FROM_RELEASE);
    await saveScreenshot(portal.admin, '11-commons-deploy-healthy');

    await portal.admin.getByRole('link', { name: 'Fleet' }).click();
    const row = portal.admin.getByTestId('fleet-row').filter({ hasText: 'web-alpha' });
    await row.filter({ hasText: 'provisioned' }).waitFor({ timeout: 20_000 });
    await row
      .getByTestId('fleet-sync')
      .filter({ hasText: 'Synced' })
      .filter({ hasText: 'Healthy' })
      .waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(FROM_RELEASE);
    expect(await portal.admin.getByTestId('fleet-status-age').textContent()).toMatch(
      /as of .*refreshed every 15 s/,
    );
    await saveScreenshot(portal.admin, '12-fleet');

    await row.getByRole('link', { name: 'web-alpha' }).click();
    await portal.admin.getByRole('tab', { name: 'Deploys' }).click();
    await portal.admin.getByRole('button', { name: 'Plan Gen3 upgrade' }).click();
    const plan = portal.admin.getByRole('region', { name: 'Upgrade plan' });
    await plan.waitFor();
    const target = (await plan.getByRole('button', { name: /^Upgrade to / }).textContent())!.match(
      /\d{4}\.\d{2}/,
    )![0];
    expect(target > FROM_RELEASE).toBe(true);
    expect(await plan.getByRole('table').first().locator('tbody tr').count()).toBeGreaterThan(3);
    await saveScreenshot(portal.admin, '13-upgrade-plan');
    await plan.getByRole('button', { name: /^Upgrade to / }).click();
    await expect
      .poll(() => portal.admin.getByTestId('deployed-release').textContent(), { timeout: 40_000 })
      .toBe(target);
    await portal.admin.getByTestId('argocd-health').getByText('Healthy').waitFor({ timeout: 20_000 });
  }, 120_000);

  it('shows the state lock of a commons and force-unlocks it after confirmation', async () => {
    await portal.admin.goto(`${portal.csoc.url}/orgs/${ORG}/commons/web-alpha?tab=state`);
    const lock = portal.admin.getByTestId('state-lock');
    await lock.getByText('State is not locked').waitFor();
    portal.admin.once('dialog', (dialog) => void dialog.accept());
    await portal.admin.getByRole('button', { name: 'Force unlock' }).click();
    await lock.getByText('State is not locked').waitFor();
    await saveScreenshot(portal.admin, '17-commons-state-lock');
  });

  it('finds every step in the audit log', async () => {
    await portal.admin.getByRole('link', { name: 'Audit log' }).click();
    const table = portal.admin.getByRole('table', { name: 'Audit events' });
    for (const action of ['credentials.write', 'commons.write', 'run.plan', 'run.approve', 'deploy.write']) {
      await table.getByText(action, { exact: true }).first().waitFor();
    }
    await portal.admin.getByLabel('Action').fill('run.approve');
    await portal.admin.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await saveScreenshot(portal.admin, '14-audit-log');
    // Creating the org happened before the org existed: platform admins find it in the platform-wide log.
    await portal.admin.getByRole('button', { name: 'Clear' }).click();
    await portal.admin.getByText('Every org (platform)').click();
    await table.getByText('org.create', { exact: true }).first().waitFor();
    expect(portal.pageErrors()).toEqual([]);
  });
});

// Platform administration in a real browser (Debian's Chromium via playwright-core) against a real CSOC
// on SQLite: a platform admin disables the sim plugin (after confirming, through a stale-ETag refusal)
// and the API then refuses new sim commons, installs a plugin version (inline JSON error, a server error
// in place), and manages users (create, admin flag, the server's self-lockout refusal, disable blocks
// sign-in); a non-admin sees the catalog read-only and "platform admins only" on the users page.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'platform-org';
const OPERATOR_EMAIL = 'operator@example.org';
const OPERATOR_PASSWORD = 'operator-password-1234';

describe('platform administration in the portal', () => {
  const portal = usePortalFixture({ stepsName: 'platform-admin' });

  const signIn = portal.signInToFleet;

  /** A password sign-in outside the browser, as a script or a second device would try it. */
  async function signInStatus(email: string, password: string): Promise<number> {
    const response = await fetch(`${portal.csoc.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return response.status;
  }

  /** Creates a commons pinned to sim 0.1.0 through the API; returns the status and error code. */
  async function createPinnedSimCommons(name: string) {
    const response = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument(name, {}, { plugin: { name: 'sim', version: '0.1.0' } }),
    );
    return { status: response.status, code: response.body?.error?.code as string | undefined };
  }

  /** Flips sim 0.1.0 off and on again through the API, so its ETag moves on while it stays enabled. */
  async function changeSimBehindTheBrowsersBack() {
    const url = '/api/v1/plugins/sim/0.1.0';
    for (const enabled of [false, true]) {
      const etag = (await portal.csoc.admin.get(url)).headers.get('etag')!;
      const changed = await portal.csoc.admin.patch(url, { enabled }, { 'if-match': etag });
      expect(changed.status).toBe(200);
    }
  }

  beforeAll(async () => {
    await ensureOrg(portal.csoc, ORG);
    await createSimAccount(portal.csoc.admin, ORG);
  }, 120_000);

  it('disables the sim plugin after confirming (a stale ETag is refused in place), then enables it', async () => {
    await signIn(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.getByRole('link', { name: 'Plugins' }).click();
    const row = portal.admin.getByTestId('plugin-sim-0.1.0');
    await row.getByText('enabled', { exact: true }).waitFor();
    // The support tier is a badge with what it promises beside it.
    await row.getByText('core', { exact: true }).waitFor();
    await row.getByText('Maintained and tested by CSOC.', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Disable sim 0.1.0' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: 'Disable sim 0.1.0?' });
    await dialog.getByText(/no new commons can pin it/).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Disable sim 0.1.0' });
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await portal.admin.waitForTimeout(300); // only for the screenshot: let the button's loader fade out
    await saveScreenshot(portal.admin, '32-plugin-disable-confirm');

    // Someone else changes the plugin while the dialog is open: the browser's If-Match is stale now.
    await changeSimBehindTheBrowsersBack();
    await confirm.click();
    const stale = dialog.getByRole('alert').filter({ hasText: 'Could not disable sim 0.1.0' });
    await stale.getByText(/changed since you read it/).waitFor();
    // The dialog re-read the plugin: confirming again acts on the current version.
    await expect.poll(() => confirm.isEnabled()).toBe(true);
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('disabled', { exact: true }).waitFor();

    expect(await createPinnedSimCommons('refused-commons')).toEqual({ status: 400, code: 'plugin_disabled' });

    await row.getByRole('button', { name: 'Enable sim 0.1.0' }).click();
    await row.getByText('enabled', { exact: true }).waitFor();
    expect((await createPinnedSimCommons('allowed-commons')).status).toBe(201);
  });

  it('installs a plugin version: a JSON error inline, a bad source in place, then the new version listed', async () => {
    const sim = (await portal.csoc.admin.get('/api/v1/plugins/sim/0.1.0')).body;
    const manifestBox = portal.admin.getByRole('textbox', { name: /^Manifest/ });
    const install = portal.admin.getByRole('button', { name: 'Install', exact: true });
    await manifestBox.fill('{ "apiVersion": "csoc.gen3.org/v1", ');
    await portal.admin.getByText(/^Not valid JSON/).waitFor();
    expect(await install.isDisabled()).toBe(true);

    const manifest = {
      ...sim.manifest,
      version: '0.2.0',
      permissions: [
        {
          cloud: 'sim',
          actions: ['sim:CreateNetwork', 'sim:CreateCluster'],
          reason: 'the simulated network and cluster',
        },
      ],
    };
    await manifestBox.fill(JSON.stringify(manifest, null, 2));
    await expect.poll(() => portal.admin.getByText(/^Not valid JSON/).count()).toBe(0);
    await portal.admin.getByRole('radio', { name: /^directory/ }).check();
    const source = portal.admin.getByRole('textbox', { name: /^Source/ });
    await source.fill('/no/such/plugin-folder');
    await install.click();
    await portal.admin
      .getByRole('alert')
      .filter({ hasText: 'The plugin could not be installed' })
      .getByText(/absolute path on the CSOC host/)
      .waitFor();
    await portal.admin.getByText('is not a plugin folder on this host', { exact: true }).waitFor();
    await saveScreenshot(portal.admin, '33-plugin-install-error');

    await source.fill(sim.source);
    await install.click();
    const installed = portal.admin.getByTestId('plugin-sim-0.2.0');
    await installed.getByText('enabled', { exact: true }).waitFor();
    const permissions = installed.getByRole('list', { name: 'Permissions of sim 0.2.0' });
    await permissions.getByText('sim:CreateCluster').waitFor();
    await permissions.getByText('the simulated network and cluster').waitFor();
    await saveScreenshot(portal.admin, '30-plugins-admin');
  });

  it('creates a user, flips the platform-admin flag, shows a refusal in place, and disables sign-in', async () => {
    await portal.admin.getByRole('link', { name: 'Platform users' }).click();
    await portal.admin.getByRole('heading', { name: 'Platform users' }).waitFor();
    const adminRow = portal.admin.getByTestId(`user-${TEST_ADMIN_EMAIL}`);
    await adminRow.getByText('platform admin', { exact: true }).waitFor();

    const form = portal.admin.getByRole('form', { name: 'Create a local user' });
    await form.getByRole('textbox', { name: /^Email/ }).fill(OPERATOR_EMAIL);
    await form.getByRole('textbox', { name: /^Display name/ }).fill('Operator One');
    const password = form.getByLabel(/^Initial password/);
    await password.fill('too-short');
    await form.getByText('At least 12 characters (9 so far)').waitFor();
    await form.getByRole('button', { name: 'Create user' }).click();
    expect(await portal.admin.getByTestId(`user-${OPERATOR_EMAIL}`).count()).toBe(0);
    await password.fill(OPERATOR_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = portal.admin.getByTestId(`user-${OPERATOR_EMAIL}`);
    await row.getByText('Operator One').waitFor();
    await row.getByText('local', { exact: true }).waitFor();

    // The same email again: the server's refusal shows on the field and in the form.
    await form.getByRole('textbox', { name: /^Email/ }).fill(OPERATOR_EMAIL);
    await form.getByRole('textbox', { name: /^Display name/ }).fill('Operator Twice');
    await password.fill(OPERATOR_PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('is taken', { exact: true }).waitFor();
    await form
      .getByRole('alert')
      .getByText(/already exists/)
      .waitFor();

    await row.getByRole('button', { name: `Make ${OPERATOR_EMAIL} a platform admin` }).click();
    await row.getByText('platform admin', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Remove platform admin from ${OPERATOR_EMAIL}` }).click();
    await expect.poll(() => row.getByText('platform admin', { exact: true }).count()).toBe(0);

    // The server refuses to let an admin lock themselves out; its answer shows under their row.
    await adminRow.getByRole('button', { name: `Remove platform admin from ${TEST_ADMIN_EMAIL}` }).click();
    await portal.admin
      .getByRole('alert')
      .filter({ hasText: `Could not change ${TEST_ADMIN_EMAIL}` })
      .getByText(/cannot disable yourself or drop your own platform-admin flag/)
      .waitFor();

    await row.getByRole('button', { name: `Rename ${OPERATOR_EMAIL}` }).click();
    const rename = portal.admin.getByRole('dialog', { name: `Rename ${OPERATOR_EMAIL}` });
    await rename.getByRole('textbox', { name: /^Display name/ }).fill('Operator Renamed');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await row.getByText('Operator Renamed').waitFor();

    expect(await signInStatus(OPERATOR_EMAIL, OPERATOR_PASSWORD)).toBe(200);
    await row.getByRole('button', { name: `Disable ${OPERATOR_EMAIL}` }).click();
    const confirm = portal.admin.getByRole('dialog', { name: `Disable ${OPERATOR_EMAIL}?` });
    await confirm.getByText(/can no longer sign in/).waitFor();
    await confirm.getByRole('button', { name: `Disable ${OPERATOR_EMAIL}` }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    expect(await signInStatus(OPERATOR_EMAIL, OPERATOR_PASSWORD)).toBe(401);
    await saveScreenshot(portal.admin, '31-platform-users');

    await row.getByRole('button', { name: `Enable ${OPERATOR_EMAIL}` }).click();
    await row.getByText('active', { exact: true }).waitFor();
    expect(await signInStatus(OPERATOR_EMAIL, OPERATOR_PASSWORD)).toBe(200);
  });

  it('shows a non-admin the catalog read-only and "platform admins only" on the users page', async () => {
    await createSignedInUser(portal.csoc, 'member@example.org', ORG, 'viewer');
    const context = await portal.browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const member = await context.newPage();
      await signIn(member, 'member@example.org', TEST_USER_PASSWORD);
      await member.getByLabel('Your role: viewer').waitFor();
      expect(await member.getByRole('link', { name: 'Platform users' }).count()).toBe(0);

      await member.getByRole('link', { name: 'Plugins' }).click();
      const row = member.getByTestId('plugin-sim-0.1.0');
      await row.getByText('enabled', { exact: true }).waitFor();
      await member.getByTestId('plugin-sim-0.2.0').waitFor();
      expect(await member.getByRole('button', { name: /^(Enable|Disable) / }).count()).toBe(0);
      expect(await member.getByRole('heading', { name: 'Install a plugin version' }).count()).toBe(0);

      await member.goto(`${portal.csoc.url}/orgs/${ORG}/platform/users`);
      const alert = member
        .getByRole('alert')
        .filter({ hasText: 'Platform users are for platform admins only' });
      await alert.getByText('Only platform admins can do this.').waitFor();
      expect(await member.getByRole('table', { name: 'Users' }).count()).toBe(0);
      await saveScreenshot(member, '34-users-non-admin');
    } finally {
      await context.close();
    }
    expect(portal.pageErrors()).toEqual([]);
  });
});

// Cloud-account maintenance and GitOps access in a real browser (Debian's Chromium via playwright-core)
// against a real CSOC on SQLite: edit public fields (and a stale edit refused with 412, then reloaded),
// rotate a secret that never reaches the page, delete behind a typed confirmation (refusals in place),
// a GitOps read token shown once then revoked — and a viewer who sees none of these actions.
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '@csoc/server/testing/startTestCsoc.ts';
import { simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { createSignedInUser, TEST_USER_PASSWORD } from '@csoc/server/testing/testUsers.ts';
import { usePortalFixture } from './portalFixture.ts';
import { saveScreenshot } from './portalTestSteps.ts';

const ORG = 'acct-org';
const ACCOUNT = 'sim-account';
const SPARE = 'spare-account';
const FIRST_SECRET = 'first-canary-secret-90210';
const ROTATED_SECRET = 'rotated-canary-secret-31337';
const ACCOUNTS_API = `/api/v1/orgs/${ORG}/accounts`;

describe('cloud accounts and GitOps access in Chromium', () => {
  const portal = usePortalFixture({ stepsName: 'accounts-gitops' });

  const signIn = portal.signInToFleet;

  /** Changes an account's region through the API, as a colleague would while the browser has it open. */
  async function changeRegionBehindTheBrowser(account: string, region: string) {
    const current = await portal.csoc.admin.get(`${ACCOUNTS_API}/${account}`);
    const changed = await portal.csoc.admin.patch(
      `${ACCOUNTS_API}/${account}`,
      { public: { region } },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(changed.status).toBe(200);
  }

  const row = (name: string) => portal.admin.getByTestId(`account-row-${name}`);

  beforeAll(async () => {
    // Fixtures through the API: an org, a sim account with a secret, an unused one, a commons using the first.
    expect((await portal.csoc.admin.post('/api/v1/orgs', { slug: ORG, name: 'Accounts Org' })).status).toBe(
      201,
    );
    for (const [name, secrets] of [
      [ACCOUNT, { token: FIRST_SECRET }],
      [SPARE, {}],
    ] as const) {
      const created = await portal.csoc.admin.post(ACCOUNTS_API, {
        kind: 'sim',
        name,
        public: { region: 'us-sim-1' },
        secrets,
      });
      expect(created.status).toBe(201);
    }
    const commons = await portal.csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      simCommonsDocument('uses-account'),
    );
    expect(commons.status).toBe(201);
  }, 120_000);

  it('edits the public fields of an account and sees the change in the list', async () => {
    await signIn(portal.admin, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await portal.admin.getByRole('link', { name: 'Cloud accounts' }).click();
    await row(ACCOUNT).getByText('"us-sim-1"').waitFor();
    await portal.admin.getByRole('button', { name: `Edit ${ACCOUNT}` }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Edit ${ACCOUNT}` });
    const region = dialog.locator('#edit-public_region');
    expect(await region.inputValue()).toBe('us-sim-1');
    await region.fill('sim-west-2');
    await saveScreenshot(portal.admin, '20-account-edit');
    await dialog.getByRole('button', { name: `Save ${ACCOUNT}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(ACCOUNT).getByTestId('account-public').getByText('"sim-west-2"').waitFor();
    expect((await portal.csoc.admin.get(`${ACCOUNTS_API}/${ACCOUNT}`)).body.public).toEqual({
      region: 'sim-west-2',
    });
  });

  it('refuses an edit made on a stale copy (412) in place and offers to reload it', async () => {
    await portal.admin.getByRole('button', { name: `Edit ${ACCOUNT}` }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Edit ${ACCOUNT}` });
    await changeRegionBehindTheBrowser(ACCOUNT, 'api-changed-1');
    await dialog.locator('#edit-public_region').fill('sim-north-3');
    await dialog.getByRole('button', { name: `Save ${ACCOUNT}` }).click();
    const stale = dialog.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await stale.waitFor();
    expect(await stale.textContent()).toContain('If-Match');
    await saveScreenshot(portal.admin, '21-account-edit-stale');
    await dialog.getByRole('button', { name: `Reload ${ACCOUNT}` }).click();
    await expect.poll(() => dialog.locator('#edit-public_region').inputValue()).toBe('api-changed-1');
    expect(await stale.count()).toBe(0);
    // The reloaded version is current: saving now goes through.
    await dialog.locator('#edit-public_region').fill('sim-north-3');
    await dialog.getByRole('button', { name: `Save ${ACCOUNT}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(ACCOUNT).getByTestId('account-public').getByText('"sim-north-3"').waitFor();
  });

  it('rotates the secret: new fingerprint and rotation time, and no secret ever in the page', async () => {
    const before = (await portal.csoc.admin.get(`${ACCOUNTS_API}/${ACCOUNT}`)).body;
    expect(await row(ACCOUNT).getByTestId('account-fingerprint').textContent()).toBe(
      before.secretFingerprint,
    );
    await portal.admin.getByRole('button', { name: `Rotate secrets of ${ACCOUNT}` }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Rotate secrets of ${ACCOUNT}` });
    const token = dialog.locator('#rotate-secrets_token');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await token.inputValue()).toBe('');
    await token.fill(ROTATED_SECRET);
    await saveScreenshot(portal.admin, '22-account-rotate');
    await dialog.getByRole('button', { name: `Replace the secrets of ${ACCOUNT}` }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = (await portal.csoc.admin.get(`${ACCOUNTS_API}/${ACCOUNT}`)).body;
    expect(after.secretFingerprint).not.toBe(before.secretFingerprint);
    expect(Date.parse(after.secretsRotatedAt)).toBeGreaterThan(Date.parse(before.secretsRotatedAt));
    await expect
      .poll(() => row(ACCOUNT).getByTestId('account-fingerprint').textContent())
      .toBe(after.secretFingerprint);
    expect(await row(ACCOUNT).getByTestId('account-rotated').textContent()).toBe(
      await portal.admin.evaluate((iso) => new Date(iso).toLocaleString(), after.secretsRotatedAt as string),
    );
    const html = await portal.admin.content();
    expect(html).not.toContain(FIRST_SECRET);
    expect(html).not.toContain(ROTATED_SECRET);
  });

  it('refuses in place to delete an account a commons uses', async () => {
    await portal.admin.getByRole('button', { name: `Delete ${ACCOUNT}` }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Delete ${ACCOUNT}` });
    await dialog.getByRole('textbox', { name: `Type ${ACCOUNT} to confirm` }).fill(ACCOUNT);
    await dialog.getByRole('button', { name: `Delete ${ACCOUNT} permanently` }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: `${ACCOUNT} could not be deleted` })
      .waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('uses-account');
    await saveScreenshot(portal.admin, '23-account-delete-in-use');
    await dialog.getByRole('button', { name: `Cancel deleting ${ACCOUNT}` }).click();
    expect((await portal.csoc.admin.get(`${ACCOUNTS_API}/${ACCOUNT}`)).status).toBe(200);
  });

  it('deletes an unused account only after its name is typed, refusing a stale one in place', async () => {
    await portal.admin.getByRole('button', { name: `Delete ${SPARE}` }).click();
    const dialog = portal.admin.getByRole('dialog', { name: `Delete ${SPARE}` });
    const confirm = dialog.getByRole('button', { name: `Delete ${SPARE} permanently` });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: `Type ${SPARE} to confirm` }).fill('spare');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: `Type ${SPARE} to confirm` }).fill(SPARE);
    expect(await confirm.isDisabled()).toBe(false);
    await changeRegionBehindTheBrowser(SPARE, 'api-changed-2');
    await confirm.click();
    await dialog.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    await saveScreenshot(portal.admin, '24-account-delete-refused');
    expect((await portal.csoc.admin.get(`${ACCOUNTS_API}/${SPARE}`)).status).toBe(200);
    await dialog.getByRole('button', { name: `Reload ${SPARE}` }).click();
    await expect.poll(() => dialog.getByRole('alert').count()).toBe(0);
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await row(SPARE).waitFor({ state: 'detached' });
    expect((await portal.csoc.admin.get(`${ACCOUNTS_API}/${SPARE}`)).status).toBe(404);
    await row(ACCOUNT).waitFor();
  });

  it('creates a GitOps read token shown once, lists it by name after a reload, and revokes it', async () => {
    await portal.admin.getByRole('link', { name: 'GitOps access' }).click();
    await portal.admin.getByRole('heading', { name: 'GitOps access' }).waitFor();
    const repository = portal.admin.getByRole('table', { name: 'GitOps repository' });
    await repository.getByText('Repository URL (HTTPS git)').waitFor();
    expect(await portal.admin.getByTestId('gitops-repository').textContent()).toContain(`${ORG}`);
    await portal.admin.getByText(/Argo CD uses to read that repository over HTTPS git/).waitFor();

    const name = portal.admin.getByRole('textbox', { name: /^Token name/ });
    await name.fill('Argo_CD');
    await portal.admin.getByText(/lower-case letters, digits and dashes/).waitFor();
    expect(await portal.admin.getByRole('button', { name: 'Create token' }).isDisabled()).toBe(true);
    await name.fill('argocd-e2e');
    await portal.admin.getByRole('button', { name: 'Create token' }).click();
    const shown = portal.admin.getByTestId('new-read-token');
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^csoc_git_/);
    await portal.admin.getByText('Copy it now: this token is not shown again').waitFor();
    const tokens = portal.admin.getByRole('table', { name: 'GitOps read tokens' });
    await tokens.getByText('argocd-e2e').waitFor();
    await name.fill('argocd-e2e');
    await portal.admin.getByText('A token named argocd-e2e exists').waitFor();
    await portal.admin.getByRole('button', { name: 'Replace token' }).waitFor();
    await shown.scrollIntoViewIfNeeded();
    await saveScreenshot(portal.admin, '25-gitops-token-once');
    await name.fill('');

    // The token reads the repository over git smart HTTP, as Argo CD would.
    const basic = { authorization: `Basic ${Buffer.from(`argocd:${token}`).toString('base64')}` };
    const refs = `${portal.csoc.url}/git/${ORG}/gitops.git/info/refs?service=git-upload-pack`;
    expect((await fetch(refs, { headers: basic })).status).toBe(200);

    await portal.admin.reload();
    await tokens.getByText('argocd-e2e').waitFor();
    expect(await portal.admin.getByTestId('new-read-token').count()).toBe(0);
    expect(await portal.admin.content()).not.toContain(token);

    await portal.admin.getByRole('button', { name: 'Revoke read token argocd-e2e' }).click();
    const dialog = portal.admin.getByRole('dialog', { name: 'Revoke read token argocd-e2e' });
    await dialog.getByRole('button', { name: 'Revoke argocd-e2e now' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tokens.getByText('argocd-e2e').waitFor({ state: 'detached' });
    await tokens.getByText('No read token yet').waitFor();
    expect((await fetch(refs, { headers: basic })).status).toBe(401);
    // Refusals (412) are expected network errors; anything else in the console is a portal bug.
    expect(portal.consoleErrors.filter((text) => !/Failed to load resource/.test(text))).toEqual([]);
  });

  it('shows a viewer no account actions and no GitOps entry', async () => {
    await createSignedInUser(portal.csoc, 'viewer@accounts.example', ORG, 'viewer');
    const context = await portal.browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(15_000);
    try {
      const viewer = await context.newPage();
      await signIn(viewer, 'viewer@accounts.example', TEST_USER_PASSWORD);
      await viewer.getByRole('link', { name: 'Cloud accounts' }).click();
      await viewer.getByTestId(`account-row-${ACCOUNT}`).getByText('"sim-north-3"').waitFor();
      for (const label of [/^Edit /, /^Rotate secrets/, /^Delete /, /^Add account$/])
        expect(await viewer.getByRole('button', { name: label }).count()).toBe(0);
      expect(await viewer.getByRole('link', { name: 'GitOps access' }).count()).toBe(0);
      expect(await viewer.content()).not.toContain(ROTATED_SECRET);
      await saveScreenshot(viewer, '26-viewer-accounts');
    } finally {
      await context.close();
    }
  });
});

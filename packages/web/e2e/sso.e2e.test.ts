// Single sign-on in the browser: Chromium goes from the portal's sign-in page through a real OpenID
// provider (oidc-provider, Keycloak-shaped claims) and back; the claim mapping decides the org and role.
// A user the mapping grants nothing lands back on the sign-in page with the reason and the request id.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  startTestOidcProvider,
  type TestOidcProvider,
} from '@csoc/server/testing/startTestOidcProvider.ts';
import { findFreePort } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { ensureOrg } from '@csoc/server/testing/testUsers.ts';
import { SCREENSHOT_DIR } from './portalBrowser.ts';
import { usePortalFixture } from './portalFixture.ts';
import { openPortalPage } from './portalTestSteps.ts';

const ROLE_MAPPING = `
claim: [realm_access.roles]
rules:
  - {value: sso-operators, org: sso-org, role: operator}
`;

function account(name: string, roles: string[]) {
  return {
    email: `${name}@example.org`,
    email_verified: true,
    name,
    preferred_username: name,
    realm_access: { roles },
  };
}

describe('single sign-on from the portal in Chromium', () => {
  let provider: TestOidcProvider;
  let providerPort: number;
  let csocPort: number;
  const portal = usePortalFixture({
    env: async () => {
      [providerPort, csocPort] = [await findFreePort(), await findFreePort()];
      return {
        CSOC_PORT: String(csocPort),
        CSOC_PUBLIC_URL: `http://127.0.0.1:${csocPort}`,
        CSOC_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
        CSOC_OIDC_CLIENT_ID: 'csoc',
        CSOC_OIDC_CLIENT_SECRET: 'sso-e2e-client-secret',
        CSOC_OIDC_ROLE_MAPPING: ROLE_MAPPING,
      };
    },
  });

  beforeAll(async () => {
    provider = await startTestOidcProvider({
      port: providerPort,
      clientId: 'csoc',
      clientSecret: 'sso-e2e-client-secret',
      redirectUri: `http://127.0.0.1:${csocPort}/api/v1/session/oidc/callback`,
      accounts: {
        olga: account('olga', ['offline_access', 'sso-operators']),
        nobody: account('nobody', ['offline_access']),
      },
      signingKeys: [await generateSigningKey('sso-e2e-key')],
    });
    await ensureOrg(portal.csoc, 'sso-org');
  }, 120_000);
  afterAll(async () => {
    await provider?.stop();
  });

  /** A page of its own at the size the SSO screenshots are taken at. */
  const ssoPage = async () =>
    (await openPortalPage(portal.browser, { viewport: { width: 1366, height: 768 } })).page;

  async function signInThroughProvider(page: Page, accountId: string, from = '/') {
    await page.goto(`${portal.csoc.url}${from}`);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    // The provider's own sign-in page (another origin), then back to CSOC.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(accountId);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs a mapped user in and lands on the page they asked for, with the mapped role', async () => {
    const page = await ssoPage();
    await signInThroughProvider(page, 'olga', '/orgs/sso-org/releases');
    await page.waitForURL(`${portal.csoc.url}/orgs/sso-org/releases`);
    await page
      .getByRole('heading', { name: /releases/i })
      .first()
      .waitFor();
    await page.getByLabel('Your role: operator').waitFor();
    expect(await page.getByText('olga@example.org').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '50-sso-signed-in.png') });
    await page.context().close();
  }, 60_000);

  it('sends an unmapped user back to the sign-in page with the reason and the request id', async () => {
    const page = await ssoPage();
    await signInThroughProvider(page, 'nobody');
    await page.waitForURL((url) => url.pathname === '/login');
    const alert = page.getByRole('alert').filter({ hasText: 'Single sign-on failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not mapped to any CSOC organization/);
    expect(await alert.getByTestId('request-id').textContent()).toMatch(/\S+/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, '51-sso-not-mapped.png') });
    // No session was made.
    expect((await page.context().cookies()).some((cookie) => cookie.name === 'csoc_session')).toBe(false);
    await page.context().close();
  }, 60_000);
});

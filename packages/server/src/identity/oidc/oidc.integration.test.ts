// Single sign-on end to end on SQLite and PostgreSQL: a real OpenID provider (oidc-provider) with
// Keycloak-shaped claims, a real CSOC, and a cookie-keeping HTTP client that follows every redirect of
// the authorization code flow and submits the provider's sign-in form, as a browser would.
import { decodeJwt, decodeProtectedHeader, type JWK, SignJWT, importJWK } from 'jose';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/loadConfig.ts';
import { startCsoc } from '../../startCsoc.ts';
import { findFreePort } from '../../testing/startThrowawayPostgres.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '../../testing/startTestCsoc.ts';
import {
  generateSigningKey,
  startTestOidcProvider,
  type TestOidcProvider,
} from '../../testing/startTestOidcProvider.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { createOidcClient } from './oidcClient.ts';
import { SESSION_CACHE_TTL_MS } from '../sessionCache.ts';

const CLIENT_ID = 'csoc';
const CLIENT_SECRET = 'test-client-secret-canary';
const CALLBACK = '/api/v1/session/oidc/callback';

const ROLE_MAPPING = `
claim: [realm_access.roles, groups]
rules:
  - {value: acme-admins, org: acme, role: admin}
  - {value: /acme/operators, org: acme, role: operator}
  - {value: /globex/viewers, org: globex, role: viewer}
  - {value: initech-owners, org: initech, role: owner}
  - {value: csoc-operator, org: globex, role: operator, claim: resource_access.csoc.roles}
platformAdminValues: [csoc-admins]
`;

/** Keycloak-shaped accounts: realm roles under realm_access.roles, group paths under groups. */
function testAccounts(): Record<string, Record<string, unknown>> {
  const account = (name: string, extra: Record<string, unknown>) => ({
    email: `${name}@example.org`,
    email_verified: true,
    name: name[0]!.toUpperCase() + name.slice(1),
    preferred_username: name,
    realm_access: { roles: ['offline_access', 'uma_authorization'] },
    groups: [],
    ...extra,
  });
  return {
    alice: account('alice', { realm_access: { roles: ['offline_access', 'acme-admins'] } }),
    bob: account('bob', { groups: ['/globex/viewers'] }),
    carol: account('carol', { groups: ['/unmapped-team'] }),
    dave: account('dave', { realm_access: { roles: ['csoc-admins'] } }),
    erin: account('erin', { email_verified: false, groups: ['/acme/operators'] }),
    // Claims an address that is not theirs; the provider never verified it.
    mallory: account('mallory', {
      email: 'victim@example.org',
      email_verified: false,
      groups: ['/globex/viewers'],
    }),
    victim: account('victim', { groups: ['/globex/viewers'] }),
    // Claims the address of someone with a pending invitation.
    trudy: account('trudy', { email: 'newhire@example.org', email_verified: false }),
    // Holds the bootstrap platform admin's address, verified, at the provider.
    root: account('root', { email: TEST_ADMIN_EMAIL, groups: ['/globex/viewers'] }),
    henry: account('henry', { groups: ['/globex/viewers'] }),
    frank: account('frank', { realm_access: { roles: ['acme-admins'] } }),
    grace: account('grace', {
      resource_access: { account: { roles: ['manage-account'] }, csoc: { roles: ['csoc-operator'] } },
    }),
  };
}

/** A minimal browser: one cookie jar per origin, manual redirects, HTML form submission. */
class Browser {
  private jars = new Map<string, Map<string, string>>();
  /** The last URL each navigation ended on. */
  url = '';

  private jar(url: URL) {
    let jar = this.jars.get(url.origin);
    if (!jar) this.jars.set(url.origin, (jar = new Map()));
    return jar;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(new URL(origin).origin)?.get(name);
  }

  setCookie(origin: string, name: string, value: string) {
    this.jar(new URL(origin)).set(name, value);
  }

  async request(
    url: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ) {
    const target = new URL(url);
    const jar = this.jar(target);
    const headers: Record<string, string> = {
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      ...init.headers,
    };
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      body: init.body,
      headers,
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const name = pair!.slice(0, pair!.indexOf('=')).trim();
      const value = pair!.slice(pair!.indexOf('=') + 1);
      const expired = attributes.some(
        (a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.url = target.href;
    return { response, text: await response.text(), url: target.href };
  }

  /** Follows redirects until `stop` says so or a non-redirect answer arrives. */
  async navigate(url: string, stop: StopRule = isCallback) {
    let page = await this.request(url);
    while (page.response.status >= 300 && page.response.status < 400) {
      const next = new URL(page.response.headers.get('location')!, page.url).href;
      if (stop(page.url, next)) break;
      page = await this.request(next);
    }
    return page;
  }

  /** Submits the first form of an HTML page, as the browser would. */
  async submitForm(
    page: { text: string; url: string },
    fields: Record<string, string>,
    stop: StopRule = isCallback,
  ) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
    if (!action) throw new Error(`no form on ${page.url}: ${page.text.slice(0, 300)}`);
    let result = await this.request(new URL(action.replace(/&amp;/g, '&'), page.url).href, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    while (result.response.status >= 300 && result.response.status < 400) {
      const next = new URL(result.response.headers.get('location')!, result.url).href;
      if (stop(result.url, next)) break;
      result = await this.request(next);
    }
    return result;
  }

  /** A JSON API call with this browser's cookies and the CSRF header the portal sends. */
  async api(base: string, method: string, path: string, body?: unknown) {
    const csrf = this.cookie(base, 'csoc_csrf');
    const { response, text } = await this.request(`${base}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
      },
    });
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

/** Stop after CSOC's callback answered: its redirect goes to the portal, not part of the flow under test. */
type StopRule = (from: string, to: string) => boolean;
const isCallback: StopRule = (from) => new URL(from).pathname === CALLBACK;

/** A browser's failed sign-in: sent back to the portal's sign-in page with the reason and request id. */
function ssoFailure(result: { response: Response }) {
  expect(result.response.status).toBe(302);
  const location = new URL(result.response.headers.get('location')!, 'http://csoc.invalid');
  expect(location.pathname).toBe('/login');
  return {
    code: location.searchParams.get('sso_error'),
    message: location.searchParams.get('sso_message') ?? '',
    requestId: location.searchParams.get('request_id'),
  };
}

describe.each(testDatabaseTargets)('single sign-on with OpenID Connect on $dialect', (target) => {
  let csoc: TestCsoc;
  let provider: TestOidcProvider;
  let providerPort: number;
  let accounts: Record<string, Record<string, unknown>>;
  /** The private key the running provider signs with. */
  let providerKey: JWK;
  let whileProviderDown: { status: number; body: any; config: any };
  let databaseUrl: string;

  const startProvider = async (signingKey: JWK, claimsOnlyInUserInfo = false) => {
    providerKey = signingKey;
    return startTestOidcProvider({
      port: providerPort,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${csoc.url}${CALLBACK}`,
      accounts,
      signingKeys: [signingKey],
      claimsOnlyInUserInfo,
    });
  };

  /** Goes to CSOC's sign-in URL, through the provider's form, and up to CSOC's answer to the callback. */
  async function signIn(account: string, returnTo?: string, browser = new Browser()) {
    const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
    const form = await browser.navigate(`${csoc.url}/api/v1/session/oidc/login${query}`);
    // A browser still signed in at the provider goes straight back to CSOC, without the form.
    if (new URL(form.url).pathname === CALLBACK) return { browser, response: form.response, text: form.text };
    expect(form.response.status, form.text).toBe(200);
    expect(new URL(form.url).origin).toBe(provider.issuer);
    const callback = await browser.submitForm(form, { login: account });
    expect(new URL(callback.url).pathname).toBe(CALLBACK);
    return { browser, response: callback.response, text: callback.text };
  }

  /** Runs the flow up to (not into) CSOC's callback, returning the callback URL the provider sent. */
  async function signInUntilCallback(account: string, browser = new Browser()) {
    const form = await browser.navigate(`${csoc.url}/api/v1/session/oidc/login`);
    let callbackUrl = '';
    await browser.submitForm(form, { login: account }, (_from, to) => {
      if (new URL(to).pathname !== CALLBACK) return false;
      callbackUrl = to;
      return true;
    });
    expect(callbackUrl).toContain('code=');
    return { browser, callbackUrl };
  }

  const oidcEnv = () => ({
    CSOC_OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
    CSOC_OIDC_CLIENT_ID: CLIENT_ID,
    CSOC_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    CSOC_OIDC_ROLE_MAPPING: ROLE_MAPPING,
  });

  beforeAll(async () => {
    providerPort = await findFreePort();
    const csocPort = await findFreePort();
    accounts = testAccounts();
    // CSOC starts while its provider is down: discovery is lazy, so this must not stop it.
    databaseUrl = await target.create();
    csoc = await startTestCsoc({
      databaseUrl,
      env: {
        CSOC_PORT: String(csocPort),
        CSOC_PUBLIC_URL: `http://127.0.0.1:${csocPort}`,
        ...oidcEnv(),
      },
    });
    const down = await csoc.anonymous().get('/api/v1/session/oidc/login', { accept: 'application/json' });
    whileProviderDown = {
      status: down.status,
      body: down.body,
      config: (await csoc.anonymous().get('/api/v1/session/oidc/config')).body,
    };
    provider = await startProvider(await generateSigningKey('key-1'));
    for (const slug of ['acme', 'globex', 'initech']) await ensureOrg(csoc, slug);
  });
  afterAll(async () => {
    await provider?.stop();
    await csoc?.stop();
  });

  it('starts while the provider is down, answers a clear 503, and recovers once it is up', async () => {
    expect(whileProviderDown.status).toBe(503);
    expect(whileProviderDown.body.error.code).toBe('oidc_unavailable');
    expect(whileProviderDown.body.error.message).toMatch(
      /identity provider at http:\/\/127\.0\.0\.1:\d+ could not be reached/,
    );
    expect(whileProviderDown.config).toEqual({
      enabled: true,
      passwordLogin: true,
      loginUrl: '/api/v1/session/oidc/login',
      issuer: provider.issuer,
    });
    const started = await csoc.anonymous().get('/api/v1/session/oidc/login', { accept: 'application/json' });
    expect(started.status).toBe(200);
    const url = new URL(started.body.authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(`${csoc.url}${CALLBACK}`);
  });

  it('signs a new user in through the redirect flow and makes them admin of acme from realm_access.roles', async () => {
    const { browser, response } = await signIn('alice', '/orgs/acme?tab=members#top');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/orgs/acme?tab=members#top');
    expect(browser.cookie(csoc.url, 'csoc_session')).toBeTruthy();
    expect(browser.cookie(csoc.url, 'csoc_oidc_state')).toBeUndefined();

    const session = await browser.api(csoc.url, 'GET', '/api/v1/session');
    expect(session.body.user).toMatchObject({
      email: 'alice@example.org',
      displayName: 'Alice',
      isPlatformAdmin: false,
    });
    const members = await browser.api(csoc.url, 'GET', '/api/v1/orgs/acme/members');
    expect(members.status).toBe(200);
    expect(members.body.items).toContainEqual(
      expect.objectContaining({ email: 'alice@example.org', role: 'admin', source: 'oidc' }),
    );
    // An admin may invite members: the mapped role is the one enforced.
    const helper = { email: 'helper@example.org', displayName: 'Helper', password: 'helper-password-123' };
    expect((await csoc.admin.post('/api/v1/users', helper)).status).toBe(201);
    const invited = await browser.api(csoc.url, 'POST', '/api/v1/orgs/acme/invitations', {
      email: helper.email,
      role: 'viewer',
    });
    expect(invited.status).toBe(201);

    const users = await csoc.admin.get('/api/v1/users?limit=100');
    expect(users.body.items).toContainEqual(
      expect.objectContaining({ email: 'alice@example.org', sso: true }),
    );
  });

  it('maps Keycloak groups to a viewer role, which may read but not manage members', async () => {
    const { browser, response } = await signIn('bob');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect((await browser.api(csoc.url, 'GET', '/api/v1/orgs/globex/members')).status).toBe(200);
    const manage = await browser.api(csoc.url, 'POST', '/api/v1/orgs/globex/members', {
      email: 'alice@example.org',
      role: 'viewer',
    });
    expect(manage.status).toBe(403);
    expect(manage.body.error.code).toBe('forbidden_role');
    expect((await browser.api(csoc.url, 'GET', '/api/v1/orgs/acme/members')).status).toBe(404);
  });

  it('gives a user whose groups grant no role no session and a clear message', async () => {
    const signedIn = await signIn('carol');
    const { browser } = signedIn;
    const failure = ssoFailure(signedIn);
    expect(failure.code).toBe('oidc_not_mapped');
    expect(failure.requestId).toBeTruthy();
    expect(failure.message).toMatch(
      /not mapped to any CSOC organization; ask an admin to add you to a group/,
    );
    expect(browser.cookie(csoc.url, 'csoc_session')).toBeUndefined();
    expect((await browser.api(csoc.url, 'GET', '/api/v1/session')).status).toBe(401);
  });

  it('makes a user platform admin from platformAdminValues', async () => {
    const { browser } = await signIn('dave');
    expect((await browser.api(csoc.url, 'GET', '/api/v1/session')).body.user.isPlatformAdmin).toBe(true);
    expect((await browser.api(csoc.url, 'GET', '/api/v1/users')).status).toBe(200);
  });

  it("links an existing local account only with a verified email and its holder's consent", async () => {
    const password = 'erin-local-password';
    const local = await csoc.admin.post('/api/v1/users', {
      email: 'erin@example.org',
      displayName: 'Erin',
      password,
    });
    expect(local.status).toBe(201);
    const refused = await signIn('erin');
    expect(ssoFailure(refused).code).toBe('oidc_email_unverified');

    // A verified email alone does not take the account over: its holder has not agreed.
    accounts.erin!.email_verified = true;
    const unconsented = ssoFailure(await signIn('erin'));
    expect(unconsented.code).toBe('oidc_link_required');
    expect(unconsented.message).toMatch(
      /Sign in to CSOC with that account's password, then choose single sign-on in the same browser/,
    );
    expect(unconsented.requestId).toBeTruthy();
    const passwordLogin = () =>
      csoc.anonymous().post('/api/v1/session', { email: 'erin@example.org', password });
    expect((await passwordLogin()).status).toBe(200);

    // Consent: the same browser signs in with the password, then through the provider.
    const browser = new Browser();
    expect(
      (await browser.api(csoc.url, 'POST', '/api/v1/session', { email: 'erin@example.org', password }))
        .status,
    ).toBe(200);
    const { response } = await signIn('erin', undefined, browser);
    expect(response.status).toBe(302);
    expect((await browser.api(csoc.url, 'GET', '/api/v1/session')).body.user.id).toBe(local.body.id);
    const members = await csoc.admin.get('/api/v1/orgs/acme/members');
    expect(members.body.items).toContainEqual(
      expect.objectContaining({ email: 'erin@example.org', role: 'operator', source: 'oidc' }),
    );
    // From now on the provider governs the account: the password no longer signs in.
    const after = await passwordLogin();
    expect(after.status).toBe(401);
    const events = (await csoc.admin.get('/api/v1/audit?target=session/oidc&limit=200')).body.items as any[];
    expect(events.find((event) => event.summary.linkedLocalAccount)).toMatchObject({
      outcome: 'success',
      actor: { id: local.body.id, label: 'erin@example.org' },
      summary: { linkedLocalAccount: { userId: local.body.id, consent: 'password-session' } },
    });
  });

  it('follows the claims at every sign-in, leaving local memberships and the last owner alone', async () => {
    expect(
      (await csoc.admin.post('/api/v1/orgs/globex/members', { email: 'alice@example.org', role: 'operator' }))
        .status,
    ).toBe(201);
    accounts.alice!.realm_access = { roles: ['initech-owners'] };
    accounts.alice!.groups = ['/acme/operators'];
    const { browser } = await signIn('alice');
    const memberships = async () =>
      Object.fromEntries(
        ((await browser.api(csoc.url, 'GET', '/api/v1/me')).body.memberships as any[]).map((m) => [
          m.orgSlug,
          m.role,
        ]),
      );
    expect(await memberships()).toEqual({ acme: 'operator', globex: 'operator', initech: 'owner' });

    // The platform admin leaves initech, so alice (from the provider) is its only owner.
    const admin = (await csoc.admin.get('/api/v1/me')).body.user;
    expect((await csoc.admin.delete(`/api/v1/orgs/initech/members/${admin.id}`)).status).toBe(204);

    accounts.alice!.realm_access = { roles: [] };
    accounts.alice!.groups = [];
    const again = await signIn('alice', undefined, browser);
    // Still signed in: the local globex membership remains.
    expect(again.response.status).toBe(302);
    expect(await memberships()).toEqual({ globex: 'operator', initech: 'owner' });
    expect(csoc.capturedOutput()).toContain('not demoting the last owner');
  });

  it('refuses a callback whose state this browser did not start, and a state used twice', async () => {
    const first = await signInUntilCallback('bob');
    const forged = new URL(first.callbackUrl);
    forged.searchParams.set('state', 'somebody-elses-state');
    const mismatch = await first.browser.request(forged.href);
    expect(ssoFailure(mismatch).code).toBe('oidc_state_mismatch');

    const second = await signInUntilCallback('bob');
    const state = new URL(second.callbackUrl).searchParams.get('state')!;
    const ok = await second.browser.request(second.callbackUrl);
    expect(ok.response.status).toBe(302);
    // Replaying the same callback, even with the state cookie put back, is refused: states are single use.
    second.browser.setCookie(csoc.url, 'csoc_oidc_state', state);
    const replay = await second.browser.request(second.callbackUrl);
    expect(ssoFailure(replay).code).toBe('oidc_state_invalid');
  });

  it('reports a sign-in the provider refused (the user cancelled) as 401', async () => {
    /** A fresh sign-in, answered by the provider with "the user cancelled". */
    async function cancelledCallback() {
      const browser = new Browser();
      const started = await browser.request(`${csoc.url}/api/v1/session/oidc/login`, {
        headers: { accept: 'application/json' },
      });
      const state = new URL(JSON.parse(started.text).authorizationUrl).searchParams.get('state')!;
      const callback = new URL(`${csoc.url}${CALLBACK}`);
      callback.search = new URLSearchParams({
        error: 'access_denied',
        error_description: 'User cancelled',
        state,
        iss: provider.issuer,
      }).toString();
      return { browser, url: callback.href };
    }
    const inBrowser = await cancelledCallback();
    expect(ssoFailure(await inBrowser.browser.request(inBrowser.url))).toMatchObject({
      code: 'oidc_provider_error',
      message: expect.stringContaining('access_denied: User cancelled'),
    });
    // A caller that asks for JSON gets the error itself, with its status.
    const asJson = await cancelledCallback();
    const json = await asJson.browser.request(asJson.url, { headers: { accept: 'application/json' } });
    expect(json.response.status).toBe(401);
    expect(JSON.parse(json.text).error.code).toBe('oidc_provider_error');
  });

  it('refuses a returnTo that would leave CSOC', async () => {
    const leaving = [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'relative',
      // Paths that become //evil.example once the browser removes the dot segments.
      '/.//evil.example/phish',
      '/..//evil.example/phish',
      '/%2e//evil.example/phish',
      '/a/%2e%2e//evil.example/phish',
      // Encoded slashes and backslashes, and control characters a browser strips.
      '/%2F%2Fevil.example/phish',
      '/%5Cevil.example',
      '/\t/evil.example',
      '/orgs\n/acme',
    ];
    for (const returnTo of leaving) {
      const response = await csoc
        .anonymous()
        .get(`/api/v1/session/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(response.status, returnTo).toBe(400);
      expect(response.body.error.details[0].field).toBe('query.returnTo');
    }
    // A path that only looks odd is still a path on CSOC.
    const fine = await csoc
      .anonymous()
      .get(`/api/v1/session/oidc/login?returnTo=${encodeURIComponent('/orgs/./acme/../acme?q=%2F')}`, {
        accept: 'application/json',
      });
    expect(fine.status).toBe(200);
  });

  it('reports a provider outage during the code exchange as 503', async () => {
    const { browser, callbackUrl } = await signInUntilCallback('bob');
    await provider.stop();
    try {
      const answer = await browser.request(callbackUrl);
      expect(ssoFailure(answer).code).toBe('oidc_unavailable');
    } finally {
      provider = await startProvider(providerKey);
    }
  });

  it('accepts ID tokens signed with a rotated key after refetching the JWKS', async () => {
    // A sign-in with the current key, so CSOC holds the old JWKS.
    expect((await signIn('bob')).response.status).toBe(302);
    const oldKid = decodeProtectedHeader(provider.issuedIdTokens.at(-1)!).kid;
    // The provider comes back with a new key set only (and claims only in UserInfo, as a stock Keycloak).
    await provider.stop();
    provider = await startProvider(await generateSigningKey(`${oldKid}-rotated`), true);
    const jwks = await (await fetch(`${provider.issuer}/jwks`)).json();
    expect(jwks.keys.map((key: any) => key.kid)).toEqual([`${oldKid}-rotated`]);

    const { browser, response } = await signIn('bob');
    expect(response.status).toBe(302);
    expect(decodeProtectedHeader(provider.issuedIdTokens.at(-1)!).kid).toBe(`${oldKid}-rotated`);
    expect((await browser.api(csoc.url, 'GET', '/api/v1/orgs/globex/members')).status).toBe(200);
  });

  it('rejects a tampered or forged ID token coming back from the token endpoint', async () => {
    const attackerKey = await generateSigningKey(providerKey.kid!);
    const attempts: Record<string, (idToken: string) => Promise<string> | string> = {
      // Privilege escalation: the payload gains a role; the signature no longer matches.
      tampered: (idToken) => {
        const [header, payload, signature] = idToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        claims.realm_access = { roles: ['csoc-admins'] };
        return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
      },
      // Same claims and kid, signed by a key the provider never published.
      forged: async (idToken) =>
        new SignJWT({ ...decodeJwt(idToken), realm_access: { roles: ['csoc-admins'] } })
          .setProtectedHeader({ alg: 'RS256', kid: attackerKey.kid! })
          .sign(await importJWK(attackerKey, 'RS256')),
      unsigned: (idToken) => {
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
        return `${header}.${idToken.split('.')[1]}.`;
      },
    };
    try {
      for (const [name, rewrite] of Object.entries(attempts)) {
        provider.rewriteIdToken = rewrite;
        const attempt = await signIn('carol');
        const { browser } = attempt;
        expect(ssoFailure(attempt).code, name).toBe('oidc_invalid_id_token');
        expect(browser.cookie(csoc.url, 'csoc_session'), name).toBeUndefined();
      }
    } finally {
      provider.rewriteIdToken = undefined;
    }
    const carol = (await csoc.admin.get('/api/v1/users?limit=100')).body.items.find(
      (u: any) => u.email === 'carol@example.org',
    );
    expect(carol.isPlatformAdmin).toBe(false);
  });

  it('validates ID tokens directly: signature, issuer, audience, authorized party, times and nonce', async () => {
    const client = createOidcClient({
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: 'openid',
      redirectUri: () => `${csoc.url}${CALLBACK}`,
      logger: csoc.context.logger,
    });
    expect((await signIn('bob')).response.status).toBe(302);
    const genuine = provider.issuedIdTokens.at(-1)!;
    const claims = decodeJwt(genuine);
    const nonce = String(claims.nonce);
    await expect(client.verifyIdToken(genuine, nonce)).resolves.toMatchObject({
      sub: claims.sub,
      iss: provider.issuer,
    });

    // The provider's own private key, to sign test tokens exactly as the provider would.
    const realKey = await importJWK(providerKey, 'RS256');
    const signWithProviderKey = (payload: Record<string, unknown>) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: providerKey.kid! }).sign(realKey);
    const now = Math.floor(Date.now() / 1000);
    const rejected = {
      'a changed payload': `${genuine.split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, sub: 'dave' })).toString('base64url')}.${genuine.split('.')[2]}`,
      'a forged signature': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: providerKey.kid! })
        .sign(await importJWK(await generateSigningKey(providerKey.kid!), 'RS256')),
      'an unknown key': await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'key-9' })
        .sign(await importJWK(await generateSigningKey('key-9'), 'RS256')),
      'another audience': await signWithProviderKey({ ...claims, aud: 'someone-else' }),
      'another issuer': await signWithProviderKey({ ...claims, iss: 'http://evil.example' }),
      'an expired token': await signWithProviderKey({ ...claims, iat: now - 7200, exp: now - 3600 }),
      'another nonce': await signWithProviderKey({ ...claims, nonce: 'other-nonce' }),
      'another authorized party': await signWithProviderKey({
        ...claims,
        aud: CLIENT_ID,
        azp: 'someone-else',
      }),
      'an iat a day ahead': await signWithProviderKey({ ...claims, iat: now + 86_400, exp: now + 90_000 }),
    };
    for (const [what, token] of Object.entries(rejected)) {
      await expect(client.verifyIdToken(token, nonce), what).rejects.toMatchObject({
        code: 'oidc_invalid_id_token',
      });
    }
    // Control: the same signing path accepts a token with nothing wrong.
    await expect(client.verifyIdToken(await signWithProviderKey(claims), nonce)).resolves.toBeTruthy();
  });

  it('refuses passwords in SSO-only mode, and says so in the sign-in config', async () => {
    csoc.context.ssoOnly = true;
    try {
      const login = await csoc
        .anonymous()
        .post('/api/v1/session', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
      expect(login.status).toBe(400);
      expect(login.body.error.code).toBe('sso_only');
      expect(login.body.error.message).toMatch(/Password sign-in is turned off; use single sign-on/);
      const change = await csoc.admin.post('/api/v1/me/password', {
        currentPassword: TEST_ADMIN_PASSWORD,
        newPassword: 'another-long-password',
      });
      expect(change.status).toBe(400);
      expect(change.body.error.code).toBe('sso_only');
      expect((await csoc.anonymous().get('/api/v1/session/oidc/config')).body.passwordLogin).toBe(false);
      expect((await signIn('bob')).response.status).toBe(302);
    } finally {
      csoc.context.ssoOnly = false;
    }
  });

  it('audits every failed sign-in with who tried and why', async () => {
    const events = (await csoc.admin.get('/api/v1/audit?target=session/oidc&limit=200')).body.items as any[];
    const failures = events.filter((event) => event.outcome !== 'success');
    const find = (code: string) => failures.find((event) => event.summary.error === code);
    expect(find('oidc_not_mapped')).toMatchObject({
      outcome: 'denied',
      statusCode: 403,
      actor: { kind: 'anonymous', label: 'carol@example.org' },
    });
    expect(find('oidc_not_mapped').actor.id).toBeTruthy();
    expect(find('oidc_email_unverified')).toMatchObject({
      outcome: 'denied',
      statusCode: 403,
      actor: { label: 'erin@example.org' },
    });
    expect(find('oidc_link_required')).toMatchObject({
      outcome: 'failure',
      statusCode: 409,
      actor: { label: 'erin@example.org' },
    });
    expect(find('oidc_state_mismatch')).toMatchObject({ outcome: 'failure', statusCode: 400 });
    expect(find('oidc_state_invalid')).toMatchObject({ outcome: 'failure', statusCode: 400 });
    expect(find('oidc_unavailable')).toMatchObject({ outcome: 'failure', statusCode: 503 });
    expect(find('oidc_invalid_id_token')).toMatchObject({ outcome: 'denied', statusCode: 401 });
    expect(events.find((event) => event.outcome === 'success')).toMatchObject({
      action: 'public',
      summary: { method: 'oidc' },
    });
    // Neither the client secret nor any token ends up in logs or the audit log.
    const everything = csoc.capturedOutput() + JSON.stringify(events);
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain(Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'));
    for (const idToken of provider.issuedIdTokens) expect(everything).not.toContain(idToken.split('.')[2]);
  });

  /** Restarts the provider with the same key, optionally releasing scope claims only through UserInfo. */
  async function restartProvider(claimsOnlyInUserInfo: boolean) {
    await provider.stop();
    provider = await startProvider(providerKey, claimsOnlyInUserInfo);
  }

  /** Re-signs an ID token with the provider's own key after `change` edited its claims. */
  async function resign(idToken: string, change: (claims: Record<string, any>) => void) {
    const claims: Record<string, any> = decodeJwt(idToken);
    change(claims);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: providerKey.kid! })
      .sign(await importJWK(providerKey, 'RS256'));
  }

  it('fails the sign-in and changes nothing when UserInfo fails or answers for another user', async () => {
    await restartProvider(true);
    const { browser } = await signIn('frank');
    const created = await browser.api(csoc.url, 'POST', '/api/v1/orgs/acme/tokens', {
      name: 'frank-ci',
      role: 'admin',
    });
    expect(created.status).toBe(201);
    const tokenStatus = async () =>
      (
        await fetch(`${csoc.url}/api/v1/orgs/acme/members`, {
          headers: { authorization: `Bearer ${created.body.token}` },
        })
      ).status;
    const frankInAcme = async () =>
      ((await csoc.admin.get('/api/v1/orgs/acme/members')).body.items as any[]).find(
        (member) => member.email === 'frank@example.org',
      );
    expect(await tokenStatus()).toBe(200);
    expect(await frankInAcme()).toMatchObject({ role: 'admin', source: 'oidc' });

    const answers: Record<
      string,
      [string, (claims: Record<string, unknown>) => { status: number; body: unknown }]
    > = {
      'a 500': ['oidc_userinfo_failed', () => ({ status: 500, body: 'Internal Server Error' })],
      'another subject': [
        'oidc_userinfo_invalid',
        (claims) => ({ status: 200, body: { ...claims, sub: 'someone-else', realm_access: { roles: [] } } }),
      ],
    };
    try {
      for (const [what, [code, answer]] of Object.entries(answers)) {
        provider.rewriteUserInfo = answer;
        const attempt = await signIn('frank');
        const failure = ssoFailure(attempt);
        expect(failure.code, what).toBe(code);
        expect(failure.message, what).toMatch(/UserInfo.*nothing was changed/);
        expect(failure.requestId, what).toBeTruthy();
        expect(attempt.browser.cookie(csoc.url, 'csoc_session'), what).toBeUndefined();
        expect(await frankInAcme(), what).toMatchObject({ role: 'admin', source: 'oidc' });
        expect(await tokenStatus(), what).toBe(200);
      }
    } finally {
      provider.rewriteUserInfo = undefined;
    }
  });

  it('merges nested claims from the ID token and UserInfo', async () => {
    await restartProvider(true);
    // The ID token carries part of resource_access; the mapped client roles are only in UserInfo.
    provider.rewriteIdToken = (idToken) =>
      resign(idToken, (claims) => {
        claims.resource_access = { account: { roles: ['manage-account'] } };
      });
    try {
      const { browser, response } = await signIn('grace');
      expect(response.status, response.headers.get('location') ?? '').toBe(302);
      expect(response.headers.get('location')).toBe('/');
      const me = await browser.api(csoc.url, 'GET', '/api/v1/me');
      expect(me.body.memberships).toContainEqual(
        expect.objectContaining({ orgSlug: 'globex', role: 'operator' }),
      );
    } finally {
      provider.rewriteIdToken = undefined;
    }
  });

  it('never creates, links or renames an account to an unverified email', async () => {
    const emails = async () =>
      ((await csoc.admin.get('/api/v1/users?limit=200')).body.items as any[]).map((user) => user.email);
    const impostor = await signIn('mallory');
    const failure = ssoFailure(impostor);
    expect(failure.code).toBe('oidc_email_unverified');
    expect(failure.message).toMatch(/does not mark your email victim@example\.org as verified/);
    expect(failure.requestId).toBeTruthy();
    expect(impostor.browser.cookie(csoc.url, 'csoc_session')).toBeUndefined();
    expect(await emails()).not.toContain('victim@example.org');
    // So the real owner of the address gets it (and whatever an admin grants to it).
    const owner = await signIn('victim');
    expect(owner.response.status).toBe(302);
    expect((await owner.browser.api(csoc.url, 'GET', '/api/v1/session')).body.user.email).toBe(
      'victim@example.org',
    );

    // A linked user whose provider email changes to an unverified one keeps the verified one.
    const bob = { ...accounts.bob! };
    accounts.bob!.email = 'victim-two@example.org';
    accounts.bob!.email_verified = false;
    try {
      const renamed = await signIn('bob');
      expect(renamed.response.status).toBe(302);
      expect((await renamed.browser.api(csoc.url, 'GET', '/api/v1/session')).body.user.email).toBe(
        'bob@example.org',
      );
      expect(await emails()).not.toContain('victim-two@example.org');
    } finally {
      accounts.bob = bob;
    }

    // A pending invitation does not let an unverified address in (SSO-only mode accepts it after sign-in).
    const invited = await csoc.admin.post('/api/v1/orgs/acme/invitations', {
      email: 'newhire@example.org',
      role: 'viewer',
    });
    expect(invited.status).toBe(201);
    csoc.context.ssoOnly = true;
    try {
      const claimed = await signIn('trudy');
      expect(ssoFailure(claimed).code).toBe('oidc_email_unverified');
      expect(claimed.browser.cookie(csoc.url, 'csoc_session')).toBeUndefined();
      expect(await emails()).not.toContain('newhire@example.org');
    } finally {
      csoc.context.ssoOnly = false;
    }
  });

  it('does not let a verified provider email take over a local account without consent', async () => {
    // The bootstrap platform admin, in SSO-only mode, where its password cannot give consent.
    csoc.context.ssoOnly = true;
    try {
      const takeover = await signIn('root');
      expect(ssoFailure(takeover).code).toBe('oidc_link_required');
      expect(takeover.browser.cookie(csoc.url, 'csoc_session')).toBeUndefined();
    } finally {
      csoc.context.ssoOnly = false;
    }
    const admin = ((await csoc.admin.get('/api/v1/users?limit=200')).body.items as any[]).find(
      (user) => user.email === TEST_ADMIN_EMAIL,
    );
    expect(admin).toMatchObject({ sso: false, isPlatformAdmin: true });
    expect(
      (
        await csoc
          .anonymous()
          .post('/api/v1/session', { email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD })
      ).status,
    ).toBe(200);

    // An admin may trust the provider's verified emails instead (CSOC_OIDC_LINK_BY_EMAIL); it is audited.
    const password = 'henry-local-password';
    const henry = await csoc.admin.post('/api/v1/users', {
      email: 'henry@example.org',
      displayName: 'Henry',
      password,
    });
    expect(henry.status).toBe(201);
    csoc.context.config.oidcLinkByEmail = true;
    try {
      const linked = await signIn('henry');
      expect(linked.response.status).toBe(302);
      expect((await linked.browser.api(csoc.url, 'GET', '/api/v1/session')).body.user.id).toBe(henry.body.id);
    } finally {
      csoc.context.config.oidcLinkByEmail = false;
    }
    expect(
      (await csoc.anonymous().post('/api/v1/session', { email: 'henry@example.org', password })).status,
    ).toBe(401);
    const events = (await csoc.admin.get('/api/v1/audit?target=session/oidc&limit=200')).body.items as any[];
    expect(events.find((event) => event.summary.linkedLocalAccount?.userId === henry.body.id)).toMatchObject({
      outcome: 'success',
      summary: { linkedLocalAccount: { consent: 'admin-setting' } },
    });
  });

  it('uses an issuer URL whose path is written with a trailing slash', async () => {
    // Keycloak's issuers have a path (/realms/<realm>); an operator may well copy it with a slash.
    const realm = await startTestOidcProvider({
      port: await findFreePort(),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: `${csoc.url}${CALLBACK}`,
      accounts,
      signingKeys: [providerKey],
      issuerPath: '/realms/gen3',
    });
    try {
      const client = createOidcClient({
        issuer: `${realm.issuer}/`,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        scopes: 'openid',
        redirectUri: () => `${csoc.url}${CALLBACK}`,
        logger: csoc.context.logger,
      });
      const started = await client.startLogin(csoc.context.database.db, '/');
      expect(started.authorizationUrl.startsWith(`${realm.issuer}/`)).toBe(true);
      expect((await fetch(started.authorizationUrl, { redirect: 'manual' })).status).toBe(303);
    } finally {
      await realm.stop();
    }
  });

  // Last: it signs the bootstrap admin out for good.
  // Starts a second CSOC in this process: on a busy 2-core machine that alone can take tens of seconds.
  it('ends the sessions and tokens of accounts without single sign-on when a replica starts SSO-only', async () => {
    const password = 'ivan-local-password';
    expect(
      (await csoc.admin.post('/api/v1/users', { email: 'ivan@example.org', displayName: 'Ivan', password }))
        .status,
    ).toBe(201);
    expect(
      (await csoc.admin.post('/api/v1/orgs/globex/members', { email: 'ivan@example.org', role: 'operator' }))
        .status,
    ).toBe(201);
    const ivan = new Browser();
    expect(
      (await ivan.api(csoc.url, 'POST', '/api/v1/session', { email: 'ivan@example.org', password })).status,
    ).toBe(200);
    const token = await ivan.api(csoc.url, 'POST', '/api/v1/orgs/globex/tokens', {
      name: 'ivan-ci',
      role: 'operator',
    });
    expect(token.status).toBe(201);
    const tokenStatus = async () =>
      (
        await fetch(`${csoc.url}/api/v1/orgs/globex/members`, {
          headers: { authorization: `Bearer ${token.body.token}` },
        })
      ).status;
    expect(await tokenStatus()).toBe(200);
    const sso = await signIn('bob');
    expect(sso.response.status).toBe(302);

    // A second replica on the same database, started in SSO-only mode.
    const output: string[] = [];
    const replica = await startCsoc({
      config: loadConfig({
        CSOC_PORT: '0',
        CSOC_DATA_DIR: csoc.dataDir,
        CSOC_DATABASE_URL: databaseUrl,
        CSOC_LOG_LEVEL: 'info',
        CSOC_SSO_ONLY: 'true',
        ...oidcEnv(),
      }),
      logDestination: new Writable({
        write(chunk, _encoding, callback) {
          output.push(String(chunk));
          callback();
        },
      }),
      announce: (message) => output.push(message),
    });
    try {
      // The first replica may remember a session it verified in the last SESSION_CACHE_TTL_MS (ADR 0051): a
      // revocation made by another replica ends it within that time, not at once.
      const statusWithinSessionCache = async (read: () => Promise<number>) => {
        const deadline = Date.now() + SESSION_CACHE_TTL_MS + 1_000;
        let status = await read();
        while (status !== 401 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          status = await read();
        }
        return status;
      };
      expect(
        await statusWithinSessionCache(
          async () => (await ivan.api(csoc.url, 'GET', '/api/v1/session')).status,
        ),
      ).toBe(401);
      expect(await tokenStatus()).toBe(401);
      expect(await statusWithinSessionCache(async () => (await csoc.admin.get('/api/v1/me')).status)).toBe(
        401,
      );
      // A user who signs in through the provider keeps their session.
      expect((await sso.browser.api(csoc.url, 'GET', '/api/v1/session')).status).toBe(200);
      const log = output.join('');
      expect(log).toContain('revoked the sessions and API tokens of users without a single sign-on identity');
      expect(log).toContain(
        `the platform admin ${TEST_ADMIN_EMAIL} has no single sign-on identity and can no longer sign in`,
      );
    } finally {
      await replica.stop();
    }
  }, 120_000);
});

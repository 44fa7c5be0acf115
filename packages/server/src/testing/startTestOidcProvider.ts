// A real OpenID provider (the `oidc-provider` package) on a loopback port for single sign-on tests: one
// confidential client, accounts with Keycloak-shaped claims, a one-field sign-in form instead of a real
// user store, and a hook to rewrite token responses (to test that CSOC rejects tampered ID tokens).
import http from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export interface TestOidcProviderOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Account id → claims (besides sub); read at every sign-in, so tests may change them in between. */
  accounts: Record<string, Record<string, unknown>>;
  /** Private signing keys (with kid); the provider publishes their public halves in its JWKS. */
  signingKeys: JWK[];
  /**
   * false: scope claims (email, roles, groups) go into the ID token, as Keycloak's mappers do with
   * "Add to ID token". true: they are only in UserInfo, so CSOC must fetch them there.
   */
  claimsOnlyInUserInfo?: boolean;
  /** A path the issuer URL ends in, as Keycloak's `/realms/<realm>`; the provider's endpoints live under it. */
  issuerPath?: string;
}

export interface TestOidcProvider {
  issuer: string;
  /** Every ID token the token endpoint issued, oldest first (before any rewrite). */
  issuedIdTokens: string[];
  /** When set, replaces the ID token in the next token responses. */
  rewriteIdToken: ((idToken: string) => Promise<string> | string) | undefined;
  /** When set, replaces the UserInfo endpoint's answer (to test a failing or lying UserInfo). */
  rewriteUserInfo: ((claims: Record<string, unknown>) => { status: number; body: unknown }) | undefined;
  stop(): Promise<void>;
}

/** A fresh RS256 signing key with the given key id, as a private JWK. */
export async function generateSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const issuerPath = options.issuerPath ?? '';
  const issuer = `http://127.0.0.1:${options.port}${issuerPath}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: options.signingKeys },
    cookies: { keys: ['test-provider-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'realm_access', 'resource_access', 'groups'],
    },
    conformIdTokenClaims: options.claimsOnlyInUserInfo ?? false,
    // Insist on PKCE for every client, so a CSOC that forgot it would fail here.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    ttl: {
      Session: 600,
      Interaction: 600,
      Grant: 600,
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
    },
    async findAccount(_ctx: unknown, id: string) {
      const claims = options.accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
  });

  const result: TestOidcProvider = {
    issuer,
    issuedIdTokens: [],
    rewriteIdToken: undefined,
    rewriteUserInfo: undefined,
    stop: async () => {},
  };

  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path === '/token' && body && typeof body.id_token === 'string') {
      result.issuedIdTokens.push(body.id_token);
      if (result.rewriteIdToken) body.id_token = await result.rewriteIdToken(body.id_token);
    }
    if (ctx.path === '/me' && result.rewriteUserInfo) {
      const answer = result.rewriteUserInfo((ctx.body ?? {}) as Record<string, unknown>);
      ctx.status = answer.status;
      ctx.body = answer.body;
    }
  });

  /** The sign-in page: a form with one field, the account id; consent is granted without asking. */
  async function interaction(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    uid: string,
    submitted: boolean,
  ) {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name === 'login' && !submitted) {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${escapeHtml(uid)}/login">` +
          `<input name="login" autofocus><button>Sign in</button></form>`,
      );
      return;
    }
    let accountId = details.session?.accountId;
    if (submitted) {
      accountId = (await readForm(request)).get('login') ?? '';
      if (!options.accounts[accountId]) {
        response.statusCode = 400;
        response.end(`unknown account ${escapeHtml(accountId)}`);
        return;
      }
    }
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId: accountId!, clientId: details.params.client_id }))
      : new provider.Grant({ accountId: accountId!, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    const missingClaims = details.prompt.details.missingOIDCClaims;
    if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
    const grantId = await grant.save();
    await provider.interactionFinished(
      request,
      response,
      { ...(submitted ? { login: { accountId } } : {}), consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  const handle = provider.callback();
  const server = http.createServer((request, response) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?(?:\?|$)/.exec(request.url ?? '');
    if (!match) {
      // Mounted under the issuer's path: oidc-provider reads its mount path from originalUrl.
      if (issuerPath && request.url?.startsWith(issuerPath)) {
        (request as http.IncomingMessage & { originalUrl?: string }).originalUrl = request.url;
        request.url = request.url.slice(issuerPath.length) || '/';
      }
      return handle(request, response);
    }
    interaction(request, response, match[1]!, Boolean(match[2]) && request.method === 'POST').catch(
      (error: unknown) => {
        response.statusCode = 500;
        response.end(`interaction failed: ${String(error)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  result.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return result;
}

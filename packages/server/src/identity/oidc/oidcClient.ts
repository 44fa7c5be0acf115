// CSOC as an OpenID Connect relying party: discovery (lazy, cached, retried after a failure), the
// authorization request with PKCE S256, state and nonce, the code exchange, and ID-token validation.
// In-flight logins live in the oidc_logins table, not in memory, so any replica can finish a login
// another one started. openid-client checks the ID token's issuer, audience, nonce and times; jose
// checks its signature against the provider's JWKS, refetched when a token names an unknown key.
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/schema.ts';
import { AuthenticationError, DomainError, InputError, UnavailableError } from '../../errors.ts';
import type { OidcLoginsTable } from '../identityTables.ts';
import { claimAt } from './roleMapping.ts';

/** How long a started login may take at the provider before its state expires. */
export const LOGIN_TTL_MINUTES = 10;

/** Allowed clock difference between CSOC and the provider when checking exp, nbf and iat. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Asymmetric algorithms only: a JWKS never holds shared secrets, and `none` is never accepted. */
const ID_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  /** Space-separated; must include openid. */
  scopes: string;
  /** The callback URL registered at the provider; a function because the public URL is known only after listen. */
  redirectUri: () => string;
  logger: Logger;
  /**
   * Minimum time between two JWKS refetches caused by a token naming an unknown key. ID tokens reach CSOC
   * only from the token endpoint, over a connection CSOC opened, so a refetch cannot be triggered by a
   * stranger; 0 lets a rotated key work at once.
   */
  jwksCooldownMs?: number;
  /** Seconds before a request to the provider gives up. */
  timeoutSeconds?: number;
}

export interface StartedLogin {
  authorizationUrl: string;
  state: string;
}

export interface CompletedLogin {
  /** The validated ID token's claims, completed from the UserInfo endpoint when it lacked some. */
  claims: Record<string, unknown> & { iss: string; sub: string };
}

interface Discovered {
  configuration: client.Configuration;
  issuer: string;
  jwks: JWTVerifyGetKey;
}

export interface OidcClient {
  readonly issuer: string;
  /** Stores a new login's state, nonce and PKCE verifier and returns the provider URL to send the browser to. */
  startLogin(db: Kysely<Database>, returnTo: string): Promise<StartedLogin>;
  /** Deletes and returns a started login; a state that is unknown, expired or already used is a 400. */
  takeLogin(db: Kysely<Database>, state: string): Promise<OidcLoginsTable>;
  /** Exchanges the code from the callback (its raw query string) and validates the ID token. */
  completeLogin(
    callbackQuery: string,
    login: OidcLoginsTable,
    wantedClaims: string[],
  ): Promise<CompletedLogin>;
  /** Validates an ID token's signature (through the JWKS), issuer, audience, times and nonce. */
  verifyIdToken(idToken: string, expectedNonce: string): Promise<JWTPayload & { iss: string; sub: string }>;
}

/** Whether an error means the provider could not be reached (as opposed to answering "no"). */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout) return true;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return true;
  if (error instanceof TypeError && /fetch failed|network|socket/i.test(error.message)) return true;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause !== undefined && cause !== error && isNetworkFailure(cause);
}

function reasonOf(error: unknown): string {
  let current: unknown = error;
  while ((current as { cause?: unknown })?.cause instanceof Error)
    current = (current as { cause: unknown }).cause;
  const code = (current as { code?: unknown })?.code;
  return typeof code === 'string' ? code : current instanceof Error ? current.message : String(current);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * UserInfo claims completed by the ID token's: nested objects (realm_access, resource_access) are merged
 * key by key, so a client's roles only in UserInfo survive an ID token that carries another client's;
 * on a conflict the signed ID token wins.
 */
export function mergeClaims(
  userInfo: Record<string, unknown>,
  idToken: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...userInfo };
  for (const [key, value] of Object.entries(idToken)) {
    const other = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(other) ? mergeClaims(other, value) : value;
  }
  return merged;
}

/** The issuer URL with its path's trailing slash removed or added; undefined for an issuer without a path. */
function otherTrailingSlash(issuer: URL): URL | undefined {
  if (issuer.pathname === '/' || issuer.search) return undefined;
  const other = new URL(issuer.href);
  other.pathname = issuer.pathname.endsWith('/')
    ? issuer.pathname.replace(/\/+$/, '')
    : `${issuer.pathname}/`;
  return other;
}

/** Creates the relying party for one configured provider. Nothing is fetched until the first login. */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  const { logger } = options;
  const timeout = options.timeoutSeconds ?? 10;
  let discovering: Promise<Discovered> | undefined;

  const unavailable = (what: string, error: unknown) => {
    logger.warn({ err: error, issuer: options.issuer }, `OIDC provider unreachable during ${what}`);
    return new UnavailableError(
      `Single sign-on is unavailable: the identity provider at ${options.issuer} could not be reached (or failed) during ${what} (${reasonOf(error)}). Try again in a minute; if it persists, an admin should check the provider and CSOC_OIDC_ISSUER.`,
      'oidc_unavailable',
    );
  };

  async function discover(): Promise<Discovered> {
    const issuerUrl = new URL(options.issuer);
    const execute: Array<(configuration: client.Configuration) => void> = [];
    // An http:// issuer is an explicit operator choice (a provider inside the cluster, or a test).
    if (issuerUrl.protocol === 'http:') execute.push(client.allowInsecureRequests);
    const discoverAt = (url: URL) =>
      client.discovery(
        url,
        options.clientId,
        undefined,
        // client_secret_basic is the registration default every provider supports (Keycloak's too).
        options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None(),
        { execute, timeout },
      );
    let configuration: client.Configuration;
    try {
      try {
        configuration = await discoverAt(issuerUrl);
      } catch (error) {
        // The metadata names the issuer exactly; an issuer copied with (or without) a trailing slash after
        // its path (https://keycloak/realms/gen3/) is the same provider, whose own spelling then counts.
        const otherSpelling = otherTrailingSlash(issuerUrl);
        const issuerMismatch =
          error instanceof client.ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED';
        if (!otherSpelling || !issuerMismatch) throw error;
        configuration = await discoverAt(otherSpelling).catch(() => Promise.reject(error));
      }
    } catch (error) {
      if (isNetworkFailure(error)) throw unavailable('discovery', error);
      logger.warn({ err: error, issuer: options.issuer }, 'OIDC discovery failed');
      throw new UnavailableError(
        `Single sign-on is unavailable: ${options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration did not answer with valid provider metadata (${reasonOf(error)}). An admin should check CSOC_OIDC_ISSUER.`,
        'oidc_discovery_failed',
      );
    }
    const metadata = configuration.serverMetadata();
    if (!metadata.jwks_uri) {
      throw new UnavailableError(
        `Single sign-on is unavailable: the provider ${metadata.issuer} publishes no jwks_uri, so ID-token signatures cannot be checked.`,
        'oidc_discovery_failed',
      );
    }
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cooldownDuration: options.jwksCooldownMs ?? 0,
      timeoutDuration: timeout * 1000,
    });
    logger.info({ issuer: metadata.issuer }, 'discovered the OpenID provider');
    return { configuration, issuer: metadata.issuer, jwks };
  }

  /** The cached discovery; a failure is not cached, so the next login tries again. */
  function discovered(): Promise<Discovered> {
    discovering ??= discover().catch((error: unknown) => {
      discovering = undefined;
      throw error;
    });
    return discovering;
  }

  async function verifyIdToken(idToken: string, expectedNonce: string) {
    const { issuer, jwks } = await discovered();
    const invalid = (reason: string) =>
      new AuthenticationError(
        `The identity provider's ID token was rejected (${reason}); sign in again, and tell an admin if it keeps happening.`,
        'oidc_invalid_id_token',
      );
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, jwks, {
        issuer,
        audience: options.clientId,
        algorithms: ID_TOKEN_ALGORITHMS,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (isNetworkFailure(error)) throw unavailable('the signing-key (JWKS) download', error);
      if (error instanceof joseErrors.JOSEError) {
        throw invalid(
          error instanceof joseErrors.JWSSignatureVerificationFailed
            ? 'its signature does not verify'
            : error instanceof joseErrors.JWKSNoMatchingKey
              ? "it is signed by a key the provider's JWKS does not list"
              : error.message,
        );
      }
      throw error;
    }
    if (payload.nonce !== expectedNonce) throw invalid('its nonce does not match this sign-in');
    // OpenID Connect Core 3.1.3.7: an azp, when present, must name this client, whatever the audience.
    if (payload.azp !== undefined && payload.azp !== options.clientId) {
      throw invalid('it was issued to another client (azp)');
    }
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp === undefined) {
      throw invalid('it names several audiences but no authorized party (azp)');
    }
    // jose checks exp and nbf but takes any iat; a token from the future means a wrong clock or a forgery.
    if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) {
      throw invalid(
        'it claims to be issued in the future (iat); an admin should check the clocks of CSOC and the provider',
      );
    }
    return payload as JWTPayload & { iss: string; sub: string };
  }

  return {
    issuer: options.issuer,

    async startLogin(db, returnTo) {
      const { configuration } = await discovered();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const now = new Date();
      // Housekeeping: logins abandoned at the provider.
      await db.deleteFrom('oidc_logins').where('expires_at', '<', now.toISOString()).execute();
      await db
        .insertInto('oidc_logins')
        .values({
          state,
          nonce,
          code_verifier: codeVerifier,
          return_to: returnTo,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + LOGIN_TTL_MINUTES * 60_000).toISOString(),
        })
        .execute();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: options.redirectUri(),
        scope: options.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { authorizationUrl: url.href, state };
    },

    async takeLogin(db, state) {
      const login = await db
        .selectFrom('oidc_logins')
        .selectAll()
        .where('state', '=', state)
        .executeTakeFirst();
      // Delete first and count: of two replicas racing on one state, exactly one wins.
      const deleted = login
        ? await db.deleteFrom('oidc_logins').where('state', '=', state).executeTakeFirst()
        : undefined;
      if (!login || Number(deleted?.numDeletedRows ?? 0) !== 1 || login.expires_at <= nowIso()) {
        throw new InputError(
          'This sign-in is unknown, already used or older than 10 minutes; start again from the sign-in page.',
          [{ field: 'query.state', message: 'is not a pending sign-in' }],
          'oidc_state_invalid',
        );
      }
      return login;
    },

    async completeLogin(callbackQuery, login, wantedClaims) {
      const { configuration } = await discovered();
      const currentUrl = new URL(`${options.redirectUri()}?${callbackQuery}`);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
          pkceCodeVerifier: login.code_verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw classifyCodeExchangeError(error);
      }
      if (!tokens.id_token) {
        throw new AuthenticationError(
          'The identity provider sent no ID token; sign in again.',
          'oidc_invalid_id_token',
        );
      }
      const verified = await verifyIdToken(tokens.id_token, login.nonce);
      let claims: Record<string, unknown> & { iss: string; sub: string } = { ...verified };
      // Keycloak and others put some claims (roles, groups, email) only into UserInfo unless told otherwise.
      const missing = wantedClaims.filter((path) => claimAt(claims, path) === undefined);
      if (missing.length > 0 && configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
        // A failed UserInfo request fails the sign-in: read as "no roles", it would remove the user's
        // provider-granted memberships and revoke their API tokens.
        let userInfo: client.UserInfoResponse;
        try {
          userInfo = await client.fetchUserInfo(configuration, tokens.access_token, verified.sub);
        } catch (error) {
          throw classifyUserInfoError(error, missing);
        }
        claims = mergeClaims(userInfo, claims) as typeof claims;
      }
      return { claims };
    },

    verifyIdToken,
  };

  function classifyUserInfoError(error: unknown, missing: string[]): Error {
    if (isNetworkFailure(error)) {
      logger.warn({ err: error, issuer: options.issuer }, 'OIDC provider unreachable during UserInfo');
      return new UnavailableError(
        `Single sign-on failed: the identity provider's UserInfo endpoint could not be reached (${reasonOf(error)}), so CSOC cannot read your email and roles; nothing was changed. Try again in a minute; if it persists, an admin should check the provider.`,
        'oidc_userinfo_failed',
      );
    }
    if (error instanceof client.ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      logger.warn({ err: error, missing }, 'OIDC UserInfo answered for another subject');
      return new AuthenticationError(
        "Single sign-on failed: the identity provider's UserInfo answer is about another user (its sub differs from the ID token's), so it was not trusted; nothing was changed. Sign in again, and tell an admin if it keeps happening.",
        'oidc_userinfo_invalid',
      );
    }
    logger.warn({ err: error, missing }, 'OIDC UserInfo request failed');
    return new UnavailableError(
      `Single sign-on failed: the identity provider's UserInfo endpoint did not answer properly (${reasonOf(error)}), so CSOC cannot read your email and roles; nothing was changed. Try again in a minute; if it persists, an admin should check the provider.`,
      'oidc_userinfo_failed',
    );
  }

  function classifyCodeExchangeError(error: unknown): Error {
    if (error instanceof DomainError) return error;
    if (isNetworkFailure(error)) return unavailable('the code exchange', error);
    if (error instanceof client.AuthorizationResponseError) {
      return new AuthenticationError(
        `The identity provider did not sign you in (${error.error}${error.error_description ? `: ${error.error_description}` : ''}); try again.`,
        'oidc_provider_error',
      );
    }
    if (error instanceof client.ResponseBodyError) {
      if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
        logger.error({ err: error }, 'the OpenID provider refused CSOC client credentials');
        return new UnavailableError(
          `Single sign-on is misconfigured: the identity provider refused CSOC's client credentials (${error.error}). An admin should check CSOC_OIDC_CLIENT_ID and CSOC_OIDC_CLIENT_SECRET.`,
          'oidc_client_rejected',
        );
      }
      return new AuthenticationError(
        `The identity provider refused the sign-in code (${error.error}); start the sign-in again.`,
        'oidc_code_rejected',
      );
    }
    if (error instanceof client.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
      return unavailable('the code exchange', error);
    }
    if (error instanceof client.ClientError) {
      logger.warn({ err: error }, 'OIDC token response failed validation');
      return new AuthenticationError(
        `The identity provider's token response was rejected (${error.message}); sign in again, and tell an admin if it keeps happening.`,
        'oidc_invalid_id_token',
      );
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}

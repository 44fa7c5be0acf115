// Single sign-on through OpenID Connect: GET .../oidc/login sends the browser to the provider, GET
// .../oidc/callback finishes the login (validated ID token → user → memberships → session) and sends it
// back to where it started; GET .../oidc/config tells the portal what sign-in to offer. Every callback,
// successful or not, is audited.
import {
  OidcCallbackQuery,
  OidcConfigResponse,
  OidcLoginQuery,
  OidcLoginStarted,
  OidcSessionResponse,
} from '@csoc/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { nowIso } from '../../db/schema.ts';
import { ForbiddenError, InputError, NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { describeError } from '../../http/errorHandler.ts';
import { setSessionCookies, toCurrentUser } from '../sessionRoutes.ts';
import { createSession, findActiveSession, forgetVerifiedSessions, SESSION_COOKIE } from '../sessionStore.ts';
import { createOidcClient, LOGIN_TTL_MINUTES, type OidcClient } from './oidcClient.ts';
import {
  findOrCreateOidcUser,
  identityFromClaims,
  syncOidcMemberships,
  syncPlatformAdmin,
} from './provisionOidcUser.ts';
import { desiredAccess, parseRoleMapping } from './roleMapping.ts';

export const OIDC_LOGIN_PATH = '/api/v1/session/oidc/login';
export const OIDC_CALLBACK_PATH = '/api/v1/session/oidc/callback';
/** Binds a started login to the browser that started it, against login CSRF (someone else's code). */
export const OIDC_STATE_COOKIE = 'csoc_oidc_state';

export const NOT_MAPPED_MESSAGE =
  'Your identity provider account is not mapped to any CSOC organization; ask an admin to add you to a group that grants a CSOC role (see CSOC_OIDC_ROLE_MAPPING), or to add you to an organization in CSOC, then sign in again.';

/**
 * The path to land on after signing in: a same-origin relative path only (never `//host` or a URL), so the
 * login cannot be turned into an open redirect. The check runs on the path as the browser will resolve it
 * (dot segments removed, as in `/.//evil.example`) and again on its percent-decoded form, because a portal
 * route or a later hop may decode `%2F` and `%5C`.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value === '') return '/';
  const refuse = (why: string) =>
    new InputError(`returnTo must be a path on this CSOC, such as /orgs/acme (${why}).`, [
      { field: 'query.returnTo', message: `must be a relative path starting with a single / (${why})` },
    ]);
  const unsafeCharacter = (text: string) =>
    [...text].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (!value.startsWith('/')) throw refuse('it does not start with /');
  if (unsafeCharacter(value)) throw refuse('it contains a backslash or a control character');
  const base = 'http://csoc.invalid';
  const url = new URL(value, base);
  const path = `${url.pathname}${url.search}${url.hash}`;
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    throw refuse('it is not valid percent-encoding');
  }
  if (url.origin !== base || url.pathname.startsWith('//') || decodedPath.startsWith('//'))
    throw refuse('it would leave this CSOC');
  if (unsafeCharacter(decodedPath)) throw refuse('it contains an encoded backslash or control character');
  return path;
}

/** Whether the caller asked for JSON rather than a browser redirect (a portal or CLI driving the flow). */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function registerOidcRoutes(app: CsocApp): void {
  const { context } = app;
  const { config, database, logger } = context;
  const db = database.db;
  // Validated by loadConfig at start; parsing cannot fail here.
  const mapping = parseRoleMapping(config.oidcRoleMapping);
  // Claims fetched from UserInfo when the ID token lacks them.
  const wantedClaims = [
    'email',
    ...mapping.claims,
    ...mapping.rules.flatMap((rule) => (rule.claim ? [rule.claim] : [])),
  ];
  const redirectUri = () => `${context.publicUrl}${OIDC_CALLBACK_PATH}`;
  const oidc: OidcClient | undefined =
    config.oidcIssuer && config.oidcClientId
      ? createOidcClient({
          issuer: config.oidcIssuer,
          clientId: config.oidcClientId,
          clientSecret: config.oidcClientSecret,
          scopes: config.oidcScopes,
          redirectUri,
          logger: logger.child({ area: 'oidc' }),
        })
      : undefined;
  if (oidc && mapping.rules.length === 0 && mapping.platformAdminValues.length === 0) {
    logger.warn(
      'single sign-on is on but CSOC_OIDC_ROLE_MAPPING grants nothing; only users with CSOC memberships can sign in',
    );
  }

  // SSO-only mode's revocation at start is a background task of the composition root (startCsoc.ts).

  function requireOidc(): OidcClient {
    if (!oidc) {
      throw new NotFoundError(
        'Single sign-on is not configured on this CSOC; sign in with email and password.',
        'oidc_not_configured',
      );
    }
    return oidc;
  }

  const stateCookie = (reply: FastifyReply, state: string | undefined) => {
    const options = {
      path: OIDC_CALLBACK_PATH,
      httpOnly: true,
      // Lax: the provider's redirect back is a cross-site top-level GET, which must carry it.
      sameSite: 'lax' as const,
      secure: context.publicUrl.startsWith('https:'),
    };
    if (state) void reply.setCookie(OIDC_STATE_COOKIE, state, { ...options, maxAge: LOGIN_TTL_MINUTES * 60 });
    else void reply.clearCookie(OIDC_STATE_COOKIE, options);
  };

  app.get(
    '/api/v1/session/oidc/config',
    {
      config: { action: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Which sign-in methods this CSOC offers (single sign-on, passwords)',
        response: { 200: OidcConfigResponse },
      },
    },
    async () => ({
      enabled: Boolean(oidc),
      passwordLogin: !context.ssoOnly,
      loginUrl: oidc ? OIDC_LOGIN_PATH : null,
      issuer: oidc?.issuer ?? null,
    }),
  );

  app.get(
    OIDC_LOGIN_PATH,
    {
      config: { action: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary:
          'Sign in through the identity provider: redirects to its sign-in page (JSON with Accept: application/json)',
        querystring: OidcLoginQuery,
        response: {
          200: OidcLoginStarted,
          302: Type.Null({ description: "Redirect to the provider's authorization endpoint" }),
        },
      },
    },
    async (request, reply) => {
      const client = requireOidc();
      const returnTo = safeReturnTo(request.query.returnTo);
      const started = await client.startLogin(db, returnTo);
      stateCookie(reply, started.state);
      if (wantsJson(request)) return { authorizationUrl: started.authorizationUrl };
      return reply.redirect(started.authorizationUrl, 302);
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      config: { action: 'public', auditRead: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'Where the identity provider sends the browser back: signs in and redirects to returnTo',
        querystring: OidcCallbackQuery,
        response: {
          200: OidcSessionResponse,
          302: Type.Null({
            description:
              'Signed in: redirect to the returnTo path. A browser whose sign-in failed goes to /login?sso_error=CODE&sso_message=TEXT&request_id=ID instead (JSON callers get the error itself)',
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        return await signInFromCallback(request, reply, request.query);
      } catch (error) {
        if (wantsJson(request)) throw error;
        // A person in a browser lands back on the portal's sign-in page with the reason and the request
        // id, not on a JSON document; the audit event still records the failure as it was.
        const described = describeError(error);
        if (described.unexpected) request.log.error({ err: error }, 'single sign-on failed unexpectedly');
        request.auditNote = {
          ...request.auditNote,
          failure: { statusCode: described.status, errorCode: described.code },
        };
        const query = new URLSearchParams({
          sso_error: described.code,
          sso_message: described.message,
          request_id: String(request.id),
        });
        return reply.redirect(`/login?${query.toString()}`, 302);
      }
    },
  );

  async function signInFromCallback(
    request: FastifyRequest,
    reply: FastifyReply,
    query: Static<typeof OidcCallbackQuery>,
  ) {
    request.auditNote = {
      target: 'session/oidc',
      actorLabel: 'anonymous (single sign-on)',
      summary: { method: 'oidc' },
    };
    const client = requireOidc();
    const { state } = query;
    const boundState = request.cookies[OIDC_STATE_COOKIE];
    stateCookie(reply, undefined);
    if (!state) {
      throw new InputError(
        'The callback has no state; start again from the sign-in page.',
        [{ field: 'query.state', message: 'is required' }],
        'oidc_state_invalid',
      );
    }
    if (boundState !== state) {
      throw new InputError(
        'This sign-in was not started in this browser (or another sign-in replaced it); start again from the sign-in page.',
        [{ field: 'query.state', message: 'does not match the sign-in this browser started' }],
        'oidc_state_mismatch',
      );
    }
    const login = await client.takeLogin(db, state);
    // Checked again: a login row written by an older CSOC was checked by its weaker rule.
    const returnTo = safeReturnTo(login.return_to);
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const { claims } = await client.completeLogin(rawQuery, login, wantedClaims);

    const identity = identityFromClaims(claims);
    const note = request.auditNote;
    note.actorLabel = identity.email ?? `${identity.subject} at ${identity.issuer}`;
    note.summary = { method: 'oidc', issuer: identity.issuer, subject: identity.subject };
    const { user, linked } = await findOrCreateOidcUser(db, identity, {
      signedInUserId: await signedInUserId(request),
      linkByVerifiedEmail: config.oidcLinkByEmail,
      logger,
    });
    // Linking revoked the account's password sessions (in a transaction, now committed).
    forgetVerifiedSessions();
    note.actorId = user.id;
    if (linked) note.summary = { ...note.summary, linkedLocalAccount: linked };
    if (user.disabled)
      throw new ForbiddenError('Your CSOC account is disabled; ask a platform admin.', 'account_disabled');

    const access = desiredAccess(mapping, claims);
    const changes = await syncOidcMemberships(database, user.id, access.memberships, logger);
    const isPlatformAdmin = await syncPlatformAdmin(database, user, access, mapping, logger);
    // The claims may have granted or taken the platform-admin flag: live sessions read it again.
    forgetVerifiedSessions();
    const memberships = await db
      .selectFrom('memberships')
      .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
      .select(['orgs.slug as org', 'memberships.role as role', 'memberships.source as source'])
      .where('memberships.user_id', '=', user.id)
      .orderBy('orgs.slug')
      .execute();
    note.summary = { ...note.summary, memberships, changes, platformAdmin: isPlatformAdmin };
    if (!isPlatformAdmin && memberships.length === 0 && !(await hasPendingInvitation(user.email))) {
      throw new ForbiddenError(NOT_MAPPED_MESSAGE, 'oidc_not_mapped');
    }

    await db
      .updateTable('users')
      .set({ last_login_at: nowIso(), failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(db, user.id, config.sessionTtlHours, {
      ip: request.ip,
      userAgent: request.headers['user-agent'],
    });
    setSessionCookies(app, reply, session.token, session.csrfToken, session.expiresAt);
    const current = toCurrentUser({ ...user, is_platform_admin: isPlatformAdmin ? 1 : 0 });
    if (wantsJson(request)) {
      return {
        user: current,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        returnTo,
      };
    }
    return reply.redirect(returnTo, 302);
  }

  /**
   * The user of a live session cookie this browser sent along (the callback is a top-level GET, so the
   * Lax session cookie comes with it); its holder signed in with a password, which is consent to linking.
   */
  async function signedInUserId(request: FastifyRequest): Promise<string | undefined> {
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return undefined;
    return (await findActiveSession(db, cookie))?.user.id;
  }

  /** An invited person may sign in without any membership yet, to accept the invitation. */
  async function hasPendingInvitation(email: string): Promise<boolean> {
    const row = await db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso())
      .executeTakeFirst();
    return Boolean(row);
  }
}

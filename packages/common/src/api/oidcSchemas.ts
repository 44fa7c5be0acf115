// Single sign-on through an OpenID Connect provider (Keycloak or any compliant one): what the portal asks
// before showing a sign-in page, and the two legs of the authorization code flow.
import Type, { type Static } from 'typebox';
import { CurrentUser } from './sessionSchemas.ts';

export const OidcConfigResponse = Type.Object({
  enabled: Type.Boolean({ description: 'Single sign-on is configured (CSOC_OIDC_ISSUER)' }),
  passwordLogin: Type.Boolean({
    description: 'Local email/password sign-in is allowed (false in SSO-only mode)',
  }),
  loginUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'Where the browser goes to sign in through the provider; add ?returnTo=/path',
  }),
  issuer: Type.Union([Type.String(), Type.Null()]),
});
export type OidcConfigResponse = Static<typeof OidcConfigResponse>;

export const OidcLoginQuery = Type.Object(
  {
    returnTo: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'A path on this CSOC to land on after signing in (same origin only); default /',
      }),
    ),
  },
  { additionalProperties: false },
);

export const OidcLoginStarted = Type.Object({
  authorizationUrl: Type.String({
    description: "The provider's authorization endpoint, with this login's parameters",
  }),
});

/** Providers add their own parameters to the redirect (Keycloak: session_state, iss), so others are allowed. */
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 2000 })),
    session_state: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: true },
);

export const OidcSessionResponse = Type.Object({
  user: CurrentUser,
  csrfToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  returnTo: Type.String(),
});

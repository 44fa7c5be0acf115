// Browser and CLI sign-in with a local account.
import Type, { type Static } from 'typebox';

export const LoginRequest = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const CurrentUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  isPlatformAdmin: Type.Boolean(),
});
export type CurrentUser = Static<typeof CurrentUser>;

export const SessionResponse = Type.Object({
  user: CurrentUser,
  csrfToken: Type.String({
    description: 'Send as the x-csrf-token header on every cookie-authenticated mutation',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type SessionResponse = Static<typeof SessionResponse>;

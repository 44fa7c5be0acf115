// Members, invitations, API tokens, users and the signed-in user's profile.
import Type, { type Static } from 'typebox';
import { Slug } from './orgSchemas.ts';

export const OrgRoleSchema = Type.Union(
  [Type.Literal('owner'), Type.Literal('admin'), Type.Literal('operator'), Type.Literal('viewer')],
  { description: 'owner > admin > operator > viewer' },
);
export const Email = Type.String({ format: 'email', maxLength: 320 });
export const NewPassword = Type.String({
  minLength: 12,
  maxLength: 1024,
  description: 'At least 12 characters',
});
export const IdParam = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
});

export const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: OrgRoleSchema,
  source: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export type Member = Static<typeof Member>;
export const MemberParams = Type.Object({ org: Slug, userId: IdParam }, { additionalProperties: false });
export const AddMemberRequest = Type.Object(
  { email: Email, role: OrgRoleSchema },
  { additionalProperties: false },
);
export const SetMemberRoleRequest = Type.Object({ role: OrgRoleSchema }, { additionalProperties: false });

export const Invitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: OrgRoleSchema,
  expiresAt: Type.String(),
  createdAt: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('expired'),
    Type.Literal('revoked'),
  ]),
});
export const CreatedInvitation = Type.Object({
  invitation: Invitation,
  token: Type.String({ description: 'Single-use; shown only now' }),
  acceptUrl: Type.String(),
});
export const CreateInvitationRequest = Type.Object(
  {
    email: Email,
    role: OrgRoleSchema,
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 72 })),
  },
  { additionalProperties: false },
);
export const InvitationParams = Type.Object(
  { org: Slug, invitationId: IdParam },
  { additionalProperties: false },
);
export const AcceptInvitationRequest = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false },
);
export const AcceptedInvitation = Type.Object({
  orgSlug: Type.String(),
  role: OrgRoleSchema,
  userId: Type.String(),
});

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: OrgRoleSchema,
  prefix: Type.String(),
  userEmail: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const CreatedApiToken = Type.Object({
  token: Type.String({ description: 'Shown only now; store it safely' }),
  apiToken: ApiToken,
});
export const CreateTokenRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: OrgRoleSchema,
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({ org: Slug, tokenId: IdParam }, { additionalProperties: false });

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  isPlatformAdmin: Type.Boolean(),
  disabled: Type.Boolean(),
  sso: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export const CreateUserRequest = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    password: NewPassword,
    isPlatformAdmin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const UpdateUserRequest = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    isPlatformAdmin: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const UserParams = Type.Object({ userId: IdParam }, { additionalProperties: false });

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: NewPassword },
  { additionalProperties: false },
);
export const SessionInfo = Type.Object({
  id: Type.String({ description: 'An opaque handle (not the cookie)' }),
  current: Type.Boolean(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
});
export const SessionParams = Type.Object(
  { sessionId: Type.String({ pattern: '^[0-9a-f]{16}$' }) },
  { additionalProperties: false },
);
export const Membership = Type.Object({
  orgSlug: Type.String(),
  orgName: Type.String(),
  role: OrgRoleSchema,
});
export const Profile = Type.Object({
  user: User,
  memberships: Type.Array(Membership),
  mustChangePassword: Type.Boolean(),
  /**
   * CSOC_APPROVER_MIN_ROLE, read-only: the lowest org role that may approve a planned run, a cluster action
   * or a prod user.yaml save; the portal shows Approve only to roles at or above it.
   */
  approverMinRole: Type.Optional(OrgRoleSchema),
});

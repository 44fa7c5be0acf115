// Organizations: the tenants that own commons, accounts and runs.
import Type, { type Static } from 'typebox';

export const SLUG_PATTERN = '^[a-z][a-z0-9-]{1,38}[a-z0-9]$';

export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  minLength: 3,
  maxLength: 40,
  description: 'Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter',
});

export const OrgParams = Type.Object({ org: Slug }, { additionalProperties: false });

export const Org = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export type Org = Static<typeof Org>;

export const CreateOrgRequest = Type.Object(
  { slug: Slug, name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const UpdateOrgRequest = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  { additionalProperties: false },
);

/** What an org decides for itself; an org that never changed a setting has the defaults (version 0). */
export const OrgSettings = Type.Object({
  requireSecondApproverForProd: Type.Boolean({
    description:
      "A prod stage of a release wave waits for a second person's approval, and a run of a prod commons " +
      'cannot be approved by the person who requested it',
  }),
  requiredByCsoc: Type.Boolean({
    description:
      'This CSOC requires a second approver for every approval, in every org and environment ' +
      '(CSOC_APPROVAL_SEPARATE_APPROVER); the org cannot waive it',
  }),
  version: Type.Integer({ description: 'Send it back as If-Match: "v<version>" to update' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type OrgSettings = Static<typeof OrgSettings>;

export const UpdateOrgSettingsRequest = Type.Object(
  { requireSecondApproverForProd: Type.Boolean() },
  { additionalProperties: false },
);

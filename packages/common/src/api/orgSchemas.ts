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

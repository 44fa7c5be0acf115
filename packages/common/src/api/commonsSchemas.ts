// A commons: an org's Gen3 deployment, also a declarative document (kind: Commons) that can live in Git.
import Type, { type Static } from 'typebox';
import { MAX_SERVICE_OVERRIDES_DEPTH } from './freeFormSchemas.ts';
import { Slug } from './orgSchemas.ts';

export const CommonsName = Type.String({
  pattern: '^[a-z][a-z0-9-]{1,30}[a-z0-9]$',
  minLength: 3,
  maxLength: 32,
  description: 'Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names)',
});
export const EnvironmentTier = Type.Union([
  Type.Literal('dev'),
  Type.Literal('staging'),
  Type.Literal('prod'),
]);

export const LoginProvider = Type.Object(
  {
    kind: Type.Union(
      ['google', 'ras', 'microsoft', 'okta', 'orcid', 'cilogon', 'generic-oidc'].map((kind) =>
        Type.Literal(kind),
      ),
      { description: 'google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak)' },
    ),
    name: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$', description: 'fence provider id' }),
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    clientId: Type.String({ minLength: 1, maxLength: 300 }),
    discoveryUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    clientSecretRef: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z0-9-]{1,62}$',
        description: 'name of the vault secret holding the client secret (never the secret itself)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const Gen3Settings = Type.Object(
  {
    release: Type.String({ pattern: '^\\d{4}\\.\\d{2}$', description: 'Gen3 release YYYY.MM' }),
    hostname: Type.String({ maxLength: 253, description: 'public DNS name of the commons' }),
    services: Type.Optional(
      Type.Array(Type.String({ maxLength: 63 }), {
        uniqueItems: true,
        description: 'enabled gen3-helm charts; default: the core set',
      }),
    ),
    serviceOverrides: Type.Optional(
      Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
        description: `per-chart values merged last; at most ${MAX_SERVICE_OVERRIDES_DEPTH} levels deep`,
        'x-maxDepth': MAX_SERVICE_OVERRIDES_DEPTH,
      }),
    ),
    loginProviders: Type.Optional(Type.Array(LoginProvider, { maxItems: 20 })),
    dictionaryUrl: Type.Optional(Type.String({ maxLength: 1000 })),
    tierAccessLevel: Type.Optional(
      Type.Union([Type.Literal('libre'), Type.Literal('regular'), Type.Literal('private')]),
    ),
    guidPrefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$' })),
    userYamlSource: Type.Optional(Type.String({ maxLength: 1000 })),
    branding: Type.Optional(
      Type.Object(
        {
          appName: Type.Optional(Type.String({ maxLength: 100 })),
          logoUrl: Type.Optional(Type.String({ maxLength: 1000 })),
          primaryColor: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Gen3Settings = Static<typeof Gen3Settings>;

export const CommonsSpec = Type.Object(
  {
    environment: EnvironmentTier,
    plugin: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 63 }),
        version: Type.Optional(
          Type.String({ maxLength: 64, description: 'default: the newest enabled version, then pinned' }),
        ),
      },
      { additionalProperties: false },
    ),
    account: Slug,
    inputs: Type.Record(Type.String(), Type.Unknown(), {
      description: "validated against the plugin's inputs schema",
    }),
    gen3: Type.Optional(Gen3Settings),
  },
  { additionalProperties: false },
);
export type CommonsSpec = Static<typeof CommonsSpec>;

export const CommonsDocument = Type.Object(
  {
    apiVersion: Type.Literal('csoc.gen3.org/v1'),
    kind: Type.Literal('Commons'),
    metadata: Type.Object(
      {
        name: CommonsName,
        org: Type.Optional(Slug),
        labels: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 63 }))),
      },
      { additionalProperties: false },
    ),
    spec: CommonsSpec,
  },
  { additionalProperties: false },
);
export type CommonsDocument = Static<typeof CommonsDocument>;

export const CommonsWriteRequest = Type.Object(
  {
    apiVersion: Type.Literal('csoc.gen3.org/v1'),
    kind: Type.Literal('Commons'),
    metadata: Type.Object(
      {
        name: CommonsName,
        org: Type.Optional(Slug),
        labels: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 63 }))),
      },
      { additionalProperties: false },
    ),
    spec: CommonsSpec,
    message: Type.Optional(Type.String({ maxLength: 500, description: 'why: recorded on the revision' })),
  },
  { additionalProperties: false },
);

export const CommonsStatus = Type.Object({
  revision: Type.Integer(),
  infrastructure: Type.String({ description: 'none | provisioned | destroyed' }),
  lastRun: Type.Union([
    Type.Object({ id: Type.String(), kind: Type.String(), state: Type.String(), createdAt: Type.String() }),
    Type.Null(),
  ]),
  outputs: Type.Record(Type.String(), Type.Unknown()),
  deletionRequestedBy: Type.Union([Type.String(), Type.Null()]),
  simulated: Type.Boolean(),
});

export const Commons = Type.Object({
  id: Type.String(),
  apiVersion: Type.Literal('csoc.gen3.org/v1'),
  kind: Type.Literal('Commons'),
  metadata: Type.Object({
    name: Type.String(),
    org: Type.String(),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
  spec: CommonsSpec,
  status: CommonsStatus,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

export const CommonsParams = Type.Object(
  { org: Slug, commons: CommonsName },
  { additionalProperties: false },
);
export const RevisionParams = Type.Object(
  { org: Slug, commons: CommonsName, revision: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const DocumentChangeSchema = Type.Object({
  path: Type.String(),
  op: Type.String(),
  from: Type.Optional(Type.Unknown()),
  to: Type.Optional(Type.Unknown()),
});

export const CommonsRevision = Type.Object({
  number: Type.Integer(),
  author: Type.String(),
  message: Type.String(),
  createdAt: Type.String(),
  spec: CommonsSpec,
  changes: Type.Array(DocumentChangeSchema, { description: 'diff from the previous revision' }),
});

export const CommonsListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    environment: Type.Optional(EnvironmentTier),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'name contains' })),
    labelSelector: Type.Optional(
      Type.String({
        maxLength: 1000,
        description:
          'Kubernetes label selector: env=prod,tier in (large,xl),env!=dev,tier notin (small),backup,!legacy',
      }),
    ),
  },
  { additionalProperties: false },
);

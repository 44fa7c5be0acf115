// Cloud accounts: an org's credentials for a cloud, a Kubernetes cluster or the simulator. Public fields
// are readable; secret fields are write-only and only ever shown as a fingerprint and a rotation time.
import Type, { type Static, type TObject } from 'typebox';
import { Slug, SLUG_PATTERN } from './orgSchemas.ts';

export const CLOUD_ACCOUNT_KINDS = ['aws', 'azure', 'gcp', 'digitalocean', 'kubernetes', 'sim'] as const;
export type CloudAccountKind = (typeof CLOUD_ACCOUNT_KINDS)[number];

export const CloudAccountKindSchema = Type.Enum(CLOUD_ACCOUNT_KINDS, {
  description: 'Which cloud the account is for',
});

const Uuid = (description: string) => Type.String({ format: 'uuid', description });
/** A secret value: write-only text. Patterns are kept loose so that validation errors never hint at it. */
const SecretText = (description: string, minLength: number, maxLength: number) =>
  Type.String({ minLength, maxLength, description, writeOnly: true });

const AwsPublicFields = Type.Object(
  {
    accountId: Type.String({ pattern: '^[0-9]{12}$', description: 'The 12-digit AWS account id' }),
    region: Type.String({
      pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$',
      maxLength: 30,
      description: 'Default region, e.g. us-east-1',
    }),
    roleArn: Type.Optional(
      Type.String({
        pattern: '^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$',
        description: 'Role CSOC assumes (with externalId) instead of, or on top of, static keys',
      }),
    ),
  },
  { additionalProperties: false },
);
const AwsSecretFields = Type.Object(
  {
    externalId: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 1224,
        pattern: '^[A-Za-z0-9+=,.@:/_-]+$',
        writeOnly: true,
        description: 'External id the role trust policy requires (needs public.roleArn)',
      }),
    ),
    accessKeyId: Type.Optional(
      Type.String({
        pattern: '^(AKIA|ASIA)[A-Z0-9]{16}$',
        writeOnly: true,
        description: 'Static access key id (with secretAccessKey)',
      }),
    ),
    secretAccessKey: Type.Optional(SecretText('Static secret access key (with accessKeyId)', 40, 128)),
  },
  { additionalProperties: false },
);

const AzurePublicFields = Type.Object(
  {
    tenantId: Uuid('Microsoft Entra tenant id'),
    subscriptionId: Uuid('Subscription id'),
    clientId: Uuid('Application (client) id of the service principal'),
  },
  { additionalProperties: false },
);
const AzureSecretFields = Type.Object(
  { clientSecret: SecretText('Client secret of the service principal', 1, 1024) },
  { additionalProperties: false },
);

const GcpPublicFields = Type.Object(
  {
    projectId: Type.String({ pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$', description: 'Project id' }),
    region: Type.Optional(
      Type.String({ pattern: '^[a-z]+-[a-z]+[0-9]{1,2}$', description: 'e.g. us-central1' }),
    ),
  },
  { additionalProperties: false },
);
const GcpSecretFields = Type.Object(
  { serviceAccountJson: SecretText('The service account key file (JSON text)', 2, 65536) },
  { additionalProperties: false },
);

const DigitalOceanPublicFields = Type.Object(
  { region: Type.String({ pattern: '^[a-z]{3}[0-9]$', description: 'Region slug, e.g. nyc3' }) },
  { additionalProperties: false },
);
const DigitalOceanSecretFields = Type.Object(
  {
    token: SecretText('Personal access token', 16, 1024),
    // Spaces (S3 API) keys: the digitalocean plugin creates the commons buckets with them (ADR 0057).
    spacesAccessKeyId: Type.Optional(
      SecretText('Spaces access key id (with spacesSecretAccessKey)', 16, 128),
    ),
    spacesSecretAccessKey: Type.Optional(SecretText('Spaces secret key (with spacesAccessKeyId)', 32, 128)),
  },
  { additionalProperties: false },
);

const KubernetesPublicFields = Type.Object(
  {
    server: Type.String({
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2048,
      description: 'API server URL',
    }),
    context: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: 'Context of the kubeconfig to use' }),
    ),
  },
  { additionalProperties: false },
);
const KubernetesSecretFields = Type.Object(
  { kubeconfig: SecretText('The kubeconfig file (YAML text)', 10, 262144) },
  { additionalProperties: false },
);

const SimPublicFields = Type.Object(
  {
    region: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$',
      description: 'Simulated region, e.g. sim-east-1',
    }),
  },
  { additionalProperties: false },
);
const SimSecretFields = Type.Object(
  { token: Type.Optional(SecretText('Simulated token (exercises the secret path)', 1, 1024)) },
  { additionalProperties: false },
);

export interface CloudAccountFieldSchemas {
  public: TObject;
  secrets: TObject;
}

/** Per kind: which public fields and which secret fields an account has. One source for server and portal. */
export const cloudAccountFields: Record<CloudAccountKind, CloudAccountFieldSchemas> = {
  aws: { public: AwsPublicFields, secrets: AwsSecretFields },
  azure: { public: AzurePublicFields, secrets: AzureSecretFields },
  gcp: { public: GcpPublicFields, secrets: GcpSecretFields },
  digitalocean: { public: DigitalOceanPublicFields, secrets: DigitalOceanSecretFields },
  kubernetes: { public: KubernetesPublicFields, secrets: KubernetesSecretFields },
  sim: { public: SimPublicFields, secrets: SimSecretFields },
};

export function isCloudAccountKind(value: unknown): value is CloudAccountKind {
  return typeof value === 'string' && (CLOUD_ACCOUNT_KINDS as readonly string[]).includes(value);
}

/** The names of the secret fields a kind has, in schema order. */
export function secretFieldNames(kind: CloudAccountKind): string[] {
  return Object.keys(cloudAccountFields[kind].secrets.properties);
}

export interface CloudAccountRuleProblem {
  /** Relative to the request body, e.g. `secrets.secretAccessKey`. */
  field: string;
  message: string;
}

/**
 * The rules that span fields (which the per-field schemas cannot say), given the public fields and the
 * names of the secret fields that are set. They look at presence only, so they never touch a secret.
 */
export function cloudAccountRuleProblems(
  kind: CloudAccountKind,
  publicFields: Record<string, unknown>,
  setSecrets: ReadonlySet<string>,
): CloudAccountRuleProblem[] {
  const problems: CloudAccountRuleProblem[] = [];
  if (kind === 'aws') {
    const hasKeyId = setSecrets.has('accessKeyId');
    const hasSecretKey = setSecrets.has('secretAccessKey');
    if (hasKeyId && !hasSecretKey)
      problems.push({ field: 'secrets.secretAccessKey', message: 'is required for aws static keys' });
    if (hasSecretKey && !hasKeyId)
      problems.push({ field: 'secrets.accessKeyId', message: 'is required for aws static keys' });
    if (!setSecrets.has('externalId') && !hasKeyId && !hasSecretKey)
      problems.push({
        field: 'secrets',
        message: 'needs externalId (with public.roleArn) and/or accessKeyId with secretAccessKey',
      });
    if (setSecrets.has('externalId') && publicFields.roleArn === undefined)
      problems.push({ field: 'public.roleArn', message: 'is required when secrets.externalId is set' });
  }
  if (
    kind === 'digitalocean' &&
    setSecrets.has('spacesAccessKeyId') !== setSecrets.has('spacesSecretAccessKey')
  )
    problems.push({
      field: setSecrets.has('spacesAccessKeyId')
        ? 'secrets.spacesSecretAccessKey'
        : 'secrets.spacesAccessKeyId',
      message: 'is required with the other Spaces key field (a Spaces key is an id and a secret)',
    });
  return problems;
}

/** An account name: a slug, unique in its org. */
export const CloudAccountName = Type.String({
  pattern: SLUG_PATTERN,
  minLength: 3,
  maxLength: 40,
  description: 'The account name: lower-case letters, digits and dashes; unique in the org',
});

export const CloudAccountParams = Type.Object(
  { org: Slug, account: CloudAccountName },
  { additionalProperties: false },
);
export const CloudAccountOrgParams = Type.Object({ org: Slug }, { additionalProperties: false });

const PublicFieldsInput = Type.Object(
  {},
  { additionalProperties: true, description: 'The public fields of the kind (see the per-kind rules)' },
);
const SecretFieldsInput = Type.Object(
  {},
  {
    additionalProperties: Type.String(),
    writeOnly: true,
    description: 'The secret fields of the kind; replaces every secret field. Never returned.',
  },
);

export const CreateCloudAccountRequest = Type.Object(
  {
    kind: CloudAccountKindSchema,
    name: CloudAccountName,
    public: PublicFieldsInput,
    secrets: Type.Optional(SecretFieldsInput),
  },
  {
    additionalProperties: false,
    // Per kind, the exact public and secret fields (JSON Schema if/then, so errors name the real field).
    allOf: CLOUD_ACCOUNT_KINDS.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: {
        properties: { public: cloudAccountFields[kind].public, secrets: cloudAccountFields[kind].secrets },
      },
    })),
  },
);
export type CreateCloudAccountRequest = Static<typeof CreateCloudAccountRequest>;

export const UpdateCloudAccountRequest = Type.Object(
  {
    public: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'Merged into the public fields (JSON merge patch: null removes an optional field)',
        },
      ),
    ),
    secrets: Type.Optional(SecretFieldsInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCloudAccountRequest = Static<typeof UpdateCloudAccountRequest>;

export const RotateCloudAccountSecretsRequest = Type.Object(
  { secrets: SecretFieldsInput },
  { additionalProperties: false },
);

export const CloudAccount = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: CloudAccountKindSchema,
  public: Type.Object({}, { additionalProperties: true }),
  secretFields: Type.Array(Type.Object({ name: Type.String(), set: Type.Boolean() }), {
    description: 'Every secret field of the kind and whether it is set; values are never returned',
  }),
  secretFingerprint: Type.String({
    description:
      'hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change',
  }),
  secretsRotatedAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  version: Type.Integer(),
});
export type CloudAccount = Static<typeof CloudAccount>;

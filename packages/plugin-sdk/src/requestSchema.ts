// The request document the host writes for one verb (path in env CSOC_REQUEST_FILE, verb in argv[2]).
// It carries no secret values: secrets arrive as files or environment variables the request names.
import Type, { type Static } from 'typebox';

// `store-ingest-credential` (contract 1.1.0) is not a Terraform verb: it writes the commons' OTLP ingest
// credential into the cloud's secret manager for its telemetry agent (docs/adr/0040).
export const VERBS = [
  'describe',
  'plan',
  'apply',
  'destroy',
  'drift',
  'outputs',
  'store-ingest-credential',
] as const;
export const Verb = Type.Enum([...VERBS]);
export type Verb = Static<typeof Verb>;

/** Environment variable holding the path of the request document. */
export const REQUEST_FILE_ENV = 'CSOC_REQUEST_FILE';

export const PluginCredentials = Type.Object(
  {
    kind: Type.String({ minLength: 1, description: 'credential kind, e.g. aws-access-key, sim' }),
    public: Type.Record(Type.String(), Type.Unknown(), {
      description: 'non-secret parts: account id, region, tenant, role ARN, ...',
    }),
    secretsFile: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'path of a JSON file (object of strings) with the secret parts',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PluginCredentials = Static<typeof PluginCredentials>;

export const PluginStateBackend = Type.Object(
  {
    address: Type.String({ minLength: 1, description: 'Terraform http backend state URL' }),
    lockAddress: Type.Optional(Type.String({ minLength: 1, description: 'defaults to address' })),
    unlockAddress: Type.Optional(Type.String({ minLength: 1, description: 'defaults to address' })),
    username: Type.Optional(Type.String({ minLength: 1 })),
    passwordEnv: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'name of the environment variable holding the run-scoped token',
      }),
    ),
    passwordFile: Type.Optional(
      Type.String({ minLength: 1, description: 'path of a file holding the run-scoped token' }),
    ),
  },
  { additionalProperties: false },
);
export type PluginStateBackend = Static<typeof PluginStateBackend>;

/** Suffix of every ingest-credential entry: `<environment>-<namespace>-csoc-telemetry-ingest`. */
export const INGEST_CREDENTIAL_ENTRY_SUFFIX = '-csoc-telemetry-ingest';

/**
 * What `store-ingest-credential` writes, and where. The token itself is not here: it is the property
 * `tokenSecretKey` of the credentials' secrets file, like the account's own secrets.
 */
export const PluginIngestCredential = Type.Object(
  {
    secretName: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,200}-(csoc-telemetry-ingest|csoc-agent-join-token)$',
      description:
        "the secret-manager entry the commons' ExternalSecret reads: <environment>-<namespace>-csoc-telemetry-ingest (the OTLP ingest credential) or <environment>-<namespace>-csoc-agent-join-token (csoc-agent's join token, ADR 0074)",
    }),
    property: Type.String({ minLength: 1, maxLength: 100, description: 'the property holding the token' }),
    tokenSecretKey: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'the key of the secrets file (credentials.secretsFile) whose value is the token',
    }),
    endpoint: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: "the secret manager's API base URL when it is not the cloud's default (the simulator)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type PluginIngestCredential = Static<typeof PluginIngestCredential>;

export const PluginRequestOptions = Type.Object(
  {
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    destroy: Type.Optional(Type.Boolean({ description: 'plan: make a destroy plan' })),
    lockTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
    includePlanJson: Type.Optional(
      Type.Boolean({ description: 'plan: put `terraform show -json` in the event' }),
    ),
  },
  { additionalProperties: true },
);
export type PluginRequestOptions = Static<typeof PluginRequestOptions>;

export const PluginRequest = Type.Object(
  {
    apiVersion: Type.Literal('csoc.gen3.org/v1'),
    kind: Type.Literal('PluginRequest'),
    verb: Verb,
    runId: Type.String({ minLength: 1 }),
    commons: Type.Object(
      { org: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    inputs: Type.Record(Type.String(), Type.Unknown()),
    credentials: PluginCredentials,
    state: Type.Optional(PluginStateBackend),
    workDir: Type.String({ minLength: 1, description: 'an empty or reused directory the plugin may write' }),
    planFile: Type.Optional(
      Type.String({ minLength: 1, description: 'apply: the saved plan to apply exactly' }),
    ),
    options: PluginRequestOptions,
    ingestCredential: Type.Optional(PluginIngestCredential),
  },
  { additionalProperties: false },
);
export type PluginRequest = Static<typeof PluginRequest>;

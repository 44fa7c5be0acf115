// The input of the commons GitOps renderer: org, commons, release, Gen3 settings and the IaC plugin's outputs.
// The schema refuses any field it does not declare, and declares no field that could hold a secret value:
// secrets are named (a reference into the cloud's secret manager), never carried.
import Type, { type Static, type TSchema } from 'typebox';

/** Marks a schema with the message a failed pattern/format check reports (read by validateCommonsGitOpsInput). */
function withMessage<T extends TSchema>(schema: T, message: string): T {
  return { ...schema, 'x-error': message } as T;
}

const Slug = (what: string) =>
  withMessage(
    Type.String({ pattern: '^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$' }),
    `must be a ${what} name: 1-32 lowercase letters, digits or dashes, starting with a letter`,
  );

/** A name in the cloud's secret manager (AWS Secrets Manager, Key Vault, Secret Manager, or a Secret). */
export const SecretReference = withMessage(
  Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$' }),
  'must be the name of a secret in the secret manager (letters, digits, . _ / -), not a secret value',
);

export const LOGIN_PROVIDER_KINDS = [
  'google',
  'ras',
  'microsoft',
  'okta',
  'orcid',
  'cilogon',
  'generic-oidc',
] as const;
export type LoginProviderKind = (typeof LOGIN_PROVIDER_KINDS)[number];

export const LoginProvider = Type.Object(
  {
    kind: Type.Enum(LOGIN_PROVIDER_KINDS),
    /** The label of the login button. */
    name: Type.String({ minLength: 1, maxLength: 64 }),
    /** The OAuth client id (public). */
    clientId: Type.String({ minLength: 1, maxLength: 256 }),
    /** Required for okta and generic-oidc; the other kinds have a well-known default. */
    discoveryUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    /** Name of the secret holding the client secret (property `client_secret`), never the secret itself. */
    clientSecretRef: SecretReference,
  },
  { additionalProperties: false },
);
export type LoginProvider = Static<typeof LoginProvider>;

export const PortalBranding = Type.Object(
  {
    appName: Type.String({ minLength: 1, maxLength: 100 }),
    logoUrl: Type.Optional(Type.String({ maxLength: 2048 })),
    primaryColor: Type.Optional(
      withMessage(Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }), 'must be a #rrggbb colour'),
    ),
  },
  { additionalProperties: false },
);

export const Gen3Settings = Type.Object(
  {
    hostname: Type.String({ maxLength: 253 }),
    /** gen3 chart dependencies to enable; every other toggleable dependency is disabled explicitly. */
    services: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 }),
    /** chart -> values merged over the rendered ones (renderer-owned and secret-looking keys are refused). */
    serviceOverrides: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
    loginProviders: Type.Array(LoginProvider, { maxItems: 16 }),
    dictionaryUrl: Type.String({ maxLength: 2048 }),
    tierAccessLevel: Type.Enum(['libre', 'regular', 'private']),
    /** indexd GUID prefix, e.g. `dg.ABCD/`. */
    guidPrefix: withMessage(
      Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}/$' }),
      'must look like dg.ABCD/ (letters, digits, dots or dashes, ending with /)',
    ),
    /** `s3://bucket/key`, or an https URL of an S3-compatible, path-style object (endpoint/bucket/key). */
    userYamlSource: Type.String({ maxLength: 2048 }),
    /**
     * The user.yaml saved through CSOC (ADR 0078): rendered as fence's USER_YAML with usersync reading that
     * local copy instead of userYamlSource. Absent: usersync reads userYamlSource as before.
     */
    userYaml: Type.Optional(Type.String({ maxLength: 1024 * 1024 })),
    portal: PortalBranding,
  },
  { additionalProperties: false },
);
export type Gen3Settings = Static<typeof Gen3Settings>;

export const CLOUDS = ['aws', 'azure', 'gcp', 'digitalocean', 'kubernetes', 'sim'] as const;
export type Cloud = (typeof CLOUDS)[number];

const ServiceRoles = <T extends TSchema>(value: T) =>
  Type.Object(
    { fence: value, audit: value, hatchery: value, manifestservice: value, external_secrets: value },
    { additionalProperties: false },
  );

const Buckets = Type.Object(
  {
    data: Type.String({ minLength: 1 }),
    logs: Type.Optional(Type.String({ minLength: 1 })),
    manifest: Type.Optional(Type.String({ minLength: 1 })),
    user_yaml: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/** The cluster (= environment) name; it prefixes secret names, so it must be a lowercase DNS label. */
const ClusterName = withMessage(
  Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' }),
  'must be a lowercase DNS label (it prefixes the names of the commons secrets)',
);

const Arn = withMessage(Type.String({ pattern: '^arn:aws[a-z-]*:[a-z0-9-]+:' }), 'must be an AWS ARN');

/** A Kubernetes service account a cloud role trusts (IRSA: the role's trust policy names exactly this one). */
const TrustedServiceAccount = Type.Object(
  { namespace: Slug('Kubernetes namespace'), name: Type.String({ minLength: 1, maxLength: 253 }) },
  { additionalProperties: false },
);

/**
 * The AWS-shaped input of the renderer: what the aws plugin's outputs map to (plugins/aws/src/
 * toGen3RenderOutputs.ts; the sim plugin maps its own outputs to the same shape). Roles are a map the plugin
 * owns: every role key names the service account it trusts, and the renderer wires each service account
 * gen3-helm's templates create to its role (renderServiceIdentities), so a role the plugin adds flows through.
 */
export const AwsOutputs = Type.Object(
  {
    cluster_name: ClusterName,
    cluster_endpoint: Type.String({ minLength: 1 }),
    oidc_provider_arn: Arn,
    region: withMessage(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' }), 'must be an AWS region'),
    account_id: withMessage(Type.String({ pattern: '^\\d{12}$' }), 'must be a 12-digit AWS account id'),
    /** The Kubernetes namespace the plugin's roles and secret names were made for (CSOC sets it). */
    namespace: Type.Optional(Slug('Kubernetes namespace')),
    /** VPC of the cluster (the load balancer controller's vpcId: pods cannot reach instance metadata). */
    vpc_id: Type.Optional(Type.String({ minLength: 1 })),
    aurora_writer_endpoint: Type.String({ minLength: 1 }),
    /** OpenSearch domain endpoint (host name), reached through aws-es-proxy. */
    es_endpoint: Type.String({ minLength: 1 }),
    buckets: Buckets,
    /** SQS queue URLs: `audit` (fence -> audit service), `ssjdispatcher` (data uploads -> indexing jobs). */
    queues: Type.Optional(
      Type.Object(
        {
          audit: Type.Optional(Type.String({ minLength: 1 })),
          ssjdispatcher: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    waf_arn: Type.Optional(Arn),
    certificate_arn: Arn,
    /** Role key -> IAM role ARN. `external_secrets` (the SecretStore's role) is required. */
    role_arns: Type.Object({ external_secrets: Arn }, { additionalProperties: Arn }),
    /** Role key -> the service account the role trusts (same keys as role_arns). */
    service_accounts: Type.Record(Type.String(), TrustedServiceAccount),
    /** Karpenter's AWS side, when the plugin set it up. */
    karpenter: Type.Optional(
      Type.Object(
        {
          node_role_name: Type.String({ minLength: 1 }),
          interruption_queue_name: Type.String({ minLength: 1 }),
          discovery_tag: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AwsOutputs = Static<typeof AwsOutputs>;

/** The simulator reports the AWS shape with simulated values, plus where its secrets live. */
export const SimOutputs = Type.Object(
  {
    ...AwsOutputs.properties,
    secrets_namespace: Type.Optional(Slug('Kubernetes namespace')),
  },
  { additionalProperties: false },
);
export type SimOutputs = Static<typeof SimOutputs>;

/** TLS and ingress for clouds where the revproxy chart's generic Ingress is used. */
const IngressOutputs = {
  ingress_class_name: Type.String({ minLength: 1, maxLength: 63 }),
  /** cert-manager ClusterIssuer that issues the commons certificate. */
  cluster_issuer: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
};

export const AzureOutputs = Type.Object(
  {
    cluster_name: ClusterName,
    cluster_endpoint: Type.String({ minLength: 1 }),
    location: Type.String({ minLength: 1 }),
    tenant_id: Type.String({ minLength: 1 }),
    key_vault_url: Type.String({ minLength: 1 }),
    postgres_host: Type.String({ minLength: 1 }),
    /** Elasticsearch URL, e.g. https://gen3-es-http.elastic:9200. */
    es_endpoint: Type.String({ minLength: 1 }),
    buckets: Buckets,
    /** Entra workload identity client ids of the service identities. */
    workload_identity_client_ids: ServiceRoles(Type.String({ minLength: 1 })),
    ...IngressOutputs,
  },
  { additionalProperties: false },
);
export type AzureOutputs = Static<typeof AzureOutputs>;

export const GcpOutputs = Type.Object(
  {
    cluster_name: ClusterName,
    cluster_endpoint: Type.String({ minLength: 1 }),
    project_id: Type.String({ minLength: 1 }),
    region: Type.String({ minLength: 1 }),
    postgres_host: Type.String({ minLength: 1 }),
    es_endpoint: Type.String({ minLength: 1 }),
    buckets: Buckets,
    /** Google service account emails bound through GKE Workload Identity. */
    service_accounts: ServiceRoles(
      withMessage(
        Type.String({ pattern: '^[^@\\s]+@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com$' }),
        'must be a Google service account email',
      ),
    ),
  },
  { additionalProperties: false },
);
export type GcpOutputs = Static<typeof GcpOutputs>;

/** DigitalOcean has no secret manager: secrets are Kubernetes Secrets in `secrets_namespace`. */
export const DigitalOceanOutputs = Type.Object(
  {
    cluster_name: ClusterName,
    cluster_endpoint: Type.String({ minLength: 1 }),
    region: Type.String({ minLength: 1 }),
    postgres_host: Type.String({ minLength: 1 }),
    es_endpoint: Type.String({ minLength: 1 }),
    buckets: Buckets,
    secrets_namespace: Slug('Kubernetes namespace'),
    ...IngressOutputs,
  },
  { additionalProperties: false },
);
export type DigitalOceanOutputs = Static<typeof DigitalOceanOutputs>;

/** An existing ("bring your own") cluster. */
export const KubernetesOutputs = Type.Object(
  {
    cluster_name: ClusterName,
    postgres_host: Type.String({ minLength: 1 }),
    es_endpoint: Type.String({ minLength: 1 }),
    buckets: Type.Optional(Buckets),
    secrets_namespace: Slug('Kubernetes namespace'),
    ...IngressOutputs,
  },
  { additionalProperties: false },
);
export type KubernetesOutputs = Static<typeof KubernetesOutputs>;

export const PLUGIN_OUTPUT_SCHEMAS = {
  aws: AwsOutputs,
  azure: AzureOutputs,
  gcp: GcpOutputs,
  digitalocean: DigitalOceanOutputs,
  kubernetes: KubernetesOutputs,
  sim: SimOutputs,
} as const satisfies Record<Cloud, TSchema>;

export type PluginOutputs =
  AwsOutputs | SimOutputs | AzureOutputs | GcpOutputs | DigitalOceanOutputs | KubernetesOutputs;

/** Where the commons' Grafana Alloy sends OTLP, and the alloy chart it runs (renderTelemetryAgent.ts). */
export const TelemetryAgentInput = Type.Object(
  {
    /** CSOC's OTLP/HTTP base URL, `<CSOC_PUBLIC_URL>/otlp` (the exporter appends /v1/<signal>). */
    endpoint: Type.String({ maxLength: 2048 }),
    /** Version of gen3-helm's alloy chart on https://helm.gen3.org (the release catalog pins it). */
    alloyChartVersion: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** The commons' csoc-agent (renderCsocAgent.ts, ADR 0065): where it dials out to and the image it runs. */
export const CsocAgentInput = Type.Object(
  {
    /** CSOC's public URL the agent enrols with and connects to (https; http only for the simulator). */
    csocUrl: Type.String({ maxLength: 2048 }),
    /** Container image of csoc-agent, `csoc-agent:<CSOC version>` unless CSOC_AGENT_IMAGE says otherwise. */
    image: withMessage(
      Type.String({ pattern: '^[a-z0-9][a-z0-9._/:@-]{0,254}$', maxLength: 255 }),
      'must be a container image reference such as registry.example.org/csoc-agent:0.1.0',
    ),
  },
  { additionalProperties: false },
);

export const CommonsGitOpsInput = Type.Object(
  {
    org: Slug('organisation'),
    commons: Slug('commons'),
    tier: Type.Enum(['dev', 'staging', 'prod']),
    /** Gen3 core release, YYYY.MM. */
    release: Type.String({ maxLength: 16 }),
    gen3: Gen3Settings,
    cloud: Type.Enum(CLOUDS),
    /** The IaC plugin's outputs; the shape depends on `cloud` (see PLUGIN_OUTPUT_SCHEMAS). */
    outputs: Type.Record(Type.String(), Type.Unknown()),
    /** Git repository Argo CD reads the GitOps files from (https:// or ssh://). */
    gitopsRepoUrl: Type.String({ maxLength: 2048 }),
    /** Version of the gen3 umbrella chart on https://helm.gen3.org. */
    gen3ChartVersion: Type.String({ maxLength: 64 }),
    /** Version of the cluster-level-resources chart on https://helm.gen3.org. */
    clusterResourcesChartVersion: Type.String({ maxLength: 64 }),
    /** The commons' telemetry agent (Grafana Alloy) sending OTLP to CSOC; absent: no agent (ADR 0040). */
    telemetry: Type.Optional(TelemetryAgentInput),
    /** The commons' csoc-agent; absent: no agent (the commons label csoc.gen3.org/agent turns it on). */
    agent: Type.Optional(CsocAgentInput),
  },
  { additionalProperties: false },
);

/** Input as accepted (outputs checked separately against the cloud's schema). */
export type CommonsGitOpsInput = Omit<Static<typeof CommonsGitOpsInput>, 'outputs'> & {
  outputs: PluginOutputs;
};

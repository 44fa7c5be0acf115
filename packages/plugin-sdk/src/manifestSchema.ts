// The plugin manifest (`manifest.json`), contract v1: who the plugin is, what it needs, what it takes and
// gives back. TypeBox, so the same object is the JSON Schema, the validator and the TypeScript type.
import Type, { type Static } from 'typebox';

export const PLUGIN_NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$';
export const DIGEST_PATTERN = '^sha256:[a-f0-9]{64}$';

export const CLOUDS = ['aws', 'azure', 'gcp', 'digitalocean', 'kubernetes', 'sim'] as const;
export const CAPABILITIES = [
  'plan',
  'apply',
  'destroy',
  'drift',
  'outputs',
  'import',
  // Contract 1.1.0: the plugin can write a commons' OTLP ingest credential into its cloud's secret manager.
  'store-ingest-credential',
] as const;
/**
 * Support tiers the catalog shows: core (maintained and tested by CSOC), community (maintained by others,
 * conformance-checked), experimental (not for production). ADR 0059.
 */
export const SUPPORT_TIERS = ['core', 'community', 'experimental'] as const;
export type SupportTier = (typeof SUPPORT_TIERS)[number];
/** Tier names of older manifests, still accepted so they install unchanged, and the tier each one means. */
export const LEGACY_TIER_ALIASES = { official: 'core' } as const satisfies Record<string, SupportTier>;
/** Every `tier` a manifest may declare: the support tiers, then the legacy aliases. */
export const TIERS = [...SUPPORT_TIERS, ...(Object.keys(LEGACY_TIER_ALIASES) as ['official'])] as const;
export type ManifestTier = (typeof TIERS)[number];
export const NETWORK_MODES = ['none', 'cloud'] as const;

export const Cloud = Type.Enum([...CLOUDS], {
  description: 'aws, azure, gcp, digitalocean, kubernetes or sim',
});
export type Cloud = Static<typeof Cloud>;

export const Capability = Type.Enum([...CAPABILITIES]);
export type Capability = Static<typeof Capability>;

/** A JSON Schema document (draft-07, the dialect of TypeBox and of the portal's form renderer). */
export const JsonSchemaDocument = Type.Record(Type.String(), Type.Unknown(), {
  description: 'a JSON Schema (draft-07) document',
});

export const Maintainer = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email' })),
  },
  { additionalProperties: false },
);

export const Permission = Type.Object(
  {
    cloud: Cloud,
    actions: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'cloud API actions, e.g. "ec2:CreateVpc"',
    }),
    reason: Type.String({ minLength: 1, description: 'why the plugin needs these actions' }),
  },
  { additionalProperties: false },
);

export const PluginRuntime = Type.Object(
  {
    image: Type.Optional(Type.String({ minLength: 1, description: 'OCI image reference' })),
    digest: Type.Optional(Type.String({ pattern: DIGEST_PATTERN, description: 'sha256:<64 hex digits>' })),
    command: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'command for local (process) runs, run in the plugin folder; the verb is appended',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PluginExamples = Type.Object(
  { inputs: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: false },
);

export const PluginManifest = Type.Object(
  {
    apiVersion: Type.Literal('csoc.gen3.org/v1'),
    kind: Type.Literal('IacPlugin'),
    name: Type.String({
      pattern: PLUGIN_NAME_PATTERN,
      maxLength: 63,
      description: 'kebab-case: lower-case letters and digits separated by single dashes',
    }),
    version: Type.String({ pattern: SEMVER_PATTERN, description: 'a semantic version such as 1.2.3' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    contract: Type.String({
      minLength: 1,
      description: 'a semver range of contract versions the plugin supports, such as ^1.0.0',
    }),
    clouds: Type.Array(Cloud, { minItems: 1, uniqueItems: true }),
    tier: Type.Enum([...TIERS], {
      description:
        'core, community or experimental; "official" (manifests written before the tiers) is read as core',
    }),
    maintainers: Type.Array(Maintainer, { minItems: 1 }),
    permissions: Type.Array(Permission),
    inputs: JsonSchemaDocument,
    outputs: JsonSchemaDocument,
    capabilities: Type.Array(Capability, { minItems: 1, uniqueItems: true }),
    network: Type.Enum([...NETWORK_MODES], {
      description: 'none (no network beyond the CSOC state backend) or cloud (reaches the cloud APIs)',
    }),
    runtime: PluginRuntime,
    examples: Type.Optional(PluginExamples),
  },
  { additionalProperties: false },
);
export type PluginManifest = Static<typeof PluginManifest>;

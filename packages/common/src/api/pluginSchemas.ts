// The plugin registry as the API shows it.
import Type from 'typebox';

export const PluginParams = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 63 }),
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*$', maxLength: 64 }),
  },
  { additionalProperties: false },
);

export const PluginVersion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.String(),
  tier: Type.Union([Type.Literal('core'), Type.Literal('community'), Type.Literal('experimental')], {
    description:
      'support tier: core (maintained and tested by CSOC), community (maintained by others, conformance-checked) or experimental (not for production)',
  }),
  description: Type.Union([Type.String(), Type.Null()]),
  clouds: Type.Array(Type.String()),
  capabilities: Type.Array(Type.String()),
  network: Type.String(),
  sourceKind: Type.String(),
  source: Type.String(),
  enabled: Type.Boolean(),
  builtin: Type.Boolean(),
  installedAt: Type.String(),
  revision: Type.Integer({
    description: 'grows with every change of this record; its ETag (If-Match) is "v<revision>"',
  }),
  manifest: Type.Record(Type.String(), Type.Unknown(), {
    description: 'the full manifest: inputs/outputs schemas, permissions, maintainers',
  }),
});

export const InstallPluginRequest = Type.Object(
  {
    manifest: Type.Record(Type.String(), Type.Unknown(), {
      description: 'the plugin manifest (manifest.json)',
    }),
    sourceKind: Type.Union([Type.Literal('directory'), Type.Literal('image')]),
    source: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'absolute folder path on the CSOC host, or an OCI image reference',
    }),
  },
  { additionalProperties: false },
);

export const UpdatePluginRequest = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const PluginListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 63 })),
    cloud: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

// Reads the output of `terraform providers schema -json` (Terraform's own schema format) into the
// checker's model, so plugins whose provider can be installed (AWS here) are checked with the real schema.
import type { AttributeMode, BlockSchema, ProviderSchema } from './providerSchema.ts';

interface TerraformAttribute {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

interface TerraformBlock {
  attributes?: Record<string, TerraformAttribute>;
  block_types?: Record<
    string,
    { nesting_mode?: string; min_items?: number; max_items?: number; block?: TerraformBlock }
  >;
}

interface TerraformProvidersSchema {
  format_version?: string;
  provider_schemas?: Record<
    string,
    {
      provider?: { block?: TerraformBlock };
      resource_schemas?: Record<string, { block?: TerraformBlock }>;
      data_source_schemas?: Record<string, { block?: TerraformBlock }>;
    }
  >;
}

function attributeMode(attribute: TerraformAttribute): AttributeMode {
  if (attribute.required) return 'required';
  if (attribute.optional) return 'optional';
  return 'computed';
}

function toBlockSchema(block: TerraformBlock | undefined): BlockSchema {
  const schema: BlockSchema = { attributes: {}, blocks: {} };
  for (const [name, attribute] of Object.entries(block?.attributes ?? {})) {
    schema.attributes[name] = attributeMode(attribute);
  }
  for (const [name, nested] of Object.entries(block?.block_types ?? {})) {
    const single = nested.nesting_mode === 'single' || nested.nesting_mode === 'group';
    const maxItems = single ? 1 : nested.max_items;
    schema.blocks[name] = {
      minItems: nested.min_items ?? 0,
      ...(maxItems ? { maxItems } : {}),
      block: toBlockSchema(nested.block),
    };
  }
  return schema;
}

function mapSchemas(
  schemas: Record<string, { block?: TerraformBlock }> | undefined,
): Record<string, BlockSchema> {
  return Object.fromEntries(Object.entries(schemas ?? {}).map(([type, s]) => [type, toBlockSchema(s.block)]));
}

/**
 * One ProviderSchema per provider in a `terraform providers schema -json` document (parsed or text).
 *
 * @example readTerraformProvidersSchema(await readFile('aws-schema.json', 'utf8'))
 */
export function readTerraformProvidersSchema(
  json: string | object,
  origin = 'terraform providers schema',
): ProviderSchema[] {
  const document = (typeof json === 'string' ? JSON.parse(json) : json) as TerraformProvidersSchema;
  if (!document || typeof document !== 'object' || typeof document.provider_schemas !== 'object') {
    throw new Error(
      `${origin}: not the output of \`terraform providers schema -json\` (no provider_schemas); run it in an initialised module`,
    );
  }
  return Object.entries(document.provider_schemas).map(([address, provider]) => {
    // registry.terraform.io/hashicorp/aws -> source hashicorp/aws, name aws
    const parts = address.split('/');
    const source =
      parts.length === 3 && parts[0] === 'registry.terraform.io' ? parts.slice(1).join('/') : address;
    return {
      source,
      name: parts.at(-1)!,
      origin,
      ...(provider.provider ? { provider: toBlockSchema(provider.provider.block) } : {}),
      resources: mapSchemas(provider.resource_schemas),
      dataSources: mapSchemas(provider.data_source_schemas),
    };
  });
}

// Derives a provider schema from a cdktf provider assembly (.jsii). cdktf generated one class per
// resource and data source with a config struct whose properties are the Terraform arguments; the jsii
// names are camelCase, so each Terraform name is read from the property's registry docs link
// (`...#dns_prefix KubernetesCluster#dns_prefix`). Struct-typed properties (one struct, or a list of
// structs) are nested blocks; everything else is an argument. Computed-only attributes are not in the
// config struct at all, so they are unknown here (see ADR 0054).
import type { BlockSchema, NestedBlockSchema, ProviderSchema } from './providerSchema.ts';

interface JsiiTypeReference {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'array' | 'map'; elementtype: JsiiTypeReference };
  union?: { types: JsiiTypeReference[] };
}

interface JsiiDocs {
  summary?: string;
  remarks?: string;
}

interface JsiiProperty {
  name: string;
  optional?: boolean;
  static?: boolean;
  docs?: JsiiDocs;
  type: JsiiTypeReference;
}

interface JsiiType {
  fqn: string;
  kind: string;
  base?: string;
  datatype?: boolean;
  interfaces?: string[];
  docs?: JsiiDocs;
  properties?: JsiiProperty[];
  initializer?: { parameters?: { name: string; type: JsiiTypeReference }[] };
}

export interface JsiiAssembly {
  name: string;
  version: string;
  fingerprint?: string;
  types: Record<string, JsiiType>;
}

const REGISTRY_LINK =
  /\{@link https:\/\/registry\.terraform\.io\/providers\/([^/\s]+)\/([^/\s]+)\/([^/\s]+)\/docs(\/(resources|data-sources)\/[^\s#}]+)?(#[A-Za-z0-9_]+)? ([^}]+)\}/;

function docsText(docs: JsiiDocs | undefined): string {
  return `${docs?.summary ?? ''} ${docs?.remarks ?? ''}`;
}

function snakeCase(jsiiName: string): string {
  return jsiiName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The Terraform argument name: the anchor of the registry docs link, else snake_case of the jsii name. */
function terraformName(property: JsiiProperty): string {
  const link = REGISTRY_LINK.exec(docsText(property.docs));
  if (link?.[6]) return link[6].slice(1);
  return snakeCase(property.name);
}

/** The struct a property holds when it is a nested block: `Struct` or `IResolvable | Struct[]`. */
function nestedStruct(
  type: JsiiTypeReference,
  types: Record<string, JsiiType>,
): { fqn: string; list: boolean } | undefined {
  if (type.fqn && types[type.fqn]?.datatype) return { fqn: type.fqn, list: false };
  if (type.collection?.kind === 'array') {
    const element = nestedStruct(type.collection.elementtype, types);
    return element ? { fqn: element.fqn, list: true } : undefined;
  }
  for (const member of type.union?.types ?? []) {
    const found = nestedStruct(member, types);
    if (found) return found;
  }
  return undefined;
}

function structProperties(
  fqn: string,
  types: Record<string, JsiiType>,
  seen = new Set<string>(),
): JsiiProperty[] {
  const struct = types[fqn];
  if (!struct || seen.has(fqn)) return [];
  seen.add(fqn);
  // Config structs extend cdktf.TerraformMetaArguments (count, for_each, ...); those live in another
  // assembly and are meta-arguments, which the checker knows by itself.
  const inherited = (struct.interfaces ?? []).flatMap((parent) => structProperties(parent, types, seen));
  return [...inherited, ...(struct.properties ?? []).filter((p) => !p.static)];
}

function blockFromStruct(
  fqn: string,
  types: Record<string, JsiiType>,
  building: Set<string> = new Set(),
): BlockSchema {
  const block: BlockSchema = { attributes: {}, blocks: {} };
  if (building.has(fqn)) return block; // a recursive struct: stop rather than loop
  building.add(fqn);
  for (const property of structProperties(fqn, types)) {
    const name = terraformName(property);
    const nested = nestedStruct(property.type, types);
    if (nested) {
      const schema: NestedBlockSchema = {
        minItems: property.optional ? 0 : 1,
        ...(nested.list ? {} : { maxItems: 1 }),
        block: blockFromStruct(nested.fqn, types, building),
      };
      block.blocks[name] = schema;
    } else {
      block.attributes[name] = property.optional ? 'optional' : 'required';
    }
  }
  building.delete(fqn);
  return block;
}

/**
 * Builds the provider schema from a parsed assembly.
 *
 * @example deriveJsiiProviderSchema(JSON.parse(readFileSync('node_modules/@cdktf/provider-azurerm/.jsii', 'utf8')))
 */
export function deriveJsiiProviderSchema(assembly: JsiiAssembly): ProviderSchema {
  const types = assembly.types ?? {};
  let source: string | undefined;
  let name: string | undefined;
  let version: string | undefined;
  let provider: BlockSchema | undefined;
  const resources: Record<string, BlockSchema> = {};
  const dataSources: Record<string, BlockSchema> = {};
  for (const type of Object.values(types)) {
    if (type.kind !== 'class') continue;
    const base = type.base;
    if (base === 'cdktf.TerraformProvider') {
      const link = REGISTRY_LINK.exec(docsText(type.docs));
      if (link) {
        source = `${link[1]}/${link[2]}`;
        version = link[3];
        name = link[7]!.trim();
      }
      const configFqn = type.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
      if (configFqn) provider = blockFromStruct(configFqn, types);
      continue;
    }
    if (base !== 'cdktf.TerraformResource' && base !== 'cdktf.TerraformDataSource') continue;
    const link = REGISTRY_LINK.exec(docsText(type.docs));
    // The link text is the full type name (`azurerm_kubernetes_cluster`); the data source class names
    // start with `data_` in some generators, so the text wins over the path.
    const typeName = link?.[7]?.trim();
    const configFqn = type.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
    if (!typeName || !configFqn) continue;
    const isDataSource = base === 'cdktf.TerraformDataSource' || link?.[5] === 'data-sources';
    (isDataSource ? dataSources : resources)[typeName] = blockFromStruct(configFqn, types);
  }
  if (!source || !name) {
    throw new Error(
      `${assembly.name}: no provider class with a registry docs link was found; is this a cdktf provider assembly (@cdktf/provider-*/.jsii)?`,
    );
  }
  return {
    source,
    name,
    ...(version ? { version } : {}),
    origin: `${assembly.name}@${assembly.version}`,
    ...(provider ? { provider } : {}),
    resources,
    dataSources,
  };
}

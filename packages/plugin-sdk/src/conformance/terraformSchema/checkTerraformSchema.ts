// Checks a Terraform module's resources and data sources against provider schemas, without the
// providers: unknown types, unknown arguments and nested blocks (with the nearest valid name), missing
// required arguments and blocks, read-only attributes set, too many single blocks. hcl2json parses each
// file; outlineHcl finds the line of each block and argument, so every problem names `file:line`.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { outlineHcl, type HclOutlineItem } from './outlineHcl.ts';
import { nearestName } from './nearestName.ts';
import { BUILTIN_TERRAFORM_SCHEMA, type BlockSchema, type ProviderSchema } from './providerSchema.ts';
import { satisfiesTerraformConstraint } from './satisfiesTerraformConstraint.ts';

export interface SchemaProblem {
  /** Relative to terraformDir. */
  file: string;
  /** 1-based. */
  line: number;
  /** Says file:line, the resource address, what is wrong and the fix. */
  message: string;
  /** The nearest valid name, when one is close. */
  suggestion?: string;
}

/** Resources of a provider no schema was given for: not checked (a problem only when strict). */
export interface UncheckedProvider {
  provider: string;
  file: string;
  line: number;
  types: string[];
}

export interface CheckTerraformSchemaOptions {
  /** The module folder; every *.tf in it (not below) is checked. */
  terraformDir: string;
  schemas: ProviderSchema[];
  /** Report resources of providers without a schema as problems too. */
  strict?: boolean;
}

export interface TerraformSchemaAnalysis {
  problems: SchemaProblem[];
  unchecked: UncheckedProvider[];
}

const NO_META_ARGUMENTS: ReadonlySet<string> = new Set();

/** Arguments Terraform itself handles in every provider block. */
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version']);

/** Arguments Terraform itself handles on every resource and data source. */
const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);

type Body = Record<string, unknown>;

function asBodies(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v): v is Body => typeof v === 'object' && v !== null);
  if (typeof value === 'object' && value !== null) return [value as Body];
  return [];
}

function quoteList(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** Where each resource/data type is defined: the schema that lists it, or the provider its prefix names. */
function indexSchemas(schemas: ProviderSchema[]): ProviderSchema[] {
  const all = [...schemas];
  if (!all.some((s) => s.name === BUILTIN_TERRAFORM_SCHEMA.name)) all.push(BUILTIN_TERRAFORM_SCHEMA);
  return all;
}

/**
 * Checks every resource and data source in `terraformDir` and returns the problems, each with file, line
 * and (for a misspelling) the nearest valid name; [] when the module keeps the schemas.
 *
 * @example
 * const azurerm = await readJsiiProviderSchema('node_modules/@cdktf/provider-azurerm/.jsii');
 * const problems = await checkTerraformSchema({ terraformDir: 'plugins/azure/terraform', schemas: [azurerm] });
 */
export async function checkTerraformSchema(options: CheckTerraformSchemaOptions): Promise<SchemaProblem[]> {
  const { problems, unchecked } = await analyzeTerraformSchema(options);
  if (!options.strict) return problems;
  return [
    ...problems,
    ...unchecked.map((u) => ({
      file: u.file,
      line: u.line,
      message: `${u.file}:${u.line}: not checked: no schema for provider "${u.provider}" (${u.types.join(', ')}); pass its schema`,
    })),
  ];
}

/** Like checkTerraformSchema, and also lists the providers whose resources could not be checked. */
export async function analyzeTerraformSchema(
  options: CheckTerraformSchemaOptions,
): Promise<TerraformSchemaAnalysis> {
  const schemas = indexSchemas(options.schemas);
  const problems: SchemaProblem[] = [];
  const unchecked = new Map<string, UncheckedProvider>();
  let files: string[];
  try {
    files = (await readdir(options.terraformDir)).filter((name) => name.endsWith('.tf')).sort();
  } catch (error) {
    throw new Error(`cannot read the Terraform folder ${options.terraformDir}: ${(error as Error).message}`);
  }
  // An empty folder would pass every check: say so instead, a wrong path must not look like success.
  if (files.length === 0) {
    throw new Error(
      `${options.terraformDir} holds no .tf files: point terraformDir at the plugin's Terraform module`,
    );
  }
  for (const file of files) {
    const text = await readFile(join(options.terraformDir, file), 'utf8');
    let document: Record<string, unknown>;
    try {
      document = await parseHcl(file, text);
    } catch (error) {
      const message = String((error as Error).message ?? error);
      const line = Number(/:(\d+),\d+/.exec(message)?.[1] ?? 1);
      problems.push({ file, line, message: `${file}:${line}: HCL syntax error: ${message.trim()}` });
      continue;
    }
    const outline = outlineHcl(text);
    const report = (line: number, message: string, suggestion?: string): void => {
      problems.push({
        file,
        line,
        message: `${file}:${line}: ${message}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        ...(suggestion ? { suggestion } : {}),
      });
    };

    checkRequiredProviders(document, outline, schemas, report);

    const providers = (document.provider ?? {}) as Record<string, unknown>;
    for (const [providerName, value] of Object.entries(providers)) {
      const schema = schemas.find((s) => s.name === providerName);
      if (!schema?.provider) continue; // no schema: the resources report the provider as unchecked
      asBodies(value).forEach((body, index) => {
        const header = outline.filter(
          (item) => item.kind === 'block' && item.name === 'provider' && item.labels[0] === providerName,
        )[index];
        checkBody(
          body,
          schema.provider!,
          header,
          `provider "${providerName}"`,
          PROVIDER_META_ARGUMENTS,
          header?.line ?? 1,
          report,
        );
      });
    }

    for (const kind of ['resource', 'data'] as const) {
      const byType = (document[kind] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [type, byName] of Object.entries(byType)) {
        for (const [name, value] of Object.entries(byName ?? {})) {
          const header = outline.find(
            (item) =>
              item.kind === 'block' &&
              item.name === kind &&
              item.labels[0] === type &&
              item.labels[1] === name,
          );
          const line = header?.line ?? 1;
          const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const lookup = (s: ProviderSchema): Record<string, BlockSchema> =>
            kind === 'data' ? s.dataSources : s.resources;
          const owner = schemas.find((s) => lookup(s)[type]);
          if (!owner) {
            const prefix = type.split('_')[0]!;
            const provider = schemas.find((s) => s.name === prefix);
            if (provider) {
              const noun = kind === 'data' ? 'data source' : 'resource type';
              report(
                line,
                `${address}: the ${provider.source} provider (${provider.origin}) has no ${noun} "${type}"`,
                nearestName(type, Object.keys(lookup(provider))),
              );
            } else {
              const entry = unchecked.get(prefix) ?? { provider: prefix, file, line, types: [] };
              if (!entry.types.includes(type)) entry.types.push(type);
              unchecked.set(prefix, entry);
            }
            continue;
          }
          for (const body of asBodies(value)) {
            checkBody(body, lookup(owner)[type]!, header, address, META_ARGUMENTS, line, report);
          }
        }
      }
    }
  }
  problems.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.message.localeCompare(b.message),
  );
  return { problems, unchecked: [...unchecked.values()] };
}

type Report = (line: number, message: string, suggestion?: string) => void;

/** `registry.terraform.io/hashicorp/aws` and `hashicorp/aws` name the same provider. */
function normalizeSource(source: string): string {
  return source.toLowerCase().replace(/^registry\.terraform\.io\//, '');
}

/**
 * The module's `required_providers` against the schemas it is checked with: a different source or a
 * version the schema's does not satisfy means the check would compare with the wrong provider.
 */
function checkRequiredProviders(
  document: Record<string, unknown>,
  outline: HclOutlineItem[],
  schemas: ProviderSchema[],
  report: Report,
): void {
  for (const [terraformIndex, terraform] of asBodies(document.terraform).entries()) {
    const terraformItem = outline.filter((item) => item.kind === 'block' && item.name === 'terraform')[
      terraformIndex
    ];
    for (const [requiredIndex, required] of asBodies(terraform.required_providers).entries()) {
      const requiredItem = outlineBlock(terraformItem, 'required_providers', requiredIndex);
      for (const [localName, requirement] of Object.entries(required)) {
        const schema = schemas.find((s) => s.name === localName);
        if (!schema) continue;
        const line =
          requiredItem?.children.find((c) => c.name === localName)?.line ?? requiredItem?.line ?? 1;
        const { source, version } =
          typeof requirement === 'string'
            ? { source: undefined, version: requirement }
            : (requirement as { source?: unknown; version?: unknown });
        if (
          typeof source === 'string' &&
          !source.includes('${') &&
          normalizeSource(source) !== normalizeSource(schema.source)
        ) {
          report(
            line,
            `required_providers.${localName}: source "${source}" is not the provider of the schema checked with (${schema.source}, ${schema.origin}); pass that provider's schema`,
          );
        }
        if (
          typeof version === 'string' &&
          schema.version &&
          satisfiesTerraformConstraint(schema.version, version) === false
        ) {
          report(
            line,
            `required_providers.${localName}: version "${version}" excludes ${schema.version}, the version of the schema checked with (${schema.origin}); check with a schema of a version the module allows`,
          );
        }
      }
    }
  }
}

/** The i-th nested block named `name` in an outline item (blocks repeat; hcl2json keeps their order). */
function outlineBlock(
  parent: HclOutlineItem | undefined,
  name: string,
  index: number,
  label?: string,
): HclOutlineItem | undefined {
  return parent?.children.filter(
    (c) => c.kind === 'block' && c.name === name && (label === undefined || c.labels[0] === label),
  )[index];
}

function checkBody(
  body: Body,
  schema: BlockSchema,
  outline: HclOutlineItem | undefined,
  address: string,
  metaArguments: ReadonlySet<string>,
  fallbackLine: number,
  report: Report,
): void {
  const blockLine = outline?.line ?? fallbackLine;
  const lineOf = (key: string): number => outline?.children.find((c) => c.name === key)?.line ?? blockLine;
  const settable = [
    ...Object.entries(schema.attributes)
      .filter(([, mode]) => mode !== 'computed')
      .map(([n]) => n),
    ...Object.keys(schema.blocks),
  ];
  // `dynamic "x" { content { ... } }` is Terraform's, unless the schema itself names something `dynamic`.
  const hasOwnDynamic = 'dynamic' in schema.attributes || 'dynamic' in schema.blocks;
  const dynamicBodies = hasOwnDynamic ? {} : ((body.dynamic as Record<string, unknown> | undefined) ?? {});
  const blockCounts = new Map<string, number>();

  for (const [key, value] of Object.entries(body)) {
    if (metaArguments.has(key)) continue;
    if (key === 'dynamic' && !hasOwnDynamic) continue;
    const mode = schema.attributes[key];
    if (mode) {
      const written = outline?.children.find((c) => c.name === key);
      if (written?.kind === 'block') {
        report(written.line, `${address}: "${key}" is an argument, not a block; write \`${key} = ...\``);
      } else if (mode === 'computed') {
        report(lineOf(key), `${address}: "${key}" is read-only (the provider computes it); remove it`);
      }
      continue;
    }
    const nested = schema.blocks[key];
    if (nested) {
      const bodies = asBodies(value);
      // `x = var.blocks` (accepted for azurerm's attribute-style blocks) sets them all from one expression.
      const written = typeof value === 'string' ? 1 : bodies.length;
      blockCounts.set(key, (blockCounts.get(key) ?? 0) + written);
      bodies.forEach((nestedBody, index) => {
        const item = outlineBlock(outline, key, index);
        checkBody(
          nestedBody,
          nested.block,
          item,
          `${address}.${key}`,
          NO_META_ARGUMENTS,
          item?.line ?? lineOf(key),
          report,
        );
      });
      continue;
    }
    report(lineOf(key), `${address}: unsupported argument or block "${key}"`, nearestName(key, settable));
  }

  for (const [blockName, instances] of Object.entries(dynamicBodies)) {
    const nested = schema.blocks[blockName];
    const dynamicItems = outline?.children.filter(
      (c) => c.kind === 'block' && c.name === 'dynamic' && c.labels[0] === blockName,
    );
    const dynamicLine = dynamicItems?.[0]?.line ?? lineOf('dynamic');
    if (!nested) {
      const blockNames = Object.keys(schema.blocks);
      const suggestion = nearestName(blockName, blockNames);
      const known =
        suggestion || blockNames.length === 0
          ? ''
          : ` (its blocks: ${quoteList(blockNames.slice(0, 12))}${blockNames.length > 12 ? ', ...' : ''})`;
      report(
        dynamicLine,
        `${address}: dynamic "${blockName}": there is no nested block "${blockName}"${known}`,
        suggestion,
      );
      continue;
    }
    blockCounts.set(blockName, Math.max(blockCounts.get(blockName) ?? 0, nested.minItems));
    asBodies(instances).forEach((instance, index) => {
      const item = dynamicItems?.[index];
      for (const content of asBodies(instance.content)) {
        const contentItem = outlineBlock(item, 'content', 0);
        checkBody(
          content,
          nested.block,
          contentItem,
          `${address}.${blockName}`,
          NO_META_ARGUMENTS,
          contentItem?.line ?? item?.line ?? dynamicLine,
          report,
        );
      }
    });
  }

  for (const [name, mode] of Object.entries(schema.attributes)) {
    if (mode === 'required' && !(name in body)) {
      report(blockLine, `${address}: the required argument "${name}" is missing; set it`);
    }
  }
  for (const [name, nested] of Object.entries(schema.blocks)) {
    const count = blockCounts.get(name) ?? 0;
    if (count < nested.minItems) {
      report(
        blockLine,
        `${address}: the required block "${name}" is missing; add ${nested.minItems === 1 ? 'one' : `at least ${nested.minItems}`} \`${name} { ... }\``,
      );
    }
    if (nested.maxItems !== undefined && count > nested.maxItems) {
      report(lineOf(name), `${address}: ${count} "${name}" blocks, at most ${nested.maxItems} allowed`);
    }
  }
}

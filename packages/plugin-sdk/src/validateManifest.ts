// Validates a plugin manifest: the JSON Schema first, then the rules a schema cannot say (a real semver
// range this host supports, compilable input/output schemas, examples that fit them). Reports every problem.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileCached, lazyCompile, loadSchemaCompiler, prepareValidators } from './compileCached.ts';
import {
  CONTRACT_VERSION,
  hostSupportsContract,
  isSemanticVersion,
  isVersionRange,
  loadSemver,
  needsSemver,
} from './contractVersion.ts';
import { PluginManifest } from './manifestSchema.ts';
import { formatProblems, formatSchemaErrors, type SchemaProblem } from './schemaProblems.ts';

export type ManifestValidation =
  { ok: true; manifest: PluginManifest; problems: [] } | { ok: false; problems: SchemaProblem[] };

/** Thrown by `assertValidManifest` and `readManifest`; `problems` lists every problem found. */
export class ManifestError extends Error {
  readonly problems: SchemaProblem[];
  constructor(problems: SchemaProblem[], source = 'plugin manifest') {
    super(`The ${source} is invalid:\n${formatProblems(problems)}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

const shapeValidator = lazyCompile(PluginManifest);

function checkSchemaDocument(field: 'inputs' | 'outputs', schema: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (schema.type !== 'object') {
    problems.push({
      path: `${field}.type`,
      message: 'must be "object" (the top level is an object of fields)',
    });
  }
  try {
    compileCached(schema);
  } catch (error) {
    problems.push({ path: field, message: `is not a valid JSON Schema: ${(error as Error).message}` });
  }
  return problems;
}

/**
 * Validates an untrusted manifest document and reports every problem with its path.
 *
 * @example
 * const result = validateManifest(JSON.parse(text));
 * if (!result.ok) console.error(formatProblems(result.problems));
 */
export function validateManifest(
  document: unknown,
  options: { checkSchemas?: boolean } = {},
): ManifestValidation {
  const validateShape = shapeValidator();
  if (!validateShape(document)) {
    return { ok: false, problems: formatSchemaErrors(validateShape.errors) };
  }
  const manifest = document as PluginManifest;
  const problems: SchemaProblem[] = [];

  if (!isSemanticVersion(manifest.version)) {
    problems.push({ path: 'version', message: 'must be a semantic version such as 1.2.3' });
  }
  if (!isVersionRange(manifest.contract)) {
    problems.push({ path: 'contract', message: 'must be a semver range such as ^1.0.0' });
  } else if (!hostSupportsContract(manifest.contract)) {
    problems.push({
      path: 'contract',
      message: `${manifest.contract} does not include contract ${CONTRACT_VERSION}, the version this host implements; declare a range that includes it (e.g. ^1.0.0) or run a newer CSOC`,
    });
  }
  if (!manifest.capabilities.includes('plan')) {
    problems.push({ path: 'capabilities', message: 'must include "plan" (every IaC plugin can plan)' });
  }
  manifest.permissions.forEach((permission, index) => {
    if (!manifest.clouds.includes(permission.cloud)) {
      problems.push({
        path: `permissions[${index}].cloud`,
        message: `"${permission.cloud}" is not one of the plugin's clouds (${manifest.clouds.join(', ')})`,
      });
    }
  });
  // Checking the input and output schemas against the meta-schema, and the examples against them, is for
  // whoever installs the plugin (the host, `describe`, the conformance kit), not for every verb it runs.
  const checkSchemas = options.checkSchemas ?? true;
  const inputProblems = checkSchemas ? checkSchemaDocument('inputs', manifest.inputs) : [];
  if (checkSchemas) problems.push(...inputProblems, ...checkSchemaDocument('outputs', manifest.outputs));

  const exampleInputs = checkSchemas ? manifest.examples?.inputs : undefined;
  if (exampleInputs && inputProblems.length === 0) {
    const validateInputs = compileCached(manifest.inputs);
    if (!validateInputs(structuredClone(exampleInputs))) {
      problems.push(...formatSchemaErrors(validateInputs.errors, 'examples.inputs'));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, manifest, problems: [] };
}

/** Returns the manifest when valid; throws `ManifestError` listing every problem otherwise. */
export function assertValidManifest(
  document: unknown,
  source?: string,
  options: { checkSchemas?: boolean } = {},
): PluginManifest {
  const result = validateManifest(document, options);
  if (!result.ok) throw new ManifestError(result.problems, source);
  return result.manifest;
}

/** Reads and validates `<pluginDir>/manifest.json`. Throws `ManifestError` when it is missing or invalid. */
export async function readManifest(
  pluginDir: string,
  options: { checkSchemas?: boolean } = {},
): Promise<PluginManifest> {
  const path = join(pluginDir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ManifestError([
      { path: '(file)', message: `cannot read ${path}: ${(error as Error).message}` },
    ]);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ManifestError([
      { path: '(file)', message: `${path} is not JSON: ${(error as Error).message}` },
    ]);
  }
  const { version, contract } = (document ?? {}) as { version?: unknown; contract?: unknown };
  if (needsSemver(version, contract)) await loadSemver();
  // Checking the schemas compiles them; a verb's check of the shape may find its validator precompiled.
  if (options.checkSchemas ?? true) await loadSchemaCompiler();
  else await prepareValidators([{ schema: PluginManifest }]);
  return assertValidManifest(document, path, options);
}

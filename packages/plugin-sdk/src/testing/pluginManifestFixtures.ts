// What a plugin's own manifest tests start from: its manifest.json, its examples/*.inputs.json, strict
// validators of its inputs and outputs schemas, and the fields a refusal names. Every plugin in this
// repository tests its manifest the same way; a plugin made by `csoc plugin init` can too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../createAjv.ts';

export interface PluginManifestFixtures {
  /** manifest.json as written (parsed, not validated: the tests validate it). */
  manifest: Record<string, any>;
  /** examples/<name>.inputs.json by file name. */
  examples: Record<string, Record<string, unknown>>;
  validateInputs: ValidateFunction;
  validateOutputs: ValidateFunction;
}

/**
 * Reads a plugin folder's manifest and examples and compiles its schemas. Strict: an unknown or misspelt
 * keyword in a schema fails compilation instead of passing silently. `useDefaults` fills the schema's
 * defaults into what it validates (to test what a plugin receives).
 */
export function loadPluginManifestFixtures(
  pluginDir: string,
  options: { useDefaults?: boolean } = {},
): PluginManifestFixtures {
  const manifest = JSON.parse(readFileSync(join(pluginDir, 'manifest.json'), 'utf8'));
  const examples = Object.fromEntries(
    readdirSync(join(pluginDir, 'examples'))
      .filter((name) => name.endsWith('.inputs.json'))
      .map((name) => [name, JSON.parse(readFileSync(join(pluginDir, 'examples', name), 'utf8'))]),
  );
  const ajv = createAjv({ strict: true, allowUnionTypes: true, useDefaults: options.useDefaults ?? false });
  return {
    manifest,
    examples,
    validateInputs: ajv.compile(manifest.inputs),
    validateOutputs: ajv.compile(manifest.outputs),
  };
}

/** The input fields errors point at: the field itself, or the one the object lacks or must not have. */
export function fieldsOf(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const params = error.params as Record<string, unknown>;
    const named = params.missingProperty ?? params.additionalProperty ?? params.propertyName;
    if (typeof named === 'string' && error.instancePath === '') return named;
    return error.instancePath.split('/')[1] ?? '';
  });
}

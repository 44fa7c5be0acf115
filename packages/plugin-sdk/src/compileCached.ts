// Validators compiled once per process, found precompiled when a plugin bundle brought them, and compiled by
// Ajv only when neither: the compiler (Ajv, its formats, about 280 KB of code) is a module of its own,
// createAjv.ts, which registers itself here when it loads. Whoever imports the SDK's index or createAjv.ts
// has it; a plugin process imports neither at start and loads it only for a schema its bundle did not
// precompile (prepareValidators, which runPlugin awaits before it validates anything).
import type { ValidateFunction } from 'ajv';
import { findPrecompiledValidator, validatorKey, type ValidatorOptionsKey } from './precompiledValidators.ts';

/** Compiles one schema with the option set's shared Ajv (registered by createAjv.ts). */
export type SchemaCompiler = (schema: object, optionsKey: ValidatorOptionsKey) => ValidateFunction;

let compiler: SchemaCompiler | undefined;

/** Called by createAjv.ts as it loads. */
export function registerSchemaCompiler(compile: SchemaCompiler): void {
  compiler = compile;
}

/** Whether the compiler is loaded (a bundled plugin whose validators are all precompiled never loads it). */
export function isSchemaCompilerLoaded(): boolean {
  return compiler !== undefined;
}

/** Loads the compiler (createAjv.ts) unless it is loaded already. */
export async function loadSchemaCompiler(): Promise<void> {
  if (!compiler) await import('./createAjv.ts');
}

/** Validators by option set and schema text: the same schema is compiled once per process. */
const compiledValidators = new Map<string, ValidateFunction>();

const optionsKeyOf = (options: { useDefaults?: boolean }): ValidatorOptionsKey =>
  options.useDefaults ? 'defaults' : 'plain';

/** A schema to validate with, and whether its validator fills defaults (compileCached's options). */
export interface ValidatorSpec {
  schema: object;
  useDefaults?: boolean;
}

/**
 * Makes sure compileCached can answer for every schema listed without compiling asynchronously: loads the
 * compiler when one of them is neither compiled nor precompiled. Cheap when all are (a bundled plugin).
 */
export async function prepareValidators(specs: readonly ValidatorSpec[]): Promise<void> {
  if (compiler) return;
  const missing = specs.some(({ schema, useDefaults }) => {
    const key = validatorKey(optionsKeyOf({ useDefaults }), schema);
    return !compiledValidators.has(key) && !findPrecompiledValidator(key);
  });
  if (missing) await loadSchemaCompiler();
}

/**
 * Compiles a schema once per process and option set, then hands out the same validator. A plugin starts
 * for every verb and checks its manifest, its request and its inputs: compiling each of them on a new Ajv
 * cost about half a second of CPU per start, most of it the meta-schema compiled again each time.
 * Thrown compile errors are not cached (the schema is compiled, and fails, again next time). With
 * `useDefaults` the schema must have been checked before (validateManifest does for inputs). A bundled
 * plugin finds its validators precompiled (precompiledValidators.ts) and compiles nothing.
 */
export function compileCached<T = unknown>(
  schema: object,
  options: { useDefaults?: boolean } = {},
): ValidateFunction<T> {
  const optionsKey = optionsKeyOf(options);
  const key = validatorKey(optionsKey, schema);
  const cached = compiledValidators.get(key) ?? findPrecompiledValidator(key);
  if (cached) return cached as ValidateFunction<T>;
  if (!compiler)
    throw new Error(
      'The JSON Schema compiler is not loaded: import @csoc/plugin-sdk (or its createAjv.ts), or await prepareValidators() / loadSchemaCompiler() before validating',
    );
  const validate = compiler(schema, optionsKey);
  compiledValidators.set(key, validate);
  return validate as ValidateFunction<T>;
}

/**
 * A validator compiled on first use rather than when its module loads: a plugin process loads the
 * event, manifest and request validators together but needs only some of them.
 */
export function lazyCompile<T = unknown>(schema: object): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= compileCached<T>(schema));
}

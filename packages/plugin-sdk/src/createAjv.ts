// One Ajv setup for every contract document (manifests, requests, events, plugin inputs and outputs). Loading
// this module registers it as compileCached's compiler (compileCached.ts): the SDK's index loads it, and a
// plugin process loads it only for a schema its bundle did not precompile.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { registerSchemaCompiler } from './compileCached.ts';
import type { ValidatorOptionsKey } from './precompiledValidators.ts';

// ajv-formats is CommonJS; its default export arrives wrapped in some module loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** A strict Ajv (no coercion, no defaults written into the document) with the standard formats. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * The Ajv options of compileCached's option sets; standaloneValidators.ts compiles bundles' validators with
 * the same ones, so a precompiled validator accepts, fills and reports exactly what a compiled one does.
 */
export function cachedCompileOptions(optionsKey: ValidatorOptionsKey): Options {
  // Filling defaults is for documents whose schema was checked already (a plugin's inputs, after its
  // manifest): that Ajv skips checking schemas against the meta-schema, which it would compile anew.
  return optionsKey === 'defaults' ? { useDefaults: true, validateSchema: false } : {};
}

/** One Ajv per option set, shared by every cached compile: each new Ajv compiles the meta-schema again. */
const sharedAjvs = new Map<string, Ajv>();

registerSchemaCompiler((schema, optionsKey) => {
  let ajv = sharedAjvs.get(optionsKey);
  if (!ajv) {
    ajv = createAjv(cachedCompileOptions(optionsKey));
    sharedAjvs.set(optionsKey, ajv);
  }
  try {
    return ajv.compile(schema) as ValidateFunction;
  } catch (error) {
    // Another schema with the same $id is already known to the shared Ajv: compile this one on its own.
    if (!/already exists/.test((error as Error).message)) throw error;
    return createAjv(cachedCompileOptions(optionsKey)).compile(schema) as ValidateFunction;
  }
});

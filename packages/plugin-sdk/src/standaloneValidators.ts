// Generates, when a plugin is bundled, the validators its process would otherwise compile at every start
// (about 0.3 s of CPU each start on a 2-core machine, most of it Ajv compiling the meta-schema to check the
// manifest's schema): the manifest's shape, the request, and the plugin's inputs with their defaults.
// Each is an ES module of Ajv standalone code, compiled with the options compileCached uses, so it
// accepts, fills in and reports exactly what the compiled validator would (standaloneValidators.test.ts).
import standaloneModule from 'ajv/dist/standalone/index.js';
import { cachedCompileOptions, createAjv } from './createAjv.ts';
import { PluginManifest } from './manifestSchema.ts';
import { validatorKey, type ValidatorOptionsKey } from './precompiledValidators.ts';
import { PluginRequest } from './requestSchema.ts';

// ajv's standalone module is CommonJS; its default export arrives wrapped in some module loaders.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as (ajv: ReturnType<typeof createAjv>, validate: unknown) => string;

export interface StandaloneValidator {
  /** The key compileCached looks it up by (precompiledValidators.ts). */
  key: string;
  /** An ES module whose default export is the validator; it may `require` Ajv's small runtime helpers. */
  source: string;
}

/** The schemas a plugin process validates with for every verb, with the option set each is checked with. */
function schemasOfAVerb(manifest: { inputs?: object }): [ValidatorOptionsKey, object][] {
  return [
    ['plain', PluginManifest],
    ['plain', PluginRequest],
    ...(manifest.inputs ? [['defaults', manifest.inputs] as [ValidatorOptionsKey, object]] : []),
  ];
}

/** Standalone validators for the plugin whose (already validated) manifest is `manifest`. */
export function standaloneValidators(manifest: { inputs?: object }): StandaloneValidator[] {
  return schemasOfAVerb(manifest).map(([optionsKey, schema]) => {
    // One Ajv per validator: standalone code of one compile holds that compile's functions only.
    const ajv = createAjv({ ...cachedCompileOptions(optionsKey), code: { source: true, esm: true } });
    return { key: validatorKey(optionsKey, schema), source: standaloneCode(ajv, ajv.compile(schema)) };
  });
}

// Validators a plugin bundle brings along, compiled when the plugin was bundled (Ajv standalone code), so
// a plugin process starting for a verb compiles no JSON Schema at all. They are found under the key
// compileCached uses (its option set and the schema's exact JSON text): a validator precompiled from
// another text, such as a manifest.json edited after the bundle was built, is never used for this one,
// which is then compiled at run time as before. No Ajv is imported here: the bundle's start stays light.
import type { ValidateFunction } from 'ajv';

/** compileCached's option sets: a plain strict validator, or one that fills a checked schema's defaults. */
export type ValidatorOptionsKey = 'plain' | 'defaults';

export interface PrecompiledValidator {
  /** `validatorKey(options, schema)` of the schema it was compiled from. */
  key: string;
  validate: ValidateFunction;
}

/** The key of a schema's validator: the option set and the schema's JSON text. */
export function validatorKey(options: ValidatorOptionsKey, schema: object): string {
  return `${options}\u0000${JSON.stringify(schema)}`;
}

const precompiled = new Map<string, ValidateFunction>();

/** Called by a bundle's generated entry before the plugin's own code runs. */
export function registerPrecompiledValidators(validators: readonly PrecompiledValidator[]): void {
  for (const { key, validate } of validators) precompiled.set(key, validate);
}

/** The precompiled validator of exactly this key, or undefined. */
export function findPrecompiledValidator(key: string): ValidateFunction | undefined {
  return precompiled.get(key);
}

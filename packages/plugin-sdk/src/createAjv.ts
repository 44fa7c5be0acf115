// One Ajv setup for every contract document (manifests, requests, events, plugin inputs and outputs), and a
// formatter that turns Ajv's errors into `{ path, message }` problems a person can act on.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { findPrecompiledValidator, validatorKey, type ValidatorOptionsKey } from './precompiledValidators.ts';

// ajv-formats is CommonJS; its default export arrives wrapped in some module loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** One problem found in a document: where (`maintainers[0].email`) and what is wrong. */
export interface SchemaProblem {
  path: string;
  message: string;
}

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
/** Validators by option set and schema text: the same schema is compiled once per process. */
const compiledValidators = new Map<string, ValidateFunction>();

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
  const optionsKey: ValidatorOptionsKey = options.useDefaults ? 'defaults' : 'plain';
  const key = validatorKey(optionsKey, schema);
  const cached = compiledValidators.get(key) ?? findPrecompiledValidator(key);
  if (cached) return cached as ValidateFunction<T>;
  let ajv = sharedAjvs.get(optionsKey);
  if (!ajv) {
    ajv = createAjv(cachedCompileOptions(optionsKey));
    sharedAjvs.set(optionsKey, ajv);
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    // Another schema with the same $id is already known to the shared Ajv: compile this one on its own.
    if (!/already exists/.test((error as Error).message)) throw error;
    validate = createAjv(cachedCompileOptions(optionsKey)).compile(schema);
  }
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

/** Turns a JSON pointer (`/maintainers/0/email`) into a readable path (`maintainers[0].email`). */
export function pointerToPath(pointer: string, root = ''): string {
  let path = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path || '(document)';
}

function joinPath(base: string, key: string): string {
  if (base === '(document)') return key;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function describeError(error: ErrorObject): SchemaProblem {
  const base = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const hint =
    typeof error.parentSchema?.description === 'string' ? ` (${error.parentSchema.description})` : '';
  switch (error.keyword) {
    case 'required':
      return { path: joinPath(base, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return {
        path: joinPath(base, String(params.additionalProperty)),
        message: 'is not a known field (check the spelling, or remove it)',
      };
    case 'enum':
      return {
        path: base,
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { path: base, message: `must match ${String(params.pattern)}${hint}` };
    case 'format':
      return { path: base, message: `must be a valid ${String(params.format)}${hint}` };
    default:
      return { path: base, message: `${error.message ?? 'is invalid'}${hint}` };
  }
}

/**
 * Formats Ajv errors as problems. `anyOf`/`oneOf` summaries are dropped when a more precise error exists
 * for the same place, and duplicates are removed, so each problem is worth reading.
 */
export function formatSchemaErrors(
  errors: readonly ErrorObject[] | null | undefined,
  root = '',
): SchemaProblem[] {
  if (!errors) return [];
  const precise = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const chosen = precise.length > 0 ? precise : errors;
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of chosen) {
    const problem = describeError(error);
    if (root) {
      if (problem.path === '(document)') problem.path = root;
      else problem.path = problem.path.startsWith('[') ? `${root}${problem.path}` : `${root}.${problem.path}`;
    }
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** Renders problems one per line: `path: message`. */
export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

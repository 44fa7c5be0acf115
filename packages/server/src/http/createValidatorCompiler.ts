// Request validation with Ajv. Bodies are validated strictly (no type coercion, unknown fields refused,
// nothing silently removed); query strings and path params may coerce "10" to 10, as URLs carry text.
// Nesting is bounded before the schema runs: every body by MAX_REQUEST_BODY_DEPTH, and a free-form field by
// its schema's `x-maxDepth`, so no route can fail on depth alone (see ADR 0016).
import { MAX_REQUEST_BODY_DEPTH, tooDeep, tooDeepMessage } from '@csoc/common';
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped in some module loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** A JSON Pointer cut to its first few segments: enough to name the field, bounded in length. */
function fieldPath(pointer: string, segments = 6): string {
  return pointer
    .split('/')
    .slice(0, segments + 1)
    .map((segment) => segment.slice(0, 64))
    .join('/');
}

function newAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    removeAdditional: false,
    useDefaults: true,
    ...options,
  });
  addFormats(ajv);
  const maxDepth: ((limit: number, data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] } = (
    limit,
    data,
  ) => {
    if (!tooDeep(data, limit)) return true;
    maxDepth.errors = [{ keyword: 'x-maxDepth', message: tooDeepMessage(limit), params: { limit } }];
    return false;
  };
  ajv.addKeyword({ keyword: 'x-maxDepth', schemaType: 'number', errors: true, validate: maxDepth });
  return ajv;
}

/**
 * Validators not compiled yet. Compiling every route's schemas was about a quarter of the server's start
 * (ADR 0067), so a route's validator compiles on its first request, or in the background after the server
 * is ready (compilePendingValidators), whichever comes first. Every request is still validated: a request
 * never reaches its handler without its compiled validator having run.
 */
const pendingValidators = new Set<() => ValidateFunction>();

function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const ensure = () => {
    // A schema Ajv refuses throws here, on every use: Fastify answers 500 and the request goes no further.
    compiled ??= compile();
    pendingValidators.delete(ensure);
    return compiled;
  };
  pendingValidators.add(ensure);
  const validate = ((...args: Parameters<ValidateFunction>) => {
    const inner = ensure();
    const valid = inner(...args);
    validate.errors = inner.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

/**
 * Compiles every validator still waiting for its first request, one per turn of the event loop so requests
 * keep being served; stops early when `signal` aborts. A schema that fails to compile is reported to
 * `onError` (its route answers 500 until fixed) and the others still compile. Returns how many compiled.
 */
export async function compilePendingValidators(
  options: { signal?: AbortSignal; onError?: (error: unknown) => void } = {},
): Promise<number> {
  let compiled = 0;
  for (const ensure of [...pendingValidators]) {
    if (options.signal?.aborted) break;
    try {
      ensure();
      compiled++;
    } catch (error) {
      pendingValidators.delete(ensure);
      options.onError?.(error);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return compiled;
}

export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = newAjv({ coerceTypes: false });
  const coercing = newAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    if (httpPart !== 'body') return compiledOnFirstUse(() => coercing.compile(schema as object)) as never;
    const validate = compiledOnFirstUse(() => strict.compile(schema as object));
    const bounded = ((data: unknown) => {
      // Only parsed JSON is bounded: a raw body (git's upload-pack stream, Terraform state) is not a document.
      const prototype = data !== null && typeof data === 'object' ? Object.getPrototypeOf(data) : null;
      const parsedJson = prototype === null || prototype === Object.prototype || Array.isArray(data);
      const deep = parsedJson ? tooDeep(data, MAX_REQUEST_BODY_DEPTH) : undefined;
      if (deep) {
        // The schema may bound this field more tightly and name it better; keep the general error otherwise.
        let fieldErrors: ErrorObject[] = [];
        try {
          validate(data);
          fieldErrors = (validate.errors ?? []).filter(
            (error) => error.keyword === 'x-maxDepth' && deep.path.startsWith(error.instancePath),
          );
        } catch {
          // a schema keyword that recursed into the deep part: the general error says what to fix
        }
        bounded.errors = fieldErrors.length
          ? fieldErrors
          : [
              {
                keyword: 'x-maxDepth',
                instancePath: fieldPath(deep.path),
                schemaPath: '#',
                params: { limit: deep.limit },
                message: tooDeepMessage(deep.limit),
              },
            ];
        return false;
      }
      const valid = validate(data);
      bounded.errors = validate.errors;
      return valid;
    }) as ValidateFunction;
    return bounded as never;
  };
}

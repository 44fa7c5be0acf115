// Turns Ajv's errors into `{ path, message }` problems a person can act on. No Ajv at run time (types only):
// a plugin process formats the errors of its precompiled validators without loading the compiler.
import type { ErrorObject } from 'ajv';

/** One problem found in a document: where (`maintainers[0].email`) and what is wrong. */
export interface SchemaProblem {
  path: string;
  message: string;
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

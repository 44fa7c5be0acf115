// Free-form JSON in requests (Helm value overrides, plugin inputs) has a depth bound: `maxDepth` on the
// schema (enforced by the server's validator), and one bound for every request body, so nesting alone can
// never exhaust a stack further on (structuredClone, YAML rendering, diffs).

/** Every request body: at most this many levels of objects and arrays. */
export const MAX_REQUEST_BODY_DEPTH = 64;
/** `spec.gen3.serviceOverrides`: chart name, then that chart's Helm values, at most this many levels. */
export const MAX_SERVICE_OVERRIDES_DEPTH = 24;

export interface TooDeep {
  /** JSON Pointer (as Ajv's instancePath) of the first object or array past the limit. */
  path: string;
  limit: number;
}

/**
 * Where `value` nests objects or arrays more than `limit` levels deep (a scalar is 0 levels, `{}` is 1),
 * or undefined when it does not. Walks without recursion and stops at the first place past the limit, so
 * it is safe and cheap on any parsed JSON.
 *
 * @example tooDeep({ a: { b: 1 } }, 1) // { path: '/a', limit: 1 }
 */
export function tooDeep(value: unknown, limit: number): TooDeep | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limit) return { path: item.path, limit };
    for (const [key, child] of Object.entries(item.value))
      if (child !== null && typeof child === 'object')
        stack.push({
          value: child,
          depth,
          path: `${item.path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        });
  }
  return undefined;
}

/** The message of a too-deep field: what is wrong, the limit and the fix. */
export function tooDeepMessage(limit: number): string {
  return `nests objects or arrays more than ${limit} levels deep; flatten it to at most ${limit} levels`;
}

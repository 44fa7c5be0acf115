// A structural diff of two JSON documents: what the CLI's `commons diff`, revision comparison and the
// portal show. Paths are dotted (`spec.inputs.buckets[2]`); the output order is deterministic.

export interface DocumentChange {
  path: string;
  op: 'add' | 'remove' | 'change';
  from?: unknown;
  to?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists every difference between `before` and `after`. */
export function diffDocuments(before: unknown, after: unknown, basePath = ''): DocumentChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const path = basePath ? `${basePath}.${key}` : key;
      if (!(key in after)) return [{ path, op: 'remove' as const, from: before[key] }];
      if (!(key in before)) return [{ path, op: 'add' as const, to: after[key] }];
      return diffDocuments(before[key], after[key], path);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    const changes: DocumentChange[] = [];
    for (let index = 0; index < length; index++) {
      const path = `${basePath}[${index}]`;
      if (index >= after.length) changes.push({ path, op: 'remove', from: before[index] });
      else if (index >= before.length) changes.push({ path, op: 'add', to: after[index] });
      else changes.push(...diffDocuments(before[index], after[index], path));
    }
    return changes;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: basePath || '.', op: 'change', from: before, to: after }];
}

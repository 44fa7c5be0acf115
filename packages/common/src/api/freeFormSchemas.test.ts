import { describe, expect, it } from 'vitest';
import { tooDeep } from './freeFormSchemas.ts';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = level % 2 ? [value] : { 'a/b': value };
  return value;
}

describe('tooDeep', () => {
  it('accepts a value at the limit and names the first place past it', () => {
    expect(tooDeep(nested(3), 3)).toBeUndefined();
    expect(tooDeep('scalar', 0)).toBeUndefined();
    expect(tooDeep({ ok: 1, deep: { x: { y: {} } } }, 2)).toEqual({ path: '/deep/x', limit: 2 });
    expect(tooDeep(nested(4), 3)?.path).toBe('/0/a~1b/0');
  });

  it('walks 100,000 levels without exhausting the stack', () => {
    expect(tooDeep(nested(100_000), 64)?.limit).toBe(64);
  });
});

import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './newId.ts';

describe('newId', () => {
  it('makes unique ids that sort in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 10)) expect(id).toMatch(new RegExp(ID_PATTERN));
  });
});

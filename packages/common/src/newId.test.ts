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

describe('newId timestamp', () => {
  it('starts with the creation time in milliseconds, big-endian', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    const millis = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    // Ids made in the same millisecond may borrow the next one (sequence overflow), by a few at most.
    expect(millis).toBeLessThanOrEqual(after + 5);
    expect(id[14]).toBe('7');
  });
});

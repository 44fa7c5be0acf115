// "Did you mean" suggestions: typos get the intended name, unrelated names get none.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from './nearestName.ts';

describe('nearestName', () => {
  it('suggests the intended name for a dropped, added, changed or swapped letter', () => {
    const names = ['dns_prefix', 'location', 'node_count', 'resource_group_name'];
    expect(nearestName('dns_prefx', names)).toBe('dns_prefix');
    expect(nearestName('locattion', names)).toBe('location');
    expect(nearestName('node_cuont', names)).toBe('node_count');
    expect(nearestName('resource_grup_name', names)).toBe('resource_group_name');
  });

  it('suggests nothing when no name is close', () => {
    expect(nearestName('enable_magic', ['dns_prefix', 'location'])).toBeUndefined();
    expect(nearestName('ab', ['xy'])).toBeUndefined();
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('regoin', 'region')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

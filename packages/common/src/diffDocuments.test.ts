import { describe, expect, it } from 'vitest';
import { diffDocuments } from './diffDocuments.ts';

describe('diffDocuments', () => {
  it('lists additions, removals and changes with dotted paths', () => {
    const before = { spec: { inputs: { buckets: ['a', 'b'], size: 'small', gone: 1 } } };
    const after = { spec: { inputs: { buckets: ['a', 'c', 'd'], size: 'large', added: true } } };
    expect(diffDocuments(before, after)).toEqual([
      { path: 'spec.inputs.added', op: 'add', to: true },
      { path: 'spec.inputs.buckets[1]', op: 'change', from: 'b', to: 'c' },
      { path: 'spec.inputs.buckets[2]', op: 'add', to: 'd' },
      { path: 'spec.inputs.gone', op: 'remove', from: 1 },
      { path: 'spec.inputs.size', op: 'change', from: 'small', to: 'large' },
    ]);
  });

  it('finds nothing between equal documents', () => {
    expect(diffDocuments({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});

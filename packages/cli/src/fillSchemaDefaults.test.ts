// Schema defaults are filled like the server fills them, so a document that leaves them out shows no diff.
import { describe, expect, it } from 'vitest';
import { fillSchemaDefaults } from './fillSchemaDefaults.ts';

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', default: 'us-sim-1' },
    buckets: { type: 'array', default: [] },
    simulation: {
      type: 'object',
      properties: { seed: { type: 'string', default: '' }, delay: { type: 'number' } },
    },
  },
};

describe('fillSchemaDefaults', () => {
  it('fills missing properties, recursing into objects, and keeps given values', () => {
    expect(fillSchemaDefaults(schema, { region: 'eu-sim-2', simulation: { delay: 1 } })).toEqual({
      region: 'eu-sim-2',
      buckets: [],
      simulation: { seed: '', delay: 1 },
    });
  });

  it('leaves the input untouched and non-objects alone', () => {
    const input = { simulation: {} };
    fillSchemaDefaults(schema, input);
    expect(input).toEqual({ simulation: {} });
    expect(fillSchemaDefaults(schema, 'text')).toBe('text');
  });
});

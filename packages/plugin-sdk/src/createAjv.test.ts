// Validators compiled once per process: the same schema gets the same validator, and two plugins whose
// different schemas share an $id still each get a validator of their own schema.
import { describe, expect, it } from 'vitest';
import { compileCached, lazyCompile } from './compileCached.ts';
import './createAjv.ts';

describe('compileCached', () => {
  it('compiles an equal schema once, and keeps schemas that share an $id apart', () => {
    const schema = () => ({ $id: 'inputs', type: 'object', properties: { name: { type: 'string' } } });
    expect(compileCached(schema())).toBe(compileCached(schema()));

    const other = { $id: 'inputs', type: 'object', required: ['size'] };
    const validateOther = compileCached(other);
    expect(validateOther({ name: 'x' })).toBe(false);
    expect(compileCached(schema())({ name: 'x' })).toBe(true);
  });

  it('fills defaults only for the callers that ask for them', () => {
    const schema = { type: 'object', properties: { tier: { type: 'string', default: 'small' } } };
    const plain: Record<string, unknown> = {};
    compileCached(schema)(plain);
    expect(plain).toEqual({});
    const filled: Record<string, unknown> = {};
    compileCached(schema, { useDefaults: true })(filled);
    expect(filled).toEqual({ tier: 'small' });
  });

  it('compiles a lazy validator at its first use and reports invalid schemas then', () => {
    const broken = lazyCompile({ type: 'no-such-type' });
    expect(() => broken()).toThrow(/type/);
  });
});

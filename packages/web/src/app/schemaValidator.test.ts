import type { RJSFSchema } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { schemaValidator } from './schemaValidator.ts';

const schema: RJSFSchema = {
  type: 'object',
  required: ['region', 'size'],
  properties: {
    region: { type: 'string', pattern: '^[a-z]+-[a-z]+-\\d$' },
    size: { type: 'integer', minimum: 1 },
    tags: { type: 'object', properties: { 'a/b': { type: 'string' } } },
  },
};

describe('schemaValidator', () => {
  it('accepts valid data without errors', () => {
    const result = schemaValidator.validateFormData({ region: 'us-east-1', size: 2 }, schema);
    expect(result.errors).toEqual([]);
    expect(schemaValidator.isValid(schema, { region: 'us-east-1', size: 2 }, schema)).toBe(true);
  });

  it('puts a missing required property on that field, as ajv does', () => {
    const { errors, errorSchema } = schemaValidator.validateFormData({ size: 1 }, schema);
    expect(errors).toContainEqual(
      expect.objectContaining({
        name: 'required',
        property: '.region',
        params: { missingProperty: 'region' },
      }),
    );
    expect(errorSchema).toHaveProperty('region.__errors');
  });

  it('names the failing field by its rjsf path, unescaping JSON pointers', () => {
    const { errors } = schemaValidator.validateFormData(
      { region: 'nowhere', size: 0, tags: { 'a/b': 3 } },
      schema,
    );
    const properties = errors.map((error) => error.property);
    expect(properties).toEqual(expect.arrayContaining(['.region', '.size', '.tags.a/b']));
    expect(schemaValidator.isValid(schema, { region: 'nowhere', size: 0 }, schema)).toBe(false);
  });

  it('applies transformErrors and merges customValidate', () => {
    const { errors } = schemaValidator.validateFormData(
      { region: 'us-east-1', size: 1 },
      schema,
      (data, handler) => {
        if ((data as { size: number }).size < 2) handler.size!.addError('at least 2 for production');
        return handler;
      },
      (found) => found.map((error) => ({ ...error, message: error.message?.toUpperCase() })),
    );
    expect(errors.map((error) => error.stack)).toContain('.size at least 2 for production');
  });
});

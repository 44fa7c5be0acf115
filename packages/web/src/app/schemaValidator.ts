// The JSON Schema validator behind every generated form: TypeBox's interpreting validator (typebox/schema)
// adapted to rjsf's ValidatorType. Unlike ajv it compiles nothing with `new Function`, so the portal's
// Content-Security-Policy can forbid eval while plugins still bring their own schemas at run time.
import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { Check, Errors } from 'typebox/schema';

type XSchema = Parameters<typeof Check>[0];

/** JSON pointer (/a/0/b) → rjsf property path (.a.0.b). */
function propertyOf(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.map((part) => `.${part}`).join('');
}

function rjsfErrors(schema: RJSFSchema, formData: unknown): RJSFValidationError[] {
  const [, errors] = Errors(schema as XSchema, formData);
  const result: RJSFValidationError[] = [];
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && Array.isArray(params.requiredProperties)) {
      // Like ajv's missingProperty: the error belongs to the missing field, so the form marks that field.
      for (const missing of params.requiredProperties as string[]) {
        const property = propertyOf(error.instancePath, missing);
        result.push({
          name: 'required',
          property,
          message: 'must have required property',
          params: { missingProperty: missing },
          schemaPath: error.schemaPath,
          stack: `${property} must have required property`,
        });
      }
      continue;
    }
    const property = propertyOf(error.instancePath);
    const message = error.keyword === 'not' ? 'is not allowed' : error.message;
    result.push({
      name: error.keyword,
      property,
      message,
      params,
      schemaPath: error.schemaPath,
      stack: `${property || 'value'} ${message}`,
    });
  }
  // Composite keywords (anyOf, if/then) repeat their children's errors; one message per field is enough.
  const seen = new Set<string>();
  return result.filter((error) => !seen.has(error.stack) && seen.add(error.stack));
}

export const schemaValidator: ValidatorType = {
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    let errors = rjsfErrors(schema, formData);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return data;
    const custom = customValidate(formData, createErrorHandler(formData), uiSchema);
    return validationDataMerge(data, unwrapErrorHandler(custom));
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    try {
      // rjsf asks this while choosing anyOf/oneOf options; $refs resolve against the root's definitions.
      const context = { ...(rootSchema.definitions ?? {}), ...(rootSchema.$defs ?? {}) } as Record<
        string,
        XSchema
      >;
      return Check(context, schema as XSchema, formData);
    } catch {
      return false;
    }
  },
  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown) {
    try {
      return { errors: Errors(schema as XSchema, formData)[1] as Result[] };
    } catch (error) {
      return { validationError: error instanceof Error ? error : new Error(String(error)) };
    }
  },
};

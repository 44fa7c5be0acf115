// A form generated from a JSON Schema (a plugin's inputs, Gen3 settings, a cloud account's fields): @rjsf
// drawn with Mantine (schemaFormTheme.tsx) and an eval-free JSON Schema validator (app/schemaValidator.ts),
// validated as the user types so errors show before any submit.
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo, type Ref } from 'react';
import { schemaValidator } from '../app/schemaValidator.ts';
import { schemaFormTemplates, schemaFormWidgets } from './schemaFormTheme.tsx';

export interface SchemaFormProps {
  schema: RJSFSchema;
  formData: unknown;
  onChange: (formData: unknown, hasErrors: boolean) => void;
  uiSchema?: UiSchema;
  /** Field errors the server returned, in place. */
  extraErrors?: ErrorSchema;
  formRef?: Ref<Form>;
  idPrefix: string;
  label: string;
}

/** Strips TypeBox's symbol keys and anything non-JSON, so rjsf and ajv see a plain JSON Schema. */
export function plainSchema(schema: unknown): RJSFSchema {
  return JSON.parse(JSON.stringify(schema)) as RJSFSchema;
}

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples']);

/**
 * States the type of a union of constants (TypeBox's `Union([Literal('a'), ...])` is `anyOf` of `const`s with
 * no `type` of its own), which rjsf otherwise draws as an "unsupported field" instead of a select. The
 * meaning is unchanged, so the validator and the server agree with the form.
 */
function withConstUnionTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withConstUnionTypes);
  if (!node || typeof node !== 'object') return node;
  const result: Record<string, unknown> = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      DATA_KEYWORDS.has(key) ? value : withConstUnionTypes(value),
    ]),
  );
  const members = result.anyOf ?? result.oneOf;
  if (result.type !== undefined || !Array.isArray(members) || members.length === 0) return result;
  const types = new Set(
    members.map((member: unknown) =>
      member && typeof member === 'object' && 'const' in member ? jsonTypeOf(member.const) : undefined,
    ),
  );
  const [type] = types;
  if (types.size === 1 && type) result.type = type;
  return result;
}

function jsonTypeOf(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value;
  if (typeof value === 'number') return 'number';
  return undefined;
}

export function SchemaForm({
  schema,
  formData,
  onChange,
  uiSchema,
  extraErrors,
  formRef,
  idPrefix,
  label,
}: SchemaFormProps) {
  const formSchema = useMemo(() => withConstUnionTypes(schema) as RJSFSchema, [schema]);
  return (
    <div aria-label={label} role="group">
      <Form
        ref={formRef}
        tagName="div"
        schema={formSchema}
        uiSchema={{ 'ui:submitButtonOptions': { norender: true }, ...uiSchema }}
        formData={formData}
        validator={schemaValidator}
        widgets={schemaFormWidgets}
        templates={schemaFormTemplates}
        liveValidate="onChange"
        // Never fill a choice the user did not make: the first option of a union of constants would
        // otherwise become the value (Gen3's tierAccessLevel would silently be "libre", i.e. open data).
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
        showErrorList={false}
        noHtml5Validate
        idPrefix={idPrefix}
        extraErrors={extraErrors}
        onChange={(event) => onChange(event.formData, (event.errors ?? []).length > 0)}
      />
    </div>
  );
}

/** Turns API field details under a prefix (e.g. body.spec.inputs.) into rjsf's ErrorSchema. */
export function toErrorSchema(fieldErrors: Record<string, string[]>): ErrorSchema | undefined {
  const entries = Object.entries(fieldErrors);
  if (entries.length === 0) return undefined;
  const root: Record<string, unknown> = {};
  for (const [path, messages] of entries) {
    let node = root;
    for (const part of path.split(/[.[\]]+/).filter(Boolean))
      node = (node[part] ??= {}) as Record<string, unknown>;
    node.__errors = messages;
  }
  return root as ErrorSchema;
}

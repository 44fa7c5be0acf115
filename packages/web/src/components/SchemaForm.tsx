// A form generated from a JSON Schema (a plugin's inputs, Gen3 settings, a cloud account's fields):
// @rjsf with an eval-free JSON Schema validator (app/schemaValidator.ts), validated as the user types so errors show before any submit.
import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import type { Ref } from 'react';
import { schemaValidator } from '../app/schemaValidator.ts';

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
  return (
    <div className="rjsf" aria-label={label} role="group">
      <Form
        ref={formRef}
        tagName="div"
        schema={schema}
        uiSchema={{ 'ui:submitButtonOptions': { norender: true }, ...uiSchema }}
        formData={formData}
        validator={schemaValidator}
        liveValidate="onChange"
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

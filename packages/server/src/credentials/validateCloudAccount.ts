// Checks a cloud account's public and secret fields against its kind (schemas in @csoc/common), with the
// same field-error shape as request validation. Messages name fields and rules, never a submitted value.
import {
  type CloudAccountKind,
  cloudAccountFields,
  cloudAccountRuleProblems,
  secretFieldNames,
} from '@csoc/common';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { type FieldErrorDetail, InputError } from '../errors.ts';
import { fieldErrorsFromValidation } from '../http/errorHandler.ts';
import type { SecretFields } from './createVault.ts';

// ajv-formats is CommonJS; its default export arrives wrapped in some module loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

const ajv = addFormats(
  new Ajv({ allErrors: true, strict: false, coerceTypes: false, removeAdditional: false }),
);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(kind: CloudAccountKind, part: 'public' | 'secrets'): ValidateFunction {
  const cacheKey = `${kind}/${part}`;
  let validate = compiled.get(cacheKey);
  if (!validate) {
    validate = ajv.compile(cloudAccountFields[kind][part]);
    compiled.set(cacheKey, validate);
  }
  return validate;
}

function schemaProblems(
  kind: CloudAccountKind,
  part: 'public' | 'secrets',
  value: unknown,
  prefix: string,
): FieldErrorDetail[] {
  const validate = validatorFor(kind, part);
  if (validate(value)) return [];
  return fieldErrorsFromValidation(`${prefix}.${part}`, validate.errors ?? []);
}

/**
 * Bounds on a kubeconfig checked before it is parsed: the YAML parser recurses per level of nesting, so a
 * 256 KB document of brackets or indentation would hold the event loop for a second and then overflow.
 * kubectl writes kubeconfigs about 5 levels deep with 2-space indentation, far inside these bounds.
 */
export const KUBECONFIG_LIMITS = { flowDepth: 16, indentColumns: 120, aliases: 20 } as const;

/** Why a kubeconfig's text is nested too deeply to parse safely, or undefined; one pass, no parsing. */
export function kubeconfigShapeProblem(text: string): string | undefined {
  const fix = 'send it as kubectl writes it (kubectl config view --raw --flatten)';
  let flowDepth = 0;
  let lineStart = true;
  let indent = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10 /* \n */) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      // spaces, tabs and block indicators ("- ", "? ", ": ") each open at most one level of nesting
      if (char === 32 || char === 9 || char === 45 || char === 63 || char === 58) {
        if (++indent > KUBECONFIG_LIMITS.indentColumns)
          return `is indented more than ${KUBECONFIG_LIMITS.indentColumns} columns deep; ${fix}`;
        continue;
      }
      lineStart = false;
    }
    if (char === 91 /* [ */ || char === 123 /* { */) {
      if (++flowDepth > KUBECONFIG_LIMITS.flowDepth)
        return `nests [ ] or { } more than ${KUBECONFIG_LIMITS.flowDepth} levels deep; ${fix}`;
    } else if ((char === 93 /* ] */ || char === 125) /* } */ && flowDepth > 0) flowDepth--;
  }
  return undefined;
}

/** Checks of secret values that a schema cannot express; they report the field, never the content. */
function secretContentProblems(
  kind: CloudAccountKind,
  secrets: SecretFields,
  prefix: string,
): FieldErrorDetail[] {
  if (kind === 'gcp' && typeof secrets.serviceAccountJson === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(secrets.serviceAccountJson);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || (parsed as { type?: unknown }).type !== 'service_account')
      return [
        {
          field: `${prefix}.secrets.serviceAccountJson`,
          message: 'is not a service account key file (JSON with "type": "service_account")',
        },
      ];
  }
  if (kind === 'kubernetes' && typeof secrets.kubeconfig === 'string') {
    const shapeProblem = kubeconfigShapeProblem(secrets.kubeconfig);
    if (shapeProblem) return [{ field: `${prefix}.secrets.kubeconfig`, message: shapeProblem }];
    let parsed: unknown;
    try {
      parsed = parseYaml(secrets.kubeconfig, { maxAliasCount: KUBECONFIG_LIMITS.aliases });
    } catch (error) {
      if (/alias/i.test((error as Error).message))
        return [
          {
            field: `${prefix}.secrets.kubeconfig`,
            message: `uses YAML aliases more than ${KUBECONFIG_LIMITS.aliases} times; send it as kubectl writes it (kubectl config view --raw --flatten)`,
          },
        ];
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { clusters?: unknown }).clusters))
      return [
        { field: `${prefix}.secrets.kubeconfig`, message: 'is not a kubeconfig (YAML with a clusters list)' },
      ];
  }
  return [];
}

export interface CloudAccountFieldsInput {
  kind: CloudAccountKind;
  publicFields: Record<string, unknown>;
  /** New secret fields, or undefined when they stay as they are. */
  secrets?: SecretFields;
  /** The names of the secret fields already set, used when `secrets` is undefined. */
  currentSecretNames?: readonly string[];
  /** Field-name prefix, `body` for a request body. */
  prefix?: string;
}

/** Throws InputError naming every problem: per-field schema, content of secret values, cross-field rules. */
export function assertValidCloudAccount(input: CloudAccountFieldsInput): void {
  const prefix = input.prefix ?? 'body';
  const problems = schemaProblems(input.kind, 'public', input.publicFields, prefix);
  if (input.secrets !== undefined) {
    const secretProblems = schemaProblems(input.kind, 'secrets', input.secrets, prefix);
    problems.push(
      ...(secretProblems.length ? secretProblems : secretContentProblems(input.kind, input.secrets, prefix)),
    );
  }
  if (problems.length === 0) {
    const setSecrets = new Set(input.secrets ? Object.keys(input.secrets) : (input.currentSecretNames ?? []));
    for (const problem of cloudAccountRuleProblems(input.kind, input.publicFields, setSecrets))
      problems.push({ field: `${prefix}.${problem.field}`, message: problem.message });
  }
  if (problems.length > 0) {
    throw new InputError(
      `The ${input.kind} account is not valid: ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}.`,
      problems,
    );
  }
}

/** The secret fields of a kind, each with whether it is set; what the API shows instead of values. */
export function describeSecretFields(kind: CloudAccountKind, setNames: readonly string[]) {
  const set = new Set(setNames);
  return secretFieldNames(kind).map((name) => ({ name, set: set.has(name) }));
}

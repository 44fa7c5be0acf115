// Labels on a commons (metadata.labels), held to the rules Kubernetes applies to its own labels, so a
// commons' labels can be copied onto the objects CSOC renders for it without being refused there.
import { InputError, type FieldErrorDetail } from '../errors.ts';

/** Most labels one commons may carry: enough to describe it, few enough to index cheaply. */
export const MAX_LABELS = 64;
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Why a label key is not valid, or undefined when it is (`[prefix/]name`, as Kubernetes has it). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix)))
    return 'its prefix (before "/") must be a DNS subdomain of at most 253 characters, e.g. example.org';
  if (name.length === 0 || name.length > 63 || !NAME.test(name))
    return 'its name must be 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  return undefined;
}

/** Why a label value is not valid, or undefined when it is (empty, or like a key's name part). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME.test(value))
    return 'must be empty or 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  return undefined;
}

/** Throws an InputError naming every bad key and value of `labels` (under `field`), and the fix. */
export function checkLabels(labels: Record<string, string>, field = 'body.metadata.labels'): void {
  const details: FieldErrorDetail[] = [];
  const keys = Object.keys(labels);
  if (keys.length > MAX_LABELS)
    details.push({ field, message: `has ${keys.length} labels; at most ${MAX_LABELS} are allowed` });
  for (const key of keys) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) details.push({ field: `${field}.${key}`, message: `key: ${keyProblem}` });
    const valueProblem = labelValueProblem(labels[key]!);
    if (valueProblem) details.push({ field: `${field}.${key}`, message: `value: ${valueProblem}` });
  }
  if (details.length)
    throw new InputError(
      'Some labels are not valid Kubernetes-style labels; fix the keys and values named below.',
      details,
      'invalid_labels',
    );
}

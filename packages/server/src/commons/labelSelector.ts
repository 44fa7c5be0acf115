// A label selector in the Kubernetes text form (`env=prod,tier in (large,xl),!legacy`), parsed into
// requirements that commonsStore.ts turns into SQL. Errors name the requirement at fault and its fix.
import { InputError } from '../errors.ts';
import { labelKeyProblem, labelValueProblem } from './commonsLabels.ts';

export type LabelRequirement =
  | { key: string; op: 'equals' | 'notEquals'; values: [string] }
  | { key: string; op: 'in' | 'notIn'; values: string[] }
  | { key: string; op: 'exists' | 'notExists'; values: [] };

/** At most this many requirements, so one query string cannot make an unbounded query. */
export const MAX_REQUIREMENTS = 20;

const SYNTAX =
  'write requirements separated by commas: key=value, key!=value, key in (a,b), key notin (a,b), key or !key';

/** Splits on the commas that separate requirements (not those inside a value list's parentheses). */
function splitRequirements(selector: string, field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < selector.length; index += 1) {
    const char = selector[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    if (depth < 0 || depth > 1) fail(field, selector, 'has unbalanced parentheses');
    if (char === ',' && depth === 0) {
      parts.push(selector.slice(start, index));
      start = index + 1;
    }
  }
  if (depth !== 0) fail(field, selector, 'has an unclosed "("');
  parts.push(selector.slice(start));
  return parts.map((part) => part.trim());
}

function fail(field: string, requirement: string, problem: string): never {
  throw new InputError(`The label selector requirement "${requirement}" ${problem}.`, [
    { field, message: `"${requirement}" ${problem}; ${SYNTAX}` },
  ]);
}

function checkKey(field: string, requirement: string, key: string): string {
  const problem = labelKeyProblem(key);
  if (problem) fail(field, requirement, `has the key "${key}", but ${problem}`);
  return key;
}

function checkValue(field: string, requirement: string, value: string): string {
  const problem = labelValueProblem(value);
  if (problem) fail(field, requirement, `has the value "${value}", which ${problem}`);
  return value;
}

function parseRequirement(text: string, field: string): LabelRequirement {
  if (text === '') fail(field, text, 'is empty (a stray comma?)');
  const set = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const key = checkKey(field, text, set[1]!);
    const values = set[3]!.split(',').map((value) => value.trim());
    if (values.length === 1 && values[0] === '') fail(field, text, 'lists no values inside ( )');
    for (const value of values) checkValue(field, text, value);
    return { key, op: set[2] === 'in' ? 'in' : 'notIn', values };
  }
  const comparison = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (comparison) {
    const key = checkKey(field, text, comparison[1]!);
    const value = checkValue(field, text, comparison[3]!);
    return { key, op: comparison[2] === '!=' ? 'notEquals' : 'equals', values: [value] };
  }
  const existence = /^(!?)\s*([^=!\s()]+)$/.exec(text);
  if (existence) {
    const key = checkKey(field, text, existence[2]!);
    return { key, op: existence[1] ? 'notExists' : 'exists', values: [] };
  }
  return fail(field, text, 'is not a requirement');
}

/**
 * The requirements of `selector` (all must hold). An empty selector selects everything. `field` is the
 * place the selector came from, named in errors (query.labelSelector, body.selector).
 */
export function parseLabelSelector(selector: string, field = 'query.labelSelector'): LabelRequirement[] {
  if (selector.trim() === '') return [];
  const requirements = splitRequirements(selector, field).map((part) => parseRequirement(part, field));
  if (requirements.length > MAX_REQUIREMENTS)
    throw new InputError(`A label selector may have at most ${MAX_REQUIREMENTS} requirements.`, [
      { field, message: `has ${requirements.length} requirements; at most ${MAX_REQUIREMENTS}` },
    ]);
  return requirements;
}

/** Whether `labels` satisfy every requirement (for selections already in memory). */
export function matchesLabelSelector(
  labels: Record<string, string>,
  requirements: readonly LabelRequirement[],
): boolean {
  return requirements.every((requirement) => {
    const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
    switch (requirement.op) {
      case 'equals':
        return value === requirement.values[0];
      case 'notEquals':
        return value !== requirement.values[0];
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notIn':
        return value === undefined || !requirement.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'notExists':
        return value === undefined;
    }
  });
}

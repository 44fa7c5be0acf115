// Label matchers, shared by silences and channel routes: every matcher must hold. Regular expressions
// match the whole value (as in Prometheus), are compiled once per matcher and bounded in length by the
// API schema.
import type { AlertMatcher, AlertSeverityName } from '@csoc/common';
import { ALERT_SEVERITIES } from '@csoc/common';
import { InputError } from '../errors.ts';

export type Labels = Record<string, string>;

const compiled = new Map<string, RegExp>();

function wholeMatch(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Refuses a matcher whose regular expression does not compile, naming it. */
export function assertValidMatchers(matchers: AlertMatcher[], field: string): void {
  matchers.forEach((matcher, index) => {
    if (matcher.op !== '=~' && matcher.op !== '!~') return;
    try {
      wholeMatch(matcher.value);
    } catch (error) {
      throw new InputError(`Matcher ${index + 1} is not a valid regular expression.`, [
        { field: `${field}/${index}/value`, message: `${(error as Error).message}; fix the pattern.` },
      ]);
    }
  });
}

export function matchesAll(matchers: AlertMatcher[], labels: Labels): boolean {
  return matchers.every((matcher) => {
    const value = labels[matcher.label] ?? '';
    switch (matcher.op) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return wholeMatch(matcher.value).test(value);
      case '!~':
        return !wholeMatch(matcher.value).test(value);
      default:
        return false;
    }
  });
}

export function severityAtLeast(severity: string, minimum: AlertSeverityName | undefined): boolean {
  if (!minimum) return true;
  return ALERT_SEVERITIES.indexOf(severity as AlertSeverityName) >= ALERT_SEVERITIES.indexOf(minimum);
}

// The built-in rule kinds: what each watches, its defaults, and how a reported observation decides
// whether its condition holds. Boolean kinds take the signal's `firing`; threshold kinds compare its
// `value` with the rule's params (custom-threshold also needs the same `metric`).
import type { AlertRuleKind, AlertSeverityName } from '@csoc/common';
import { InputError, type FieldErrorDetail } from '../errors.ts';

export interface RuleParams {
  thresholdPercent?: number;
  thresholdMs?: number;
  days?: number;
  minutes?: number;
  metric?: string;
  op?: '>' | '>=' | '<' | '<=';
  threshold?: number;
}

interface KindDefaults {
  severity: AlertSeverityName;
  forSeconds: number;
  params: RuleParams;
  /** What the signal's value means, for threshold kinds. */
  threshold?: (params: RuleParams, value: number) => boolean;
}

export const RULE_KIND_DEFAULTS: Record<AlertRuleKind, KindDefaults> = {
  'commons-down': { severity: 'critical', forSeconds: 60, params: {} },
  'service-down': { severity: 'warning', forSeconds: 300, params: {} },
  'error-rate': {
    severity: 'warning',
    forSeconds: 300,
    params: { thresholdPercent: 5 },
    threshold: (params, value) => value > params.thresholdPercent!,
  },
  latency: {
    severity: 'warning',
    forSeconds: 300,
    params: { thresholdMs: 2000 },
    threshold: (params, value) => value > params.thresholdMs!,
  },
  'certificate-expiring': {
    severity: 'warning',
    forSeconds: 0,
    params: { days: 14 },
    threshold: (params, value) => value < params.days!,
  },
  'drift-detected': { severity: 'warning', forSeconds: 0, params: {} },
  'run-failed': { severity: 'warning', forSeconds: 0, params: {} },
  'deploy-degraded': { severity: 'critical', forSeconds: 0, params: {} },
  'telemetry-silent': {
    severity: 'warning',
    forSeconds: 0,
    params: { minutes: 15 },
    threshold: (params, value) => value >= params.minutes!,
  },
  'custom-threshold': {
    severity: 'warning',
    forSeconds: 60,
    params: {},
    threshold: (params, value) => {
      const limit = params.threshold!;
      switch (params.op) {
        case '>=':
          return value >= limit;
        case '<':
          return value < limit;
        case '<=':
          return value <= limit;
        default:
          return value > limit;
      }
    },
  },
};

/** Which params a kind accepts; anything else is refused, naming the field. */
const PARAMS_OF_KIND: Record<AlertRuleKind, Array<keyof RuleParams>> = {
  'commons-down': [],
  'service-down': [],
  'error-rate': ['thresholdPercent'],
  latency: ['thresholdMs'],
  'certificate-expiring': ['days'],
  'drift-detected': [],
  'run-failed': [],
  'deploy-degraded': [],
  'telemetry-silent': ['minutes'],
  'custom-threshold': ['metric', 'op', 'threshold'],
};

/** The kind's defaults merged with what the user gave; refuses params the kind does not use. */
export function resolveRuleParams(kind: AlertRuleKind, given: RuleParams = {}): RuleParams {
  const allowed = PARAMS_OF_KIND[kind];
  const details: FieldErrorDetail[] = [];
  for (const name of Object.keys(given))
    if (!allowed.includes(name as keyof RuleParams))
      details.push({
        field: `body.params.${name}`,
        message: allowed.length
          ? `A ${kind} rule does not use ${name}; it takes ${allowed.join(', ')}.`
          : `A ${kind} rule takes no params; remove ${name}.`,
      });
  if (kind === 'custom-threshold')
    for (const name of ['metric', 'threshold'] as const)
      if (given[name] === undefined)
        details.push({
          field: `body.params.${name}`,
          message: `A custom-threshold rule needs params.${name} (e.g. {"metric": "gen3.requests.error_rate", "op": ">", "threshold": 5}).`,
        });
  if (details.length)
    throw new InputError(`The rule's params do not fit its kind ${kind}; see details.`, details);
  return { ...RULE_KIND_DEFAULTS[kind].params, ...given };
}

export function isThresholdKind(kind: AlertRuleKind): boolean {
  return Boolean(RULE_KIND_DEFAULTS[kind].threshold);
}

/**
 * Whether an observation makes the rule's condition hold: `firing` for boolean kinds, the threshold for
 * the others; undefined when the observation says nothing the rule can use (no value, another metric).
 */
export function conditionHolds(
  kind: AlertRuleKind,
  params: RuleParams,
  observation: { firing?: boolean; value?: number; metric?: string },
): boolean | undefined {
  const threshold = RULE_KIND_DEFAULTS[kind].threshold;
  if (!threshold) return observation.firing;
  if (kind === 'custom-threshold' && observation.metric !== params.metric) return undefined;
  if (observation.value === undefined || !Number.isFinite(observation.value)) return observation.firing;
  return threshold(params, observation.value);
}

// The pure parts of the alerts page's forms: which threshold fields a rule kind takes, silence durations
// and the matchers that silence one alert, and the request a channel form sends (secrets only when typed:
// a secret left empty keeps the one set, since the API never returns it).
import type { AlertMatcher, AlertRoute, AlertRuleKind, CreateAlertChannelRequest } from '@csoc/common';
import type { Alert } from '../../api/apiShapes.ts';

export interface RuleParamField {
  name: 'thresholdPercent' | 'thresholdMs' | 'days' | 'minutes' | 'metric' | 'op' | 'threshold';
  label: string;
  type: 'number' | 'text' | 'op';
}

/** The thresholds each kind takes (the API refuses the others, naming them). */
export const RULE_PARAM_FIELDS: Record<AlertRuleKind, RuleParamField[]> = {
  'commons-down': [],
  'service-down': [],
  'error-rate': [{ name: 'thresholdPercent', label: 'Error rate above (%)', type: 'number' }],
  latency: [{ name: 'thresholdMs', label: 'Latency p95 above (ms)', type: 'number' }],
  'certificate-expiring': [{ name: 'days', label: 'Certificate expires within (days)', type: 'number' }],
  'drift-detected': [],
  'run-failed': [],
  'deploy-degraded': [],
  'telemetry-silent': [{ name: 'minutes', label: 'No telemetry for (minutes)', type: 'number' }],
  'custom-threshold': [
    { name: 'metric', label: 'Metric', type: 'text' },
    { name: 'op', label: 'Comparison', type: 'op' },
    { name: 'threshold', label: 'Threshold', type: 'number' },
  ],
};

/** The params object of a rule form: empty fields left out, numbers as numbers. */
export function ruleParamsOf(
  kind: AlertRuleKind,
  values: Record<string, string>,
): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const field of RULE_PARAM_FIELDS[kind]) {
    const value = values[field.name]?.trim();
    if (!value) continue;
    params[field.name] = field.type === 'number' ? Number(value) : value;
  }
  return params;
}

/** A rule's params as the form's text values. */
export function ruleParamValues(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .map(([name, value]) => [name, String(value)]),
  );
}

export const SILENCE_DURATIONS = [
  { value: '3600', label: '1 hour' },
  { value: '7200', label: '2 hours' },
  { value: '14400', label: '4 hours' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '1 week' },
] as const;

export function silenceEndsAt(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/** Matchers that silence this alert and its repeats: its rule, and its commons and subject when it has them. */
export function matchersForAlert(alert: Pick<Alert, 'labels' | 'rule'>): AlertMatcher[] {
  const matchers: AlertMatcher[] = [{ label: 'rule', op: '=', value: alert.labels.rule ?? alert.rule }];
  for (const label of ['commons', 'subject'])
    if (alert.labels[label]) matchers.push({ label, op: '=', value: alert.labels[label] });
  return matchers;
}

/** "rule=x, commons=y" */
export function describeMatchers(matchers: readonly AlertMatcher[]): string {
  return matchers.map((matcher) => `${matcher.label}${matcher.op}${matcher.value}`).join(', ');
}

export type ChannelKind = CreateAlertChannelRequest['kind'];

export interface ChannelFormValues {
  url: string;
  host: string;
  port: string;
  tls: string;
  username: string;
  from: string;
  to: string;
  /** Write-only: sent only when typed. */
  secret: string;
  slackUrl: string;
  password: string;
  minSeverity: string;
  groupWaitSeconds: string;
}

export const EMPTY_CHANNEL_FORM: ChannelFormValues = {
  url: '',
  host: '',
  port: '',
  tls: '',
  username: '',
  from: '',
  to: '',
  secret: '',
  slackUrl: '',
  password: '',
  minSeverity: '',
  groupWaitSeconds: '',
};

/** A channel's public settings as form values (the secrets stay empty: never shown). */
export function channelFormValues(
  config: Record<string, unknown>,
  route: Record<string, unknown>,
): ChannelFormValues {
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  return {
    ...EMPTY_CHANNEL_FORM,
    url: text(config.url),
    host: text(config.host),
    port: text(config.port),
    tls: text(config.tls),
    username: text(config.username),
    from: text(config.from),
    to: Array.isArray(config.to) ? config.to.join(', ') : '',
    minSeverity: text(route.minSeverity),
    groupWaitSeconds: text(route.groupWaitSeconds),
  };
}

/**
 * The config, secrets and route a channel form sends. Secrets appear only when typed; the route keeps
 * what the form does not edit (matchers, groupBy) from `previousRoute`.
 */
export function channelRequestParts(
  kind: ChannelKind,
  values: ChannelFormValues,
  previousRoute: Record<string, unknown> = {},
) {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  if (kind === 'webhook') {
    if (values.url.trim()) config.url = values.url.trim();
    if (values.secret) secrets.secret = values.secret;
  } else if (kind === 'slack') {
    if (values.slackUrl) secrets.url = values.slackUrl;
  } else {
    if (values.host.trim()) config.host = values.host.trim();
    if (values.port.trim()) config.port = Number(values.port);
    if (values.tls) config.tls = values.tls;
    if (values.username.trim()) config.username = values.username.trim();
    if (values.from.trim()) config.from = values.from.trim();
    const to = values.to
      .split(/[,\s]+/)
      .map((address) => address.trim())
      .filter(Boolean);
    if (to.length) config.to = to;
    if (values.password) secrets.password = values.password;
  }
  const route: Record<string, unknown> = { ...previousRoute };
  delete route.minSeverity;
  delete route.groupWaitSeconds;
  if (values.minSeverity) route.minSeverity = values.minSeverity;
  if (values.groupWaitSeconds.trim()) route.groupWaitSeconds = Number(values.groupWaitSeconds);
  return { config, secrets, route: route as AlertRoute };
}

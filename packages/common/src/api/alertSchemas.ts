// Alerts: per-org rules (built-in kinds and custom thresholds), notification channels (webhook, Slack,
// email; their secrets write-only), silences and maintenance windows, the alerts themselves and the
// delivery log of every notification.
import Type, { type Static } from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { DateTimeInput } from './dateTimeSchemas.ts';
import { Slug } from './orgSchemas.ts';

export const ALERT_RULE_KINDS = [
  'commons-down',
  'service-down',
  'error-rate',
  'latency',
  'certificate-expiring',
  'drift-detected',
  'run-failed',
  'deploy-degraded',
  'telemetry-silent',
  'custom-threshold',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverityName = (typeof ALERT_SEVERITIES)[number];

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;

const ObjectName = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}[a-z0-9]$',
  minLength: 2,
  maxLength: 64,
  description: 'Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter',
});
const Severity = Type.Enum(ALERT_SEVERITIES, { description: 'info, warning or critical' });
const LabelName = Type.String({
  pattern: '^[a-zA-Z_][a-zA-Z0-9_.-]{0,62}$',
  description: 'A label name: letters, digits, _ . -; e.g. commons, severity, team',
});
const Labels = Type.Record(LabelName, Type.String({ maxLength: 200 }), {
  maxProperties: 20,
  description: 'Labels added to every alert of the rule, for routing and silences',
});

export const AlertMatcher = Type.Object(
  {
    label: LabelName,
    op: Type.Enum(['=', '!=', '=~', '!~'], {
      description: '= equals, != differs, =~ matches the regular expression (whole value), !~ does not',
    }),
    value: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type AlertMatcher = Static<typeof AlertMatcher>;

export const AlertRuleParams = Type.Object(
  {
    thresholdPercent: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'error-rate: fire above this % of requests' }),
    ),
    thresholdMs: Type.Optional(
      Type.Number({ minimum: 1, maximum: 600_000, description: 'latency: fire above this p95, in ms' }),
    ),
    days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        description: 'certificate-expiring: fire below this many days',
      }),
    ),
    minutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_080,
        description: 'telemetry-silent: fire after this many minutes',
      }),
    ),
    metric: Type.Optional(
      Type.String({
        pattern: '^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$',
        description: 'custom-threshold: the kept metric, e.g. gen3.requests.rate',
      }),
    ),
    op: Type.Optional(Type.Enum(['>', '>=', '<', '<='], { description: 'custom-threshold: comparison' })),
    threshold: Type.Optional(Type.Number({ description: 'custom-threshold: the value compared with' })),
  },
  { additionalProperties: false },
);

export const CreateAlertRuleRequest = Type.Object(
  {
    name: ObjectName,
    kind: Type.Enum(ALERT_RULE_KINDS, { description: 'Which condition the rule watches' }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    severity: Type.Optional(Severity),
    forSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description: 'How long the condition must hold before the alert fires (e.g. 300: down for 5 minutes)',
      }),
    ),
    params: Type.Optional(AlertRuleParams),
    labels: Type.Optional(Labels),
    commons: Type.Optional(
      Type.Union([CommonsName, Type.Null()], { description: 'Only this commons; every commons when absent' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateAlertRuleRequest = Static<typeof CreateAlertRuleRequest>;

export const UpdateAlertRuleRequest = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    severity: Type.Optional(Severity),
    forSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    params: Type.Optional(AlertRuleParams),
    labels: Type.Optional(Labels),
    commons: Type.Optional(Type.Union([CommonsName, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateAlertRuleRequest = Static<typeof UpdateAlertRuleRequest>;

export const AlertRule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  enabled: Type.Boolean(),
  severity: Type.String(),
  forSeconds: Type.Integer(),
  params: Type.Record(Type.String(), Type.Unknown()),
  labels: Type.Record(Type.String(), Type.String()),
  commons: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type AlertRule = Static<typeof AlertRule>;

export const AlertRoute = Type.Object(
  {
    minSeverity: Type.Optional(Severity),
    matchers: Type.Optional(Type.Array(AlertMatcher, { maxItems: 20 })),
    groupBy: Type.Optional(
      Type.Array(LabelName, {
        maxItems: 10,
        description:
          'Alerts with equal values of these labels go out in one notification (default commons, rule)',
      }),
    ),
    groupWaitSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3600,
        description: 'How long a new group waits for more alerts before it is sent (default 30)',
      }),
    ),
  },
  { additionalProperties: false, description: 'Which alerts the channel receives and how they are grouped' },
);
export type AlertRoute = Static<typeof AlertRoute>;

export const AlertChannelConfig = Type.Object(
  {
    url: Type.Optional(
      Type.String({ format: 'uri', maxLength: 2000, description: 'webhook: the URL CSOC POSTs to' }),
    ),
    host: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'email: SMTP host' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'email: SMTP port' })),
    tls: Type.Optional(
      Type.Enum(['starttls', 'implicit', 'none'], {
        description:
          'email: starttls (required, default), implicit (SMTPS, port 465) or none (a local relay)',
      }),
    ),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'email: SMTP user' })),
    from: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'email: sender' })),
    to: Type.Optional(
      Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
        minItems: 1,
        maxItems: 50,
        description: 'email: recipients',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AlertChannelSecrets = Type.Object(
  {
    secret: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 512,
        writeOnly: true,
        description: 'webhook: HMAC signing key',
      }),
    ),
    url: Type.Optional(
      Type.String({
        minLength: 10,
        maxLength: 2000,
        writeOnly: true,
        description: 'slack: incoming webhook URL',
      }),
    ),
    password: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, writeOnly: true, description: 'email: SMTP password' }),
    ),
  },
  { additionalProperties: false, description: 'Write-only; stored sealed, never shown again' },
);

export const CreateAlertChannelRequest = Type.Object(
  {
    name: ObjectName,
    kind: Type.Enum(ALERT_CHANNEL_KINDS, { description: 'webhook, slack or email' }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    config: Type.Optional(AlertChannelConfig),
    secrets: Type.Optional(AlertChannelSecrets),
    route: Type.Optional(AlertRoute),
  },
  { additionalProperties: false },
);
export type CreateAlertChannelRequest = Static<typeof CreateAlertChannelRequest>;

export const UpdateAlertChannelRequest = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    config: Type.Optional(AlertChannelConfig),
    secrets: Type.Optional(AlertChannelSecrets),
    route: Type.Optional(AlertRoute),
  },
  { additionalProperties: false },
);
export type UpdateAlertChannelRequest = Static<typeof UpdateAlertChannelRequest>;

export const AlertChannel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  enabled: Type.Boolean(),
  config: Type.Record(Type.String(), Type.Unknown()),
  route: Type.Record(Type.String(), Type.Unknown()),
  secretFields: Type.Array(Type.String(), { description: 'Which secrets are set (never their values)' }),
  secretFingerprint: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type AlertChannel = Static<typeof AlertChannel>;

export const AlertTestSendResult = Type.Object({
  delivered: Type.Boolean(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  notificationId: Type.String(),
});

export const CreateAlertSilenceRequest = Type.Object(
  {
    kind: Type.Optional(
      Type.Enum(['silence', 'maintenance'], {
        description: 'maintenance: a planned window for one commons (needs commons); silence by default',
      }),
    ),
    matchers: Type.Optional(Type.Array(AlertMatcher, { maxItems: 20 })),
    commons: Type.Optional(CommonsName),
    startsAt: Type.Optional(DateTimeInput('When it starts (default now)')),
    endsAt: DateTimeInput('When it ends'),
    comment: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for whoever reads it later' }),
  },
  { additionalProperties: false },
);
export type CreateAlertSilenceRequest = Static<typeof CreateAlertSilenceRequest>;

export const AlertSilence = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  matchers: Type.Array(AlertMatcher),
  startsAt: Type.String(),
  endsAt: Type.String(),
  comment: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  active: Type.Boolean(),
});
export type AlertSilence = Static<typeof AlertSilence>;

export const Alert = Type.Object({
  id: Type.String(),
  rule: Type.String(),
  kind: Type.String(),
  state: Type.String({ description: 'pending, firing or resolved' }),
  severity: Type.String(),
  commons: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  summary: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  value: Type.Union([Type.Number(), Type.Null()]),
  activeSince: Type.String(),
  firedAt: Type.Union([Type.String(), Type.Null()]),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  silenced: Type.Boolean({ description: 'An active silence or maintenance window matches it' }),
});
export type Alert = Static<typeof Alert>;

export const AlertListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Enum(['pending', 'firing', 'resolved'], { description: 'Only alerts in this state' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size' })),
    cursor: Type.Optional(
      Type.String({ maxLength: 200, description: 'The nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);

export const AlertDelivery = Type.Object({
  id: Type.String(),
  notificationId: Type.String(),
  channel: Type.String(),
  attempt: Type.Integer(),
  outcome: Type.String({ description: 'delivered, failed or suppressed (silenced)' }),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  alertIds: Type.Array(Type.String()),
  deliveredBy: Type.String({ description: 'Which CSOC process (or test-send) made the attempt' }),
  startedAt: Type.String(),
  durationMs: Type.Integer(),
});
export type AlertDelivery = Static<typeof AlertDelivery>;

export const AlertOrgParams = Type.Object({ org: Slug }, { additionalProperties: false });
export const AlertRuleParamsPath = Type.Object(
  { org: Slug, rule: ObjectName },
  { additionalProperties: false },
);
export const AlertChannelParams = Type.Object(
  { org: Slug, channel: ObjectName },
  { additionalProperties: false },
);
const Id = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[0-9a-f-]+$',
  description: 'An id from a list',
});
export const AlertParams = Type.Object({ org: Slug, alert: Id }, { additionalProperties: false });
export const AlertSilenceParams = Type.Object({ org: Slug, silence: Id }, { additionalProperties: false });

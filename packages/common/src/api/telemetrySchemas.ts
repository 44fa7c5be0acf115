// Telemetry as the API shows it: a commons' ingest credential (the token only once, when issued), the
// org's OTLP forwarding destination (header values write-only), and the kept summary series per service.
import Type, { type Static } from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { Slug } from './orgSchemas.ts';

export const TelemetryWindowName = Type.Union(
  [Type.Literal('1h'), Type.Literal('24h'), Type.Literal('7d'), Type.Literal('30d')],
  { description: '1h: 1-minute steps; 24h: 10 minutes; 7d: 1 hour; 30d: 6 hours' },
);

export const TelemetryCommonsParams = Type.Object(
  { org: Slug, commons: CommonsName },
  { additionalProperties: false },
);

export const TelemetrySeriesQuery = Type.Object(
  {
    service: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9._-]{1,63}$',
        description: 'one service (its OpenTelemetry service.name); all services of the commons when absent',
      }),
    ),
    window: Type.Optional(TelemetryWindowName),
  },
  { additionalProperties: false },
);

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const TelemetrySeriesPoint = Type.Object({
  start: Type.String({ description: 'start of the step (ISO 8601)' }),
  requests: Type.Number(),
  errors: Type.Number({ description: 'requests answered 5xx' }),
  requestsPerSecond: Type.Number(),
  errorRatePercent: NullableNumber,
  p50Ms: NullableNumber,
  p95Ms: NullableNumber,
  p99Ms: NullableNumber,
  logins: Type.Number({ description: 'fence logins (gen3_fence_login)' }),
  downloads: Type.Number({
    description: 'fence presigned download URLs (gen3_fence_presigned_url, action=download)',
  }),
});

export const TelemetrySeriesResponse = Type.Object({
  commons: Type.String(),
  service: Type.Union([Type.String(), Type.Null()]),
  window: TelemetryWindowName,
  stepSeconds: Type.Integer(),
  services: Type.Array(Type.String(), { description: 'services that sent telemetry in the window' }),
  sources: Type.Record(Type.String(), Type.Union([Type.Literal('metrics'), Type.Literal('spans')]), {
    description: 'per service, where request figures came from: metrics, or server spans when it sent none',
  }),
  points: Type.Array(TelemetrySeriesPoint),
  lastReceivedAt: Type.Union([Type.String(), Type.Null()]),
});

export const IngestCredentialStatus = Type.Object({
  commons: Type.String(),
  exists: Type.Boolean(),
  createdAt: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});

export const IssuedIngestCredentialResponse = Type.Object({
  commons: Type.String(),
  token: Type.String({
    description:
      'the ingest credential, shown this once: store it in the commons\u2019 secret manager for its telemetry agent (Authorization: Bearer)',
  }),
  createdAt: Type.String(),
  rotated: Type.Boolean({
    description: 'true when it replaced a previous credential, which stopped working',
  }),
  otlpEndpoint: Type.String({
    description: 'base URL the agent sends OTLP/HTTP to (/v1/metrics, /v1/traces, /v1/logs)',
  }),
});

const HeaderName = Type.String({ pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$" });

export const TelemetryForwardingRequest = Type.Object(
  {
    endpoint: Type.String({
      format: 'uri',
      maxLength: 2000,
      description:
        'OTLP/HTTP base URL of the org\u2019s backend (Alloy, an OpenTelemetry Collector, Mimir/Tempo/Loki gateways); /v1/metrics etc. are appended',
    }),
    headers: Type.Optional(
      Type.Record(HeaderName, Type.String({ maxLength: 4000 }), {
        description:
          'headers sent with every forwarded request (e.g. Authorization); sealed, never shown again',
      }),
    ),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const TelemetryForwarding = Type.Object({
  endpoint: Type.String(),
  enabled: Type.Boolean(),
  headerNames: Type.Array(Type.String(), { description: 'names only; values are write-only' }),
  forwarded: Type.Integer({ description: 'OTLP requests delivered' }),
  failed: Type.Integer({
    description: 'OTLP requests given up: the destination answered a 4xx other than 429, or was refused',
  }),
  dropped: Type.Integer({
    description:
      'OTLP requests dropped unsent because the backlog outgrew CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_BYTES or _HOURS (oldest first)',
  }),
  backlogRequests: Type.Integer({ description: 'OTLP requests waiting to be forwarded (retrying included)' }),
  backlogBytes: Type.Integer({ description: 'their size as received' }),
  oldestQueuedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'when the oldest request waiting was received; null when nothing waits',
  }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});

/** The answer of a test-send to the org's forwarding destination (an empty OTLP metrics export). */
export const TelemetryForwardingTestResult = Type.Object({
  delivered: Type.Boolean({ description: 'true when the destination answered 2xx' }),
  url: Type.String({ description: 'where the test was sent (the endpoint with /v1/metrics appended)' }),
  statusCode: Type.Union([Type.Integer(), Type.Null()], {
    description: 'the destination\u2019s HTTP status; null when it could not be reached',
  }),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'why it was not delivered (never a header value)',
  }),
});
export type TelemetryForwardingTestResult = Static<typeof TelemetryForwardingTestResult>;

export const TelemetryOrgParams = Type.Object({ org: Slug }, { additionalProperties: false });

// Monitoring as the API shows it: the health of a commons and of its services with their reasons, its
// incidents and uptime, and the fleet health overview of an org.
import Type from 'typebox';
import { PageQuery } from './pageSchemas.ts';

export const HealthState = Type.Union(
  [Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('down'), Type.Literal('unknown')],
  {
    description:
      'healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe',
  },
);

export const HealthReason = Type.Object({
  kind: Type.Union([
    Type.Literal('probe'),
    Type.Literal('argocd'),
    Type.Literal('deploy'),
    Type.Literal('run'),
    Type.Literal('drift'),
  ]),
  message: Type.String(),
});

export const ServiceHealth = Type.Object({
  service: Type.String({ description: 'the Gen3 chart, e.g. fence' }),
  state: HealthState,
  reason: Type.String({ description: 'why it is not healthy; empty when it is' }),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  latencyMs: Type.Union([Type.Integer(), Type.Null()]),
  since: Type.String({ description: 'when it entered this state' }),
});

export const CommonsUptimeSummary = Type.Object({
  last30: Type.Union([Type.Number(), Type.Null()], {
    description: 'share of the last 30 days not down, 0-1',
  }),
  last90: Type.Union([Type.Number(), Type.Null()], {
    description: 'share of the last 90 days not down, 0-1',
  }),
});

export const CommonsHealthReport = Type.Object({
  commons: Type.String(),
  state: HealthState,
  reasons: Type.Array(HealthReason),
  since: Type.Union([Type.String(), Type.Null()]),
  checkedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'the last probe; null when never probed',
  }),
  signalsAt: Type.Union([Type.String(), Type.Null()], {
    description:
      'when the deploy, Argo CD and run signals this health includes were read; a client waiting for the ' +
      'health after a change (a finished deploy) waits until signalsAt is later than the change',
  }),
  stale: Type.Boolean({ description: 'true when no probe ran for three intervals (shown as unknown)' }),
  probeLatencyMs: Type.Union([Type.Integer(), Type.Null()]),
  services: Type.Array(ServiceHealth),
  uptime: CommonsUptimeSummary,
});

export const Incident = Type.Object({
  id: Type.String(),
  commons: Type.String(),
  service: Type.Union([Type.String(), Type.Null()], { description: 'null: the commons as a whole' }),
  state: HealthState,
  cause: Type.String(),
  startedAt: Type.String(),
  endedAt: Type.Union([Type.String(), Type.Null()], { description: 'null while it lasts' }),
});

export const IncidentQuery = Type.Object(
  {
    ...PageQuery.properties,
    open: Type.Optional(
      Type.Boolean({ description: 'true: only ongoing incidents; false: only ended ones' }),
    ),
  },
  { additionalProperties: false },
);

export const UptimeReport = Type.Object({
  commons: Type.String(),
  days: Type.Array(
    Type.Object({
      day: Type.String({ description: 'YYYY-MM-DD (UTC)' }),
      uptime: Type.Union([Type.Number(), Type.Null()], { description: 'null: not monitored that day' }),
      downSeconds: Type.Integer(),
    }),
    { description: 'the last 90 days, today last' },
  ),
  ...CommonsUptimeSummary.properties,
});

export const FleetHealth = Type.Object({
  counts: Type.Object({
    healthy: Type.Integer(),
    degraded: Type.Integer(),
    down: Type.Integer(),
    unknown: Type.Integer(),
  }),
  items: Type.Array(
    Type.Object({
      commons: Type.String(),
      state: HealthState,
      reason: Type.String({ description: 'the first reason; empty when healthy' }),
      since: Type.String(),
      checkedAt: Type.String(),
      probeLatencyMs: Type.Union([Type.Integer(), Type.Null()]),
    }),
    { description: 'every monitored commons of the org, by name' },
  ),
  generatedAt: Type.String(),
});

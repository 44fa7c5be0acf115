// Runs: plan, apply (after approval), destroy and drift checks of a commons' infrastructure.
import Type from 'typebox';
import { Slug } from './orgSchemas.ts';

export const RunKindSchema = Type.Union(
  [Type.Literal('plan'), Type.Literal('destroy'), Type.Literal('drift')],
  {
    description:
      'plan: plan then apply after approval; destroy: plan a destroy then apply it after approval; drift: refresh-only check',
  },
);
export const RunStateSchema = Type.Union(
  [
    'queued',
    'running',
    'planned',
    'applying',
    'succeeded',
    'failed',
    'cancelled',
    'discarded',
    'errored',
  ].map((state) => Type.Literal(state)),
);

export const Run = Type.Object({
  id: Type.String(),
  org: Type.String(),
  commons: Type.String(),
  kind: Type.String(),
  state: Type.String(),
  plugin: Type.Object({ name: Type.String(), version: Type.String() }),
  commonsRevision: Type.Integer(),
  requestedBy: Type.String(),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
  approvedAt: Type.Union([Type.String(), Type.Null()]),
  plan: Type.Union([
    Type.Object({
      summary: Type.Object({ add: Type.Integer(), change: Type.Integer(), destroy: Type.Integer() }),
      resources: Type.Array(
        Type.Object({ address: Type.String(), action: Type.String() }, { additionalProperties: true }),
      ),
    }),
    Type.Null(),
  ]),
  driftDetected: Type.Union([Type.Boolean(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  attempt: Type.Integer(),
  cancelRequested: Type.Boolean(),
  simulated: Type.Boolean(),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

export const CreateRunRequest = Type.Object(
  { kind: Type.Optional(RunKindSchema), message: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const RunParams = Type.Object(
  {
    org: Slug,
    runId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }),
  },
  { additionalProperties: false },
);

export const RunListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    commons: Type.Optional(Type.String({ maxLength: 64 })),
    state: Type.Optional(RunStateSchema),
  },
  { additionalProperties: false },
);

export const RunOutputRecord = Type.Object({
  seq: Type.Integer(),
  kind: Type.String({ description: 'log (text chunk), event (plugin event), state (run state change)' }),
  data: Type.Unknown(),
  createdAt: Type.String(),
});

export const RunOutputQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
  },
  { additionalProperties: false },
);

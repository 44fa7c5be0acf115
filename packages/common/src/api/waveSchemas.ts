// Release waves: a label selection of an org's commons moved to a target Gen3 release one release step at
// a time, in stages (a canary, then batches), with a health gate and a soak time between stages (ADR 0043).
import Type from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { OrgParams } from './orgSchemas.ts';

export const WaveName = Type.String({
  pattern: '^[a-z][a-z0-9-]{1,46}[a-z0-9]$',
  description: 'Lower-case letters, digits and dashes; 3 to 48 characters',
});

export const WaveStagesRequest = Type.Object(
  {
    canary: Type.Optional(
      Type.Object(
        {
          commons: Type.Optional(
            Type.Array(CommonsName, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'by name' }),
          ),
          count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'the first N by name' })),
        },
        { additionalProperties: false, description: 'the first stage: commons by name, or a count' },
      ),
    ),
    batch: Type.Optional(
      Type.Object(
        {
          count: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          percent: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 100, description: 'of the commons after the canary' }),
          ),
        },
        {
          additionalProperties: false,
          description: 'each later stage: a count or a percentage; default all',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CreateWaveRequest = Type.Object(
  {
    name: WaveName,
    selector: Type.String({
      maxLength: 1000,
      description: 'label selector of the commons, e.g. env=prod,tier in (large,xl); empty: every commons',
    }),
    targetRelease: Type.String({ pattern: '^\\d{4}\\.\\d{2}$', description: 'Gen3 release YYYY.MM' }),
    stages: Type.Optional(WaveStagesRequest),
    soakSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 604_800, default: 300, description: 'gate held this long' }),
    ),
    maxParallel: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 1,
        description: 'commons of a stage upgrading at once',
      }),
    ),
  },
  { additionalProperties: false },
);

export const WaveState = Type.Union([
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('awaiting_approval'),
  Type.Literal('rolling_back'),
  Type.Literal('completed'),
  Type.Literal('rolled_back'),
]);
export const WaveMemberState = Type.Union([
  Type.Literal('pending'),
  Type.Literal('deferred'),
  Type.Literal('starting'),
  Type.Literal('upgrading'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('skipped'),
  Type.Literal('rolled_back'),
]);

export const WaveMember = Type.Object({
  commons: Type.String(),
  stage: Type.Integer(),
  environment: Type.String(),
  state: WaveMemberState,
  fromRelease: Type.String(),
  release: Type.String({ description: 'the release the commons is at or moving to' }),
  deployId: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
  updatedAt: Type.String(),
});

export const WaveEvent = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  commons: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
  by: Type.Union([Type.String(), Type.Null()]),
});

export const WaveStage = Type.Object({
  index: Type.Integer(),
  name: Type.String({ description: 'canary, batch 1, batch 2, ...' }),
  commons: Type.Integer(),
  needsApproval: Type.Boolean({ description: 'prod commons, and this CSOC requires a second approver' }),
  approvedBy: Type.Union([Type.String(), Type.Null()]),
});

export const Wave = Type.Object({
  id: Type.String(),
  name: Type.String(),
  org: Type.String(),
  selector: Type.String(),
  targetRelease: Type.String(),
  soakSeconds: Type.Integer(),
  maxParallel: Type.Integer(),
  state: WaveState,
  currentStage: Type.Integer(),
  soakStartedAt: Type.Union([Type.String(), Type.Null()]),
  gate: Type.String({ description: 'what the health gate of the current stage waits for, if anything' }),
  pausedReason: Type.Union([Type.String(), Type.Null()]),
  pausedCommons: Type.Union([Type.String(), Type.Null()]),
  stages: Type.Array(WaveStage),
  members: Type.Array(WaveMember),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

export const WaveSummary = Type.Omit(Wave, ['members']);

export const WaveParams = Type.Object(
  { ...OrgParams.properties, wave: WaveName },
  { additionalProperties: false },
);

export const WaveActionRequest = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500, description: 'why: recorded on the timeline' })) },
  { additionalProperties: false },
);

export const WaveSkipRequest = Type.Object(
  {
    commons: CommonsName,
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'why: recorded on the timeline' })),
  },
  { additionalProperties: false },
);

export const WaveEventsResponse = Type.Object({ items: Type.Array(WaveEvent) });

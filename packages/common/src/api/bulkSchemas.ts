// Bulk actions: one plan or drift check per commons of a selection, the summary of what they would change,
// and one approval that lists every plan it approves (ADR 0046).
import Type from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { Run, RunParams } from './runSchemas.ts';

/** The most commons one bulk action starts runs for; larger fleets go in several (or through a wave). */
export const BULK_MAX_COMMONS = 200;

const RunId = RunParams.properties.runId;

export const BulkRunsRequest = Type.Object(
  {
    kind: Type.Union([Type.Literal('plan'), Type.Literal('drift')], {
      description:
        'plan: one plan per commons, each applied only after approval; drift: one drift check each',
    }),
    commons: Type.Optional(
      Type.Array(CommonsName, {
        minItems: 1,
        maxItems: BULK_MAX_COMMONS,
        uniqueItems: true,
        description: 'The commons by name (or labelSelector; one of the two)',
      }),
    ),
    labelSelector: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description:
          'The commons whose labels match, as the commons list takes it: env=prod,tier in (large,xl)',
      }),
    ),
    message: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const BulkFailure = Type.Object({ code: Type.String(), message: Type.String() });

/** One commons of a bulk action: its run, or why none was started. */
export const BulkRunItem = Type.Object({
  commons: Type.String(),
  run: Type.Union([Run, Type.Null()]),
  error: Type.Union([BulkFailure, Type.Null()]),
});

export const BulkSummary = Type.Object({
  commons: Type.Integer({ description: 'commons in the bulk action' }),
  add: Type.Integer(),
  change: Type.Integer(),
  destroy: Type.Integer(),
  planned: Type.Integer({ description: 'plans waiting for approval' }),
  inProgress: Type.Integer({ description: 'runs queued, running or applying' }),
  succeeded: Type.Integer(),
  failed: Type.Integer({ description: 'runs that failed, errored, or were cancelled or discarded' }),
  driftDetected: Type.Integer({ description: 'drift checks that found drift' }),
  notStarted: Type.Integer({ description: 'commons for which no run could be started' }),
});

export const BulkRuns = Type.Object({
  items: Type.Array(BulkRunItem),
  summary: BulkSummary,
});

export const BulkRunsQuery = Type.Object(
  {
    runs: Type.String({
      minLength: 36,
      maxLength: BULK_MAX_COMMONS * 37,
      pattern: '^[0-9a-f-]{36}(,[0-9a-f-]{36})*$',
      description: "Comma-separated run ids: the bulk action's runs",
    }),
  },
  { additionalProperties: false },
);

export const BulkApproveRequest = Type.Object(
  {
    runs: Type.Array(
      Type.Object(
        {
          id: RunId,
          version: Type.Integer({
            minimum: 1,
            description:
              'the version of the run the approver read: a plan that changed since is not approved',
          }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: BULK_MAX_COMMONS, description: 'every plan approved, as read' },
    ),
  },
  { additionalProperties: false },
);

// The API shapes of cluster actions: the five Gen3 operations (and nothing else), the request with its
// typed confirmation, and the stored action as users read it.
import { CommonsName, Slug } from '@csoc/common';
import Type, { type Static } from 'typebox';
import type { ClusterActionsTable } from './clusterActionTables.ts';

export const ClusterActionKindSchema = Type.Union(
  [
    Type.Literal('restart'),
    Type.Literal('usersync'),
    Type.Literal('etl'),
    Type.Literal('db-migrate'),
    Type.Literal('cronjob'),
  ],
  { description: 'restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now' },
);

export const ClusterActionRequest = Type.Object(
  {
    action: ClusterActionKindSchema,
    target: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$',
        maxLength: 253,
        description: 'the Deployment (restart) or CronJob (cronjob) to act on; not used by the other actions',
      }),
    ),
    confirm: Type.String({ maxLength: 64, description: "the commons' name, typed to confirm" }),
  },
  { additionalProperties: false },
);
export type ClusterActionRequest = Static<typeof ClusterActionRequest>;

export const ClusterActionParams = Type.Object(
  { org: Slug, commons: CommonsName },
  { additionalProperties: false },
);
export const ClusterActionIdParams = Type.Object(
  { org: Slug, commons: CommonsName, id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
  { additionalProperties: false },
);

const NullableString = (description?: string) =>
  Type.Union([Type.String(description ? { description } : {}), Type.Null()]);

export const ClusterActionSummary = Type.Object({
  id: Type.String(),
  commons: Type.String(),
  action: ClusterActionKindSchema,
  target: NullableString(),
  state: Type.Union([
    Type.Literal('pending-approval'),
    Type.Literal('running'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
  ]),
  requestedBy: Type.String(),
  approvedBy: NullableString(),
  job: NullableString('the Job the agent created (job actions)'),
  result: NullableString('how it ended, in a sentence'),
  outputBytes: Type.Integer({ description: 'bytes of output so far (the last 64 KiB are kept)' }),
  createdAt: Type.String(),
  startedAt: NullableString(),
  finishedAt: NullableString(),
});
export const ClusterAction = Type.Object({
  ...ClusterActionSummary.properties,
  output: Type.String({ description: 'the last 64 KiB of the output' }),
});
export const ClusterActionList = Type.Object({ actions: Type.Array(ClusterActionSummary) });

export function toClusterActionSummary(
  row: Omit<ClusterActionsTable, 'output'>,
): Static<typeof ClusterActionSummary> {
  return {
    id: row.id,
    commons: row.commons_name,
    action: row.action,
    target: row.target,
    state: row.state,
    requestedBy: row.requested_by_label,
    approvedBy: row.approved_by_label,
    job: row.job_name,
    result: row.result_message,
    outputBytes: Number(row.output_bytes),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toClusterAction(row: ClusterActionsTable): Static<typeof ClusterAction> {
  return { ...toClusterActionSummary(row), output: row.output };
}

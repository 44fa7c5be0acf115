// The Gen3 jobs an operator may run, by purpose, and the chart CronJob each is created from. Names as the
// gen3-helm charts ship them (uc-cdis/gen3-helm @42cc46b): all three are CronJobs, the migration one
// suspended with an impossible schedule precisely so that it only ever runs when someone creates a Job from it.
import type { JobTemplate } from '@csoc/common/agent-protocol';

export const GEN3_JOB_CRONJOBS: Record<
  Exclude<JobTemplate, 'cronjob'>,
  { cronJob: string; chart: string }
> = {
  /** fence/templates/usersync-cron.yaml: syncs user.yaml (and dbGaP) into Arborist/Fence. */
  usersync: { cronJob: 'usersync', chart: 'fence' },
  /** etl/templates/etl-job.yaml: tube's ETL, which builds the Elasticsearch indices Guppy serves. */
  etl: { cronJob: 'etl-cronjob', chart: 'etl' },
  /** fence/templates/fence-db-migrate-job.yaml: Fence's database migrations (schedule "0 0 31 2 *", suspended). */
  'db-migrate': { cronJob: 'fence-db-migrate-cronjob', chart: 'fence' },
};

/** The label every Job the agent creates carries, valued with the template: how CSOC and operators find them. */
export const ACTION_LABEL = 'csoc.io/action';

// The tables owned by agents/actions/ (migration 0028): one row per Gen3 operation asked of a commons'
// agent, and the saved versions of each commons' user.yaml. Other areas read it through clusterActionStore.ts.

export type ClusterActionKind = 'restart' | 'usersync' | 'etl' | 'db-migrate' | 'cronjob';
export type ClusterActionState = 'pending-approval' | 'running' | 'succeeded' | 'failed';

export interface ClusterActionsTable {
  id: string;
  org_id: string;
  commons_id: string;
  commons_name: string;
  action: ClusterActionKind;
  /** The Deployment (restart) or CronJob (cronjob) acted on; null for the fixed Gen3 jobs. */
  target: string | null;
  state: ClusterActionState;
  requested_by_id: string;
  requested_by_label: string;
  approved_by_id: string | null;
  approved_by_label: string | null;
  /** The Job the agent created (job actions). */
  job_name: string | null;
  /** The last OUTPUT_LIMIT_BYTES of the output. */
  output: string;
  /** Bytes ever appended; the output ends at this offset. PostgreSQL returns bigint as a string. */
  output_bytes: number | string;
  result_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Renewed while a CSOC process runs the action; stale means that process is gone (any replica sees it). */
  heartbeat_at: string | null;
}

export interface UserYamlVersionsTable {
  id: string;
  org_id: string;
  commons_id: string;
  /** 1 for the first saved user.yaml of the commons, then one more per edit. */
  version: number;
  content: string;
  sha256: string;
  saved_by: string;
  saved_at: string;
  usersync_action_id: string | null;
  /** Where its rollout is (migration 0030, ADR 0078); rows saved before that read 'saved'. */
  state: UserYamlState;
  /** Why it ended where it did (a failed deploy, a usersync not run), in a sentence; null while it goes on. */
  state_message: string | null;
  saved_by_id: string | null;
  approved_by_id: string | null;
  approved_by: string | null;
  /** The deploy that carries it to the commons. */
  deploy_id: string | null;
}

/**
 * pending-approval (prod: a second person must approve) → deploying (its deploy is committed and followed)
 * → usersync (the deploy is Synced and Healthy; the usersync action runs) → done; or deploy-failed (no
 * usersync), usersync-failed, superseded (a newer save took over before this one's usersync). 'saved': a row
 * from before migration 0030.
 */
export type UserYamlState =
  | 'saved'
  | 'pending-approval'
  | 'deploying'
  | 'usersync'
  | 'done'
  | 'deploy-failed'
  | 'usersync-failed'
  | 'superseded';

export interface ClusterActionTables {
  cluster_actions: ClusterActionsTable;
  user_yaml_versions: UserYamlVersionsTable;
}

// Tables owned by the runs area. The runs table is also the work queue (lease-based claiming).
import type { SealedColumns } from '../credentials/sealedColumns.ts';

/**
 * `store-ingest-credential` and `store-agent-join-token` run no Terraform: they write a commons' OTLP ingest
 * credential or its csoc-agent join token into the secret manager (runDelivery.ts, secretEntryDelivery.ts).
 */
export type RunKind = 'plan' | 'destroy' | 'drift' | 'store-ingest-credential' | 'store-agent-join-token';
export type RunState =
  | 'queued'
  | 'running'
  | 'planned'
  | 'applying'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'discarded'
  | 'errored';

export interface RunsTable {
  id: string;
  org_id: string;
  /** Not a foreign key: a run outlives a deleted commons in the history. */
  commons_id: string;
  commons_name: string;
  kind: RunKind;
  state: RunState;
  plugin_name: string;
  plugin_version: string;
  commons_revision: number;
  /** The inputs the run plans with (validated when the run was created), JSON. */
  inputs: string;
  account_name: string;
  requested_by: string;
  requested_by_id: string;
  approved_by: string | null;
  approved_at: string | null;
  /** Plan summary {add, change, destroy} and planned resources, JSON. */
  plan_summary: string | null;
  /** The latest state serial when the plan was made: a plan goes stale when it moves. */
  planned_state_serial: number | null;
  drift_detected: number | null;
  /** One sentence on how the run ended, or null while it runs. */
  result_message: string | null;
  exit_code: number | null;
  /** Worker holding the run and until when; heartbeats extend it; expired leases are reclaimed. */
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempt: number;
  /** sha256 of the run-scoped state-backend token, valid only while the run executes. */
  state_token_hash: string | null;
  cancel_requested_at: string | null;
  cancel_requested_by: string | null;
  timeout_seconds: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  version: number;
  /** W3C trace context (JSON) of the request that created or approved the run; null when not traced. */
  trace_context: string | null;
}

/** Everything a run printed and reported, in order: log text chunks, plugin events, state changes. */
export interface RunOutputTable {
  id: string;
  run_id: string;
  seq: number;
  kind: 'log' | 'event' | 'state';
  data: string;
  created_at: string;
}

/** The saved plan file of a run, sealed (plan files can hold sensitive values). */
export interface RunArtifactsTable extends SealedColumns {
  id: string;
  run_id: string;
  name: string;
  size: number;
  created_at: string;
}

export interface RunTables {
  runs: RunsTable;
  run_output: RunOutputTable;
  run_artifacts: RunArtifactsTable;
}

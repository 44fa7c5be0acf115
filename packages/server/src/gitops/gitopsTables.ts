// Tables owned by the gitops area: every deploy of a commons (what was committed, by whom, and how Argo CD
// took it) and the per-org read tokens Argo CD uses to pull an org's GitOps repository.

export type DeployStatus =
  | 'committed'
  | 'unchanged'
  | 'syncing'
  | 'healthy'
  | 'degraded'
  | 'timeout'
  | 'failed'
  /** Gen3 leaving the commons before a destroy (removeGen3Deployment.ts): files removed, Argo CD pruning. */
  | 'removing'
  | 'removed';

export interface DeploysTable {
  id: string;
  org_id: string;
  commons_id: string;
  /** The commons revision whose spec was rendered. */
  revision: number;
  /** The Gen3 release of that revision. */
  release: string;
  /** The commit pushed to the GitOps repository; null when nothing changed or the push failed. */
  commit_sha: string | null;
  /** Unified diff of the commit (file paths relative to the repository root). */
  diff: string;
  status: DeployStatus;
  /** Short human explanation of the current status (the remote's message on failure). */
  message: string;
  /** JSON array of {at, status, message}. */
  timeline: string;
  requested_by: string;
  requested_by_id: string;
  created_at: string;
  finished_at: string | null;
  /** The CSOC process following the deploy in Argo CD, and until when (deployFollowLease.ts). */
  follower_id: string | null;
  follower_lease_expires_at: string | null;
  /** W3C trace context (JSON) of the request that started the deploy; null when not traced (ADR 0039). */
  trace_context: string | null;
  /** When a probe first found the commons healthy after this traced deploy (that probe is traced once). */
  healthy_probe_traced_at: string | null;
}

export interface GitopsReadTokensTable {
  id: string;
  org_id: string;
  name: string;
  /** sha256 hex of the token; the token itself is shown once. */
  token_hash: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
}

export interface GitopsTables {
  deploys: DeploysTable;
  gitops_read_tokens: GitopsReadTokensTable;
}

// Tables owned by the commons area: the current spec of each commons, its immutable revisions and its
// labels as rows.

export interface CommonsTable {
  id: string;
  org_id: string;
  name: string;
  environment: 'dev' | 'staging' | 'prod';
  plugin_name: string;
  plugin_version: string;
  account_name: string;
  /** The whole spec (with the plugin version pinned), JSON. */
  spec: string;
  labels: string;
  revision: number;
  /** none: never applied; provisioned: an apply succeeded; destroyed: a destroy succeeded. */
  infra_status: 'none' | 'provisioned' | 'destroyed';
  /** The plugin outputs of the last successful apply, JSON (non-secret by contract). */
  outputs: string;
  deletion_requested_by: string | null;
  deletion_requested_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CommonsRevisionsTable {
  id: string;
  commons_id: string;
  number: number;
  spec: string;
  author_id: string;
  author_label: string;
  message: string;
  created_at: string;
}

/** One label of a commons, a copy of commons.labels kept for selecting by label in SQL. */
export interface CommonsLabelsTable {
  commons_id: string;
  key: string;
  value: string;
}

export interface CommonsTables {
  commons: CommonsTable;
  commons_revisions: CommonsRevisionsTable;
  commons_labels: CommonsLabelsTable;
}

// Tables owned by the audit area: the append-only, hash-chained event log and its chain anchor.

export interface AuditEventsTable {
  id: string;
  /** Position in the chain; strictly increasing, assigned under a lock. */
  seq: number;
  time: string;
  actor_kind: 'user' | 'token' | 'anonymous' | 'system';
  actor_id: string | null;
  /** Email, token name or 'system': readable without joins, kept even if the user is deleted. */
  actor_label: string;
  org_id: string | null;
  action: string;
  target: string;
  outcome: 'success' | 'failure' | 'denied';
  status_code: number | null;
  request_id: string | null;
  source_ip: string | null;
  /** JSON summary of the change, secrets already removed. */
  summary: string;
  prev_hash: string;
  hash: string;
}

/** Where verification starts after retention pruned older events. */
export interface AuditAnchorTable {
  id: number;
  seq: number;
  hash: string;
  pruned_at: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_anchor: AuditAnchorTable;
}

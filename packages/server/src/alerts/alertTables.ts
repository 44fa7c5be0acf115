// Tables owned by the alerts area (migration 0013): rules and channels per org, the alerts the engine
// opened, silences and maintenance windows, the notification outbox and the delivery log.
import type { SealedColumns } from '../credentials/sealedColumns.ts';

export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertState = 'pending' | 'firing' | 'resolved';
export type AlertChannelKind = 'webhook' | 'slack' | 'email';
export type NotificationStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'suppressed';

export interface AlertRulesTable {
  id: string;
  org_id: string;
  name: string;
  /** One of ALERT_RULE_KINDS (alertRuleKinds.ts). */
  kind: string;
  enabled: number;
  severity: AlertSeverity;
  /** How long the condition must hold before the alert fires ("down for N minutes"). */
  for_seconds: number;
  /** The kind's thresholds, JSON. */
  params: string;
  /** Labels added to every alert of the rule (routing), JSON object. */
  labels: string;
  /** Only this commons, or every commons of the org when null. */
  commons_name: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AlertChannelsTable extends SealedColumns {
  id: string;
  org_id: string;
  name: string;
  kind: AlertChannelKind;
  enabled: number;
  /** Public settings of the kind (email host, recipients...), JSON; the secrets are sealed. */
  config: string;
  /** Which alerts it receives: {minSeverity, matchers, groupBy, groupWaitSeconds}, JSON. */
  route: string;
  secret_fingerprint: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AlertsTable {
  id: string;
  org_id: string;
  rule_id: string;
  rule_name: string;
  kind: string;
  commons_id: string | null;
  commons_name: string | null;
  /** What within the commons (a service, a run, a host); '' for the commons as a whole. */
  subject: string;
  /** sha256 of rule, commons and subject: the same condition is the same alert (deduplication). */
  fingerprint: string;
  open_fingerprint: string | null;
  state: AlertState;
  severity: AlertSeverity;
  summary: string;
  labels: string;
  value: number | null;
  active_since: string;
  /** When a pending alert fires if its condition still holds. */
  fires_at: string;
  fired_at: string | null;
  resolved_at: string | null;
  last_observed_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  updated_at: string;
  version: number;
}

export interface AlertSilencesTable {
  id: string;
  org_id: string;
  /** A maintenance window is a silence of one commons, usually planned ahead. */
  kind: 'silence' | 'maintenance';
  /** [{label, op, value}], JSON; every matcher must match. */
  matchers: string;
  starts_at: string;
  ends_at: string;
  comment: string;
  created_by: string;
  created_at: string;
}

export interface AlertNotificationsTable {
  id: string;
  org_id: string;
  channel_id: string;
  group_key: string;
  /** [{alertId, event: 'firing' | 'resolved'}], JSON. */
  items: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
  version: number;
}

export interface AlertDeliveriesTable {
  id: string;
  org_id: string;
  notification_id: string;
  channel_id: string;
  channel_name: string;
  attempt: number;
  outcome: 'delivered' | 'failed' | 'suppressed';
  status_code: number | null;
  /** What went wrong, with every channel secret removed. */
  error: string | null;
  alert_ids: string;
  delivered_by: string;
  started_at: string;
  duration_ms: number;
}

export interface AlertSourceCursorsTable {
  /** e.g. monitor-health-transitions */
  source: string;
  /** The id of the last item handled (ids are time-ordered). */
  cursor: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  updated_at: string;
}

export interface AlertTables {
  alert_source_cursors: AlertSourceCursorsTable;
  alert_rules: AlertRulesTable;
  alert_channels: AlertChannelsTable;
  alerts: AlertsTable;
  alert_silences: AlertSilencesTable;
  alert_notifications: AlertNotificationsTable;
  alert_deliveries: AlertDeliveriesTable;
}

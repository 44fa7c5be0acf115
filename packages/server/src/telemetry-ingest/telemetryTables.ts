// Tables owned by telemetry-ingest (migrations 0015, 0024): the per-commons OTLP ingest credential (hash
// only), the bounded per-service summary in time buckets, the cumulative-to-delta cursors of incoming
// series, the last time each commons sent telemetry (telemetry-silent alerts), an org's forwarding
// destination, and the outbox of OTLP requests waiting to be forwarded.
import type { SealedColumns } from '../credentials/sealedColumns.ts';

export interface TelemetryIngestCredentialsTable {
  id: string;
  org_id: string;
  commons_id: string;
  /** sha256 of the whole token, hex: the token itself is shown once and never stored. */
  token_hash: string;
  created_by: string;
  created_at: string;
}

export type TelemetryResolution = '1m' | '1h';
export type TelemetrySource = 'metrics' | 'spans';

export interface TelemetryBucketsTable {
  commons_id: string;
  org_id: string;
  service: string;
  /** metrics: request histograms and fence counters; spans: server spans (read when metrics are absent). */
  source: TelemetrySource;
  resolution: TelemetryResolution;
  /** ISO start of the minute or hour. */
  bucket_start: string;
  requests: number;
  errors: number;
  latency_sum_ms: number;
  /** JSON array of counts on LATENCY_BOUNDS_MS (latencyBins.ts). */
  latency_bins: string;
  logins: number;
  downloads: number;
}

export interface TelemetryStreamCursorsTable {
  commons_id: string;
  stream_key: string;
  /** Start of the cumulative series (ms); a new start means the sender restarted. */
  start_time_ms: number;
  value: number;
  latency_sum_ms: number;
  latency_bins: string;
  seen_at: string;
}

export interface TelemetryCommonsActivityTable {
  commons_id: string;
  org_id: string;
  first_received_at: string;
  last_received_at: string;
  /** Minutes of silence last reported to the alert engine (so a silent commons is reported as it grows). */
  silent_minutes_reported: number;
}

export interface TelemetryForwardersTable extends SealedColumns {
  /** Master-key rotation walks sealed rows by id (credentials/rewrapSealedBlobs.ts). */
  id: string;
  org_id: string;
  /** OTLP/HTTP base URL; /v1/metrics, /v1/traces, /v1/logs are appended. */
  endpoint: string;
  enabled: number;
  /** Header names whose values are sealed (JSON array). */
  header_names: string;
  forwarded: number;
  failed: number;
  dropped: number;
  last_error: string | null;
  last_error_at: string | null;
  created_by: string;
  updated_at: string;
}

export type ForwardOutboxStatus = 'pending' | 'sending';

/** One accepted OTLP request waiting to be forwarded (migration 0024, otlpForwardOutbox.ts). */
export interface TelemetryForwardOutboxTable {
  id: string;
  org_id: string;
  signal: string;
  content_type: string;
  content_encoding: string | null;
  /** base64 of the body exactly as received. */
  body: string;
  /** Length of the body as received (the backlog bound counts these). */
  body_bytes: number;
  status: ForwardOutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  version: number;
}

export interface TelemetryTables {
  telemetry_ingest_credentials: TelemetryIngestCredentialsTable;
  telemetry_buckets: TelemetryBucketsTable;
  telemetry_stream_cursors: TelemetryStreamCursorsTable;
  telemetry_commons_activity: TelemetryCommonsActivityTable;
  telemetry_forwarders: TelemetryForwardersTable;
  telemetry_forward_outbox: TelemetryForwardOutboxTable;
}

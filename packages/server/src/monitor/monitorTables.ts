// Tables owned by the monitor area: probe shard leases, the processes taking part in probing, the current
// health of each deployed commons, and its history (health transitions and incidents).

/** healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no data. */
export type HealthState = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface MonitorProbeShardsTable {
  shard: number;
  /** The prober (one CSOC process) probing the commons of this shard, until lease_expires_at. */
  holder: string | null;
  lease_expires_at: string | null;
}

export interface MonitorProbersTable {
  /** One id per CSOC process taking part in probing. */
  id: string;
  /** Its last heartbeat; processes seen within one lease share the shards fairly. */
  seen_at: string;
}

export interface MonitorCommonsHealthTable {
  commons_id: string;
  org_id: string;
  /** Kept beside the id so the fleet overview is one query on this table. */
  commons_name: string;
  state: HealthState;
  /** JSON array of {kind, message}: why the commons is not healthy (empty when it is). */
  reasons: string;
  /** JSON array of {service, state, reason, httpStatus, latencyMs, since}. */
  services: string;
  /** When the commons entered its current state. */
  since: string;
  /** The last probe; a commons not probed for three intervals reads as unknown. */
  checked_at: string;
  probe_ms: number | null;
  /**
   * When the signals (Argo CD, last deploy, run, drift) the last probe judged with were read; null in rows
   * written before it was recorded. A consumer waiting on a change counts only verdicts read after it.
   */
  signals_at: string | null;
  /** The first probe: uptime counts from here. */
  monitored_since: string;
}

export interface MonitorIncidentsTable {
  id: string;
  org_id: string;
  commons_id: string;
  commons_name: string;
  /** null: the commons as a whole; else the Gen3 service (chart name). */
  service: string | null;
  /** The state of the incident: degraded, down or unknown. */
  state: HealthState;
  cause: string;
  started_at: string;
  /** null while it lasts. */
  ended_at: string | null;
}

export interface MonitorHealthTransitionsTable {
  id: string;
  org_id: string;
  commons_id: string;
  commons_name: string;
  service: string | null;
  from_state: HealthState;
  to_state: HealthState;
  reason: string;
  at: string;
}

export interface MonitorTables {
  monitor_probe_shards: MonitorProbeShardsTable;
  monitor_probers: MonitorProbersTable;
  monitor_commons_health: MonitorCommonsHealthTable;
  monitor_incidents: MonitorIncidentsTable;
  monitor_health_transitions: MonitorHealthTransitionsTable;
}

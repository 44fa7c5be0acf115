// The drift schedule's table: when each provisioned commons is next due for a drift check, the last check
// it started, and which CSOC process holds the commons while it starts one (a lease).

export interface DriftScheduleTable {
  commons_id: string;
  org_id: string;
  next_due_at: string;
  last_run_id: string | null;
  holder: string | null;
  lease_expires_at: string | null;
}

export interface DriftScheduleTables {
  drift_schedule: DriftScheduleTable;
}

// Tables owned by the Terraform state backend: every state version (sealed) and the current lock.
import type { SealedColumns } from '../credentials/sealedColumns.ts';

export interface StateVersionsTable extends SealedColumns {
  id: string;
  commons_id: string;
  serial: number;
  lineage: string;
  /** sha256 hex of the state document. */
  checksum: string;
  size: number;
  /** 'run:<id>' for Terraform writes, 'restore:<email>' for admin restores. */
  written_by: string;
  run_id: string | null;
  created_at: string;
}

export interface StateLocksTable {
  commons_id: string;
  lock_id: string;
  /** Terraform's lock info document, JSON. */
  info: string;
  run_id: string | null;
  created_at: string;
}

export interface StateTables {
  state_versions: StateVersionsTable;
  state_locks: StateLocksTable;
}

// Tables owned by the waves area: each wave (its stages frozen at creation, its state and lease), its
// member commons with their state, and the wave's timeline.

export type WaveStateName =
  'running' | 'paused' | 'awaiting_approval' | 'rolling_back' | 'completed' | 'rolled_back';
export type WaveMemberStateName =
  'pending' | 'deferred' | 'starting' | 'upgrading' | 'done' | 'failed' | 'skipped' | 'rolled_back';

export interface WavesTable {
  id: string;
  org_id: string;
  name: string;
  selector: string;
  target_release: string;
  soak_seconds: number;
  max_parallel: number;
  state: WaveStateName;
  current_stage: number;
  /** JSON: [{ name, needsApproval, approvedBy }] per stage. */
  stages: string;
  /** When the current stage's gate last began to hold (the soak counts from here); null while it does not. */
  soak_started_at: string | null;
  /** What the gate waits for, in words; '' when nothing. */
  gate: string;
  paused_reason: string | null;
  paused_commons_id: string | null;
  created_by: string;
  created_by_id: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** The CSOC process advancing the wave, and until when (as deploy following leases deploys). */
  holder: string | null;
  lease_expires_at: string | null;
}

export interface WaveMembersTable {
  wave_id: string;
  commons_id: string;
  commons_name: string;
  environment: string;
  stage: number;
  /** Order within the stage (name order). */
  position: number;
  state: WaveMemberStateName;
  from_release: string;
  /** The release the commons is at, or is moving to while starting/upgrading. */
  release: string;
  deploy_id: string | null;
  message: string;
  updated_at: string;
  /** Bumped by every save: a save from a stale read is refused (waveStore.ts updateWaveMember). */
  version: number;
}

export interface WaveEventsTable {
  id: string;
  wave_id: string;
  at: string;
  kind: string;
  commons_name: string | null;
  message: string;
  by: string | null;
}

export interface WaveTables {
  waves: WavesTable;
  wave_members: WaveMembersTable;
  wave_events: WaveEventsTable;
}

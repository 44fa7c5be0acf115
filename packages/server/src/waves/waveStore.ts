// The waves area's store: create a wave with its members, read waves and their members and timeline, save
// a changed wave or member guarded by its version, and the lease one CSOC process holds while it advances a wave.
import { newId } from '@csoc/common';
import type { Kysely } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, NotFoundError, PreconditionError } from '../errors.ts';
import type { WaveEventsTable, WaveMembersTable, WavesTable } from './waveTables.ts';

/** A stage as the waves table keeps it (JSON). */
export interface StoredStage {
  name: string;
  needsApproval: boolean;
  approvedBy: string | null;
}

export const WAVE_LEASE_MS = 30_000;

export function stagesOf(wave: WavesTable): StoredStage[] {
  return JSON.parse(wave.stages) as StoredStage[];
}

/** Stores a new wave with its members (one transaction); a taken name is a ConflictError. */
export async function insertWave(
  database: CsocDatabase,
  wave: WavesTable,
  members: WaveMembersTable[],
): Promise<void> {
  const taken = await database.db
    .selectFrom('waves')
    .select('id')
    .where('org_id', '=', wave.org_id)
    .where('name', '=', wave.name)
    .executeTakeFirst();
  if (taken)
    throw new ConflictError(
      `A wave "${wave.name}" already exists in this org; pick another name.`,
      'already_exists',
      [{ field: 'body.name', message: 'is taken' }],
    );
  await database.db.transaction().execute(async (trx) => {
    await trx.insertInto('waves').values(wave).execute();
    for (let start = 0; start < members.length; start += 200)
      await trx
        .insertInto('wave_members')
        .values(members.slice(start, start + 200))
        .execute();
    await insertEvent(
      trx,
      wave.id,
      'created',
      null,
      `${members.length} commons in ${stagesOf(wave).length} stages`,
      wave.created_by,
    );
  });
}

async function insertEvent(
  db: Kysely<Database>,
  waveId: string,
  kind: string,
  commonsName: string | null,
  message: string,
  by: string | null,
) {
  const row: WaveEventsTable = {
    id: newId(),
    wave_id: waveId,
    at: nowIso(),
    kind,
    commons_name: commonsName,
    message,
    by,
  };
  await db.insertInto('wave_events').values(row).execute();
}

/** Adds one entry to the wave's timeline. */
export async function recordWaveEvent(
  database: CsocDatabase,
  waveId: string,
  kind: string,
  commonsName: string | null,
  message: string,
  by: string | null = null,
): Promise<void> {
  await insertEvent(database.db, waveId, kind, commonsName, message, by);
}

export async function findWave(database: CsocDatabase, orgId: string, name: string): Promise<WavesTable> {
  const row = await database.db
    .selectFrom('waves')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No wave "${name}" in this organization.`, 'wave_not_found');
  return row;
}

export async function findWaveById(database: CsocDatabase, id: string): Promise<WavesTable | undefined> {
  return database.db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The org's waves, newest first. */
export async function listWaves(database: CsocDatabase, orgId: string, limit: number): Promise<WavesTable[]> {
  return database.db
    .selectFrom('waves')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The members of a wave in stage order, then name order. */
export async function listWaveMembers(database: CsocDatabase, waveId: string): Promise<WaveMembersTable[]> {
  return database.db
    .selectFrom('wave_members')
    .selectAll()
    .where('wave_id', '=', waveId)
    .orderBy('stage')
    .orderBy('position')
    .execute();
}

export async function listWaveEvents(
  database: CsocDatabase,
  waveId: string,
  limit = 500,
): Promise<WaveEventsTable[]> {
  return database.db
    .selectFrom('wave_events')
    .selectAll()
    .where('wave_id', '=', waveId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Someone saved the wave (or the member) between this caller's read and its write, so the write was refused
 * rather than undoing theirs. The engine lets it propagate and looks again at its next tick; a person's
 * command reads again and decides again (waveLifecycle.ts).
 */
export class WaveChangedError extends PreconditionError {
  constructor(
    readonly what: 'wave' | 'member',
    message: string,
  ) {
    super(message, 'wave_changed');
  }
}

type MemberChange = Partial<Pick<WaveMembersTable, 'state' | 'release' | 'deploy_id' | 'message'>>;
type WaveChange = Partial<
  Pick<
    WavesTable,
    'state' | 'current_stage' | 'stages' | 'soak_started_at' | 'gate' | 'paused_reason' | 'paused_commons_id'
  >
>;

/**
 * Member states only the engine enters while it runs the wave: a step starts, or is found failed. The store
 * refuses them once the wave is anything but running, so a pass that read the wave before a person paused
 * it (or rolled it back) starts nothing more and records no failure of its own making.
 */
const ENGINE_ONLY_STATES: WaveMembersTable['state'][] = ['starting', 'failed'];

export interface MemberGuard {
  /** Save only while the wave is in one of these states (checked in the same statement). */
  whileWaveIn?: WavesTable['state'][];
}

async function saveMember(
  db: Kysely<Database>,
  member: WaveMembersTable,
  change: MemberChange,
  guard: MemberGuard,
): Promise<WaveMembersTable> {
  const updated: WaveMembersTable = {
    ...member,
    ...change,
    updated_at: nowIso(),
    version: member.version + 1,
  };
  const whileWaveIn =
    guard.whileWaveIn ??
    (change.state && ENGINE_ONLY_STATES.includes(change.state) ? ['running'] : undefined);
  let update = db
    .updateTable('wave_members')
    .set({ ...change, updated_at: updated.updated_at, version: updated.version })
    .where('wave_id', '=', member.wave_id)
    .where('commons_id', '=', member.commons_id)
    .where('version', '=', member.version);
  if (whileWaveIn)
    update = update.where((eb) =>
      eb.exists(
        eb
          .selectFrom('waves')
          .select('waves.id')
          .whereRef('waves.id', '=', 'wave_members.wave_id')
          .where('waves.state', 'in', whileWaveIn),
      ),
    );
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new WaveChangedError(
      'member',
      `${member.commons_name} (or its wave) changed meanwhile; read the wave again and retry.`,
    );
  return updated;
}

async function saveWave(db: Kysely<Database>, wave: WavesTable, change: WaveChange): Promise<WavesTable> {
  const updated: WavesTable = { ...wave, ...change, updated_at: nowIso(), version: wave.version + 1 };
  const result = await db
    .updateTable('waves')
    .set({ ...change, updated_at: updated.updated_at, version: updated.version })
    .where('id', '=', wave.id)
    .where('version', '=', wave.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new WaveChangedError('wave', `Wave ${wave.name} changed meanwhile; read it again and retry.`);
  return updated;
}

/**
 * Saves a member's new state guarded by the version read (the wave's lease holder or an operator's action
 * writes it): a skip and an engine step never overwrite each other, the loser gets a WaveChangedError.
 * Entering `starting` or `failed` also needs the wave to be running (see ENGINE_ONLY_STATES).
 */
export async function updateWaveMember(
  database: CsocDatabase,
  member: WaveMembersTable,
  change: MemberChange,
  guard: MemberGuard = {},
): Promise<WaveMembersTable> {
  return saveMember(database.db, member, change, guard);
}

/**
 * Saves a change to the wave guarded by the version read: an operator's pause and the engine's advance
 * never overwrite each other (the loser gets a WaveChangedError and reads again).
 */
export async function updateWave(
  database: CsocDatabase,
  wave: WavesTable,
  change: WaveChange,
): Promise<WavesTable> {
  return saveWave(database.db, wave, change);
}

/**
 * Saves the wave's change and its members' changes all or nothing (the wave first, so a member entering
 * `starting` sees the wave already running): a resume never leaves a retried step on a paused wave.
 */
export async function updateWaveWithMembers(
  database: CsocDatabase,
  wave: WavesTable,
  change: WaveChange,
  memberChanges: { member: WaveMembersTable; change: MemberChange }[],
): Promise<WavesTable> {
  return database.db.transaction().execute(async (trx) => {
    const updated = await saveWave(trx, wave, change);
    for (const { member, change: memberChange } of memberChanges)
      await saveMember(trx, member, memberChange, {});
    return updated;
  });
}

/** Running (and rolling back) waves no live lease of another process covers. */
export async function claimableWaves(
  database: CsocDatabase,
  holder: string,
  now = Date.now(),
): Promise<string[]> {
  const rows = await database.db
    .selectFrom('waves')
    .select('id')
    .where('state', 'in', ['running', 'rolling_back'])
    .where((eb) =>
      eb.or([
        eb('holder', 'is', null),
        eb('holder', '=', holder),
        eb('lease_expires_at', '<', new Date(now).toISOString()),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Claims or renews the wave for `holder`; false when another process holds a live lease. */
export async function claimWaveLease(
  database: CsocDatabase,
  waveId: string,
  holder: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await database.db
    .updateTable('waves')
    .set({ holder, lease_expires_at: new Date(now + WAVE_LEASE_MS).toISOString() })
    .where('id', '=', waveId)
    .where((eb) =>
      eb.or([
        eb('holder', 'is', null),
        eb('holder', '=', holder),
        eb('lease_expires_at', '<', new Date(now).toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives up every wave lease of `holder` (at shutdown), so another process takes them over at once. */
export async function releaseWaveLeases(database: CsocDatabase, holder: string): Promise<void> {
  await database.db
    .updateTable('waves')
    .set({ holder: null, lease_expires_at: null })
    .where('holder', '=', holder)
    .execute();
}

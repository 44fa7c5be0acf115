// Terraform state per commons: every version kept (sealed, with serial, lineage and checksum), lineage
// and serial checks on every write, and one lock at a time whose holder is shown to whoever waits.
import { newId } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import type { Vault } from '../credentials/createVault.ts';
import { openBlob, sealBlob } from '../credentials/sealBlob.ts';
import { fromSealedColumns, toSealedColumns } from '../credentials/sealedColumns.ts';
import { ConflictError, InputError, LockedError, NotFoundError } from '../errors.ts';
import type { StateLocksTable, StateVersionsTable } from './stateTables.ts';

export type StateVersionSummary = Omit<
  StateVersionsTable,
  'sealed_ciphertext' | 'sealed_iv' | 'sealed_tag' | 'sealed_wrapped_key' | 'sealed_key_id'
>;

const SUMMARY_COLUMNS = [
  'id',
  'commons_id',
  'serial',
  'lineage',
  'checksum',
  'size',
  'written_by',
  'run_id',
  'created_at',
] as const;

const stateBinding = (versionId: string) => `state-version:${versionId}`;

export async function latestStateVersion(
  database: CsocDatabase,
  commonsId: string,
): Promise<StateVersionSummary | undefined> {
  return database.db
    .selectFrom('state_versions')
    .select(SUMMARY_COLUMNS)
    .where('commons_id', '=', commonsId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function readStateVersion(
  database: CsocDatabase,
  vault: Vault,
  commonsId: string,
  versionId?: string,
): Promise<{ version: StateVersionSummary; body: Buffer } | undefined> {
  let query = database.db.selectFrom('state_versions').selectAll().where('commons_id', '=', commonsId);
  query = versionId ? query.where('id', '=', versionId) : query.orderBy('id', 'desc').limit(1);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const body = await openBlob(vault, stateBinding(row.id), fromSealedColumns(row));
  const {
    sealed_ciphertext: _c,
    sealed_iv: _i,
    sealed_tag: _t,
    sealed_wrapped_key: _w,
    sealed_key_id: _k,
    ...summary
  } = row;
  return { version: { ...summary, serial: Number(summary.serial), size: Number(summary.size) }, body };
}

interface ParsedState {
  serial: number;
  lineage: string;
}

function parseStateDocument(body: Buffer): ParsedState {
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError(
      'The state is not JSON.',
      [{ field: 'body', message: 'is not a Terraform state document' }],
      'invalid_state',
    );
  }
  const { serial, lineage } = (document ?? {}) as { serial?: unknown; lineage?: unknown };
  if (!Number.isInteger(serial) || typeof lineage !== 'string' || lineage === '') {
    throw new InputError(
      'The state has no serial or lineage.',
      [{ field: 'body', message: 'is not a Terraform state document' }],
      'invalid_state',
    );
  }
  return { serial: serial as number, lineage };
}

export interface WriteStateOptions {
  commonsId: string;
  body: Buffer;
  writtenBy: string;
  runId: string | null;
  /** The lock id Terraform sends with a write while it holds the lock (`?ID=`). */
  lockId?: string;
  /** Admin restores write a copy of an old version as the newest, bumping the serial. */
  restore?: boolean;
}

/**
 * Stores a new state version. Refuses (409) a different lineage or a serial below the current one, and a
 * same-serial write with different content; refuses (423) a write while someone else holds the lock.
 */
export async function writeStateVersion(
  database: CsocDatabase,
  vault: Vault,
  options: WriteStateOptions,
): Promise<StateVersionSummary> {
  let body = options.body;
  let parsed = parseStateDocument(body);
  return serializedTransaction(database, `state:${options.commonsId}`, async (trx) => {
    const lock = await trx
      .selectFrom('state_locks')
      .selectAll()
      .where('commons_id', '=', options.commonsId)
      .executeTakeFirst();
    // A restore under someone else's lock would race the running apply, whose next write would then be
    // refused as stale and its state lost: restores wait for the lock like any writer.
    if (lock && options.lockId !== lock.lock_id) {
      throw new LockedError(
        options.restore
          ? 'The state is locked by a running operation; wait for it to finish (or force-unlock a lock you know is stale), then restore.'
          : 'The state is locked by another operation.',
        JSON.parse(lock.info),
        'state_locked',
      );
    }
    const latest = await trx
      .selectFrom('state_versions')
      .select(SUMMARY_COLUMNS)
      .where('commons_id', '=', options.commonsId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const checksum = createHash('sha256').update(body).digest('hex');
    if (latest && !options.restore) {
      if (latest.lineage !== parsed.lineage) {
        throw new ConflictError(
          `The state's lineage ${parsed.lineage} differs from the stored lineage ${latest.lineage}; refusing to replace another state.`,
          'state_lineage_mismatch',
        );
      }
      if (parsed.serial < Number(latest.serial)) {
        throw new ConflictError(
          `The state's serial ${parsed.serial} is older than the stored serial ${latest.serial}.`,
          'state_serial_conflict',
        );
      }
      if (parsed.serial === Number(latest.serial)) {
        if (latest.checksum === checksum)
          return { ...latest, serial: Number(latest.serial), size: Number(latest.size) };
        throw new ConflictError(
          `A different state with serial ${parsed.serial} is already stored.`,
          'state_serial_conflict',
        );
      }
    }
    if (options.restore && latest) {
      // A restored version must move forward, or Terraform would refuse the next write as stale.
      const document = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      document.serial = Number(latest.serial) + 1;
      body = Buffer.from(JSON.stringify(document, null, 2));
      parsed = { serial: Number(latest.serial) + 1, lineage: String(document.lineage) };
    }
    const id = newId();
    const sealed = await sealBlob(vault, stateBinding(id), body);
    const row: StateVersionsTable = {
      id,
      commons_id: options.commonsId,
      serial: parsed.serial,
      lineage: parsed.lineage,
      checksum: createHash('sha256').update(body).digest('hex'),
      size: body.length,
      written_by: options.writtenBy,
      run_id: options.runId,
      created_at: nowIso(),
      ...toSealedColumns(sealed),
    };
    await trx.insertInto('state_versions').values(row).execute();
    const {
      sealed_ciphertext: _c,
      sealed_iv: _i,
      sealed_tag: _t,
      sealed_wrapped_key: _w,
      sealed_key_id: _k,
      ...summary
    } = row;
    return summary;
  });
}

export interface TerraformLockInfo {
  ID: string;
  Operation?: string;
  Info?: string;
  Who?: string;
  Version?: string;
  Created?: string;
  Path?: string;
}

/** Takes the lock, or throws LockedError carrying the holder's lock info (the backend answers 423). */
export async function acquireStateLock(
  database: CsocDatabase,
  commonsId: string,
  info: TerraformLockInfo,
  runId: string | null,
): Promise<void> {
  if (!info?.ID)
    throw new InputError('The lock request has no ID.', [{ field: 'body.ID', message: 'is required' }]);
  await serializedTransaction(database, `state:${commonsId}`, async (trx) => {
    const held = await trx
      .selectFrom('state_locks')
      .selectAll()
      .where('commons_id', '=', commonsId)
      .executeTakeFirst();
    if (held) {
      if (held.lock_id === info.ID) return;
      throw new LockedError(
        `The state is locked (${JSON.parse(held.info).Operation ?? 'operation'} by ${JSON.parse(held.info).Who ?? 'unknown'}).`,
        JSON.parse(held.info),
        'state_locked',
      );
    }
    await trx
      .insertInto('state_locks')
      .values({
        commons_id: commonsId,
        lock_id: info.ID,
        info: JSON.stringify(info),
        run_id: runId,
        created_at: nowIso(),
      })
      .execute();
  });
}

/** Releases the lock held under lockId (or any lock when force is set, for admins and crash recovery). */
export async function releaseStateLock(
  database: CsocDatabase,
  commonsId: string,
  lockId: string | undefined,
  force = false,
): Promise<StateLocksTable | undefined> {
  return serializedTransaction(database, `state:${commonsId}`, async (trx) => {
    const held = await trx
      .selectFrom('state_locks')
      .selectAll()
      .where('commons_id', '=', commonsId)
      .executeTakeFirst();
    if (!held) {
      if (force) throw new NotFoundError('The state is not locked.', 'state_not_locked');
      return undefined;
    }
    if (!force && lockId && held.lock_id !== lockId) {
      throw new LockedError(
        'The state is locked under another lock id.',
        JSON.parse(held.info),
        'state_locked',
      );
    }
    await trx.deleteFrom('state_locks').where('commons_id', '=', commonsId).execute();
    return held;
  });
}

export async function currentStateLock(
  database: CsocDatabase,
  commonsId: string,
): Promise<StateLocksTable | undefined> {
  return database.db
    .selectFrom('state_locks')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
}

/** Releases a lock a run left behind (worker crash or kill), so the next run is not blocked. */
export async function releaseLocksOfRun(database: CsocDatabase, runId: string): Promise<number> {
  const result = await database.db.deleteFrom('state_locks').where('run_id', '=', runId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

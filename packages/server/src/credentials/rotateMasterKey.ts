// Rotates the master key while CSOC runs: only data keys are re-wrapped (and fingerprints recomputed);
// ciphertexts stay. The procedure, and why it is safe with running servers, is in
// docs/operations/master-key-rotation.md.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { fingerprintSecrets, parseSecretJson } from './createVault.ts';
import { EnvelopeError, openSecret, rewrapSecret, type SealedSecret } from './envelope.ts';
import { rewrapSealedBlobsPass } from './rewrapSealedBlobs.ts';
import {
  createKeyFileExclusively,
  generateMasterKey,
  MASTER_KEY_FILE_NAME,
  MasterKeyError,
  parseMasterKey,
  readKeyringFile,
  replaceKeyFile,
  type MasterKey,
} from './masterKeyring.ts';
import { cloudAccountSecretBinding, sealedSecretOf } from './readAccountSecrets.ts';

export interface RotateMasterKeyOptions {
  /** config.masterKey (CSOC_MASTER_KEY / _FILE): when set, the key lives outside CSOC's data dir. */
  masterKey?: string;
  dataDir: string;
  database: CsocDatabase;
  /** Env mode: where the new key is written (or read, when the file exists: resuming, or catching up). */
  newKeyFile?: string;
  /** Extra keys that may still wrap data keys (e.g. the old CSOC_MASTER_KEY after the swap). */
  oldKeyFiles?: string[];
  /** How long running CSOC processes get to notice a changed key file; default 2000 ms. */
  settleMs?: number;
  /** Rows re-wrapped per transaction; default 200. */
  batchSize?: number;
  /** Progress lines for the operator (never key material). */
  log?: (message: string) => void;
}

export interface RotateMasterKeyResult {
  mode: 'file' | 'env';
  newKeyId: string;
  /** Key ids this rotation retired (file mode) or re-wrapped away from. */
  previousKeyIds: string[];
  rewrapped: number;
}

export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationError';
  }
}

interface PassResult {
  rewrapped: number;
  /** Rows that changed under us (a concurrent write); the next pass looks at them again. */
  raced: number;
  /** Rows whose key this rotation does not hold, by key id. */
  unreadable: Map<string, number>;
}

/** One pass over every row not yet wrapped by `target`, in id order, one transaction per batch. */
async function rewrapPass(
  database: CsocDatabase,
  keys: ReadonlyMap<string, MasterKey>,
  target: MasterKey,
  batchSize: number,
): Promise<PassResult> {
  const result: PassResult = { rewrapped: 0, raced: 0, unreadable: new Map() };
  let afterId = '';
  for (;;) {
    const rows = await database.db
      .selectFrom('cloud_accounts')
      .select(['id', 'secret_ciphertext', 'secret_iv', 'secret_tag', 'secret_wrapped_key', 'secret_key_id'])
      .where('secret_key_id', '!=', target.id)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return result;
    afterId = rows[rows.length - 1]!.id;
    // Crypto first, outside the transaction; the transaction only writes, each row guarded by the
    // wrapped key it was read with, so a concurrent change wins and is looked at again next pass.
    const updates: Array<{
      id: string;
      oldWrappedKey: string;
      oldKeyId: string;
      wrappedKey: string;
      fingerprint: string;
    }> = [];
    for (const row of rows) {
      const from = keys.get(row.secret_key_id);
      if (!from) {
        result.unreadable.set(row.secret_key_id, (result.unreadable.get(row.secret_key_id) ?? 0) + 1);
        continue;
      }
      const binding = cloudAccountSecretBinding(row.id);
      const sealed = sealedSecretOf(row);
      let fingerprint: string;
      let rewrapped: SealedSecret;
      try {
        const plaintext = openSecret(sealed, binding, from);
        try {
          fingerprint = fingerprintSecrets(parseSecretJson(plaintext), target);
        } finally {
          plaintext.fill(0);
        }
        rewrapped = rewrapSecret(sealed, binding, from, target);
      } catch (error) {
        if (!(error instanceof EnvelopeError)) throw error;
        throw new RotationError(
          `The secrets of cloud account ${row.id} do not decrypt (${error.message}) No key was dropped. Fix: replace that account's secrets (POST .../accounts/<name>/rotate) or delete it, then run the command again.`,
        );
      }
      updates.push({
        id: row.id,
        oldWrappedKey: row.secret_wrapped_key,
        oldKeyId: row.secret_key_id,
        wrappedKey: rewrapped.wrappedKey,
        fingerprint,
      });
    }
    if (updates.length === 0) continue;
    await database.db.transaction().execute(async (trx) => {
      for (const update of updates) {
        const written = await trx
          .updateTable('cloud_accounts')
          .set({
            secret_wrapped_key: update.wrappedKey,
            secret_key_id: target.id,
            secret_fingerprint: update.fingerprint,
          })
          .where('id', '=', update.id)
          .where('secret_key_id', '=', update.oldKeyId)
          .where('secret_wrapped_key', '=', update.oldWrappedKey)
          .executeTakeFirst();
        if (Number(written.numUpdatedRows) === 1) result.rewrapped += 1;
        else result.raced += 1;
      }
    });
  }
}

/** Passes until nothing is left to re-wrap; throws naming the key ids it could not unwrap. */
async function rewrapAll(
  database: CsocDatabase,
  keys: ReadonlyMap<string, MasterKey>,
  target: MasterKey,
  batchSize: number,
  log: (message: string) => void,
): Promise<number> {
  let total = 0;
  for (let pass = 1; pass <= 20; pass++) {
    const accounts = await rewrapPass(database, keys, target, batchSize);
    const blobs = await rewrapSealedBlobsPass(database, keys, target, batchSize);
    if (blobs.broken.length > 0) {
      throw new RotationError(
        `Some sealed records do not decrypt (${blobs.broken.slice(0, 5).join(', ')}); no key was dropped. Fix: restore them from backup or delete them, then run the command again.`,
      );
    }
    const unreadable = new Map(accounts.unreadable);
    for (const [id, count] of blobs.unreadable) unreadable.set(id, (unreadable.get(id) ?? 0) + count);
    const result = {
      rewrapped: accounts.rewrapped + blobs.rewrapped,
      raced: accounts.raced + blobs.raced,
      unreadable,
    };
    total += result.rewrapped;
    if (result.rewrapped > 0) log(`Re-wrapped ${result.rewrapped} data key(s) to master key ${target.id}.`);
    if (result.unreadable.size > 0) {
      const list = [...result.unreadable].map(([id, count]) => `${count} by ${id}`).join(', ');
      throw new RotationError(
        `Some secrets are wrapped by master keys this command does not hold (${list}). Nothing was lost and no key was dropped. Fix: pass each missing key with --old-key-file <file> and run the command again.`,
      );
    }
    if (result.raced === 0) return total;
  }
  throw new RotationError(
    'Cloud accounts kept changing while re-wrapping; no key was dropped. Run the command again when fewer secrets are being written.',
  );
}

function keyMap(keys: Iterable<MasterKey>): Map<string, MasterKey> {
  const map = new Map<string, MasterKey>();
  for (const key of keys) if (!map.has(key.id)) map.set(key.id, key);
  return map;
}

/** A lock file in the data dir: one rotation at a time. */
function acquireLock(dataDir: string): () => void {
  const file = path.join(dataDir, 'master-key-rotation.lock');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `pid ${process.pid} since ${new Date().toISOString()}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    let holder = '';
    try {
      holder = fs.readFileSync(file, 'utf8').trim();
    } catch {
      // gone already: report it anyway, the operator retries
    }
    throw new RotationError(
      `Another master key rotation holds ${file} (${holder}). If none is running (it crashed), delete that file and run the command again.`,
    );
  }
  return () => fs.rmSync(file, { force: true });
}

function readOldKeys(files: readonly string[]): MasterKey[] {
  return files.flatMap((file) => readKeyringFile(path.resolve(file)));
}

/**
 * Rotates the master key. File mode (no CSOC_MASTER_KEY): writes a new primary into DATA_DIR/master.key
 * keeping the old keys, waits for running processes to pick it up, re-wraps every data key, then drops
 * the old keys and re-wraps anything written with them meanwhile. Env mode: writes the new key to
 * `newKeyFile` and re-wraps every data key to it; the operator then swaps CSOC_MASTER_KEY.
 */
export async function rotateMasterKey(options: RotateMasterKeyOptions): Promise<RotateMasterKeyResult> {
  const log = options.log ?? (() => {});
  const settleMs = options.settleMs ?? 2000;
  const batchSize = options.batchSize ?? 200;
  const oldKeys = readOldKeys(options.oldKeyFiles ?? []);
  const release = acquireLock(options.dataDir);
  try {
    if (options.masterKey) {
      if (!options.newKeyFile)
        throw new RotationError(
          'The master key comes from CSOC_MASTER_KEY (or CSOC_MASTER_KEY_FILE), which this command cannot change. Fix: pass --new-key-file <path> for the new key; the command writes it there (mode 0600) and tells you how to swap the setting.',
        );
      const current = parseMasterKey(options.masterKey, 'CSOC_MASTER_KEY');
      const newKeyFile = path.resolve(options.newKeyFile);
      const created =
        !fs.existsSync(newKeyFile) && createKeyFileExclusively(newKeyFile, [generateMasterKey()]);
      const [newKey] = readKeyringFile(newKeyFile);
      log(
        created
          ? `Generated new master key ${newKey!.id} into ${newKeyFile} (mode 0600).`
          : `Using the master key ${newKey!.id} already in ${newKeyFile}.`,
      );
      const keys = keyMap([newKey!, current, ...oldKeys]);
      const rewrapped = await rewrapAll(options.database, keys, newKey!, batchSize, log);
      return {
        mode: 'env',
        newKeyId: newKey!.id,
        previousKeyIds: [...keys.keys()].filter((id) => id !== newKey!.id),
        rewrapped,
      };
    }

    if (options.newKeyFile)
      throw new RotationError(
        `--new-key-file is only for a key set by CSOC_MASTER_KEY; this CSOC keeps its keys in ${path.join(options.dataDir, MASTER_KEY_FILE_NAME)}, which the command rotates in place. Fix: drop --new-key-file.`,
      );
    const file = path.resolve(options.dataDir, MASTER_KEY_FILE_NAME);
    if (!fs.existsSync(file))
      throw new MasterKeyError(
        `There is no master key file ${file} to rotate. Fix: point CSOC_DATA_DIR at CSOC's data folder (start CSOC once to create the key).`,
      );
    const previous = readKeyringFile(file);
    const newKey = generateMasterKey();
    const keys = keyMap([newKey, ...previous, ...oldKeys]);
    replaceKeyFile(file, [newKey, ...previous]);
    log(
      `Wrote new primary master key ${newKey.id} to ${file}, keeping ${previous.map((key) => key.id).join(', ')} until every data key is re-wrapped.`,
    );
    // Running processes check the key file before every encryption; give writes already under way
    // (which may still use the old primary) time to finish, so the passes below see them.
    await sleep(settleMs);
    let rewrapped = await rewrapAll(options.database, keys, newKey, batchSize, log);
    replaceKeyFile(file, [newKey]);
    log(`Dropped the old master key(s) ${previous.map((key) => key.id).join(', ')} from ${file}.`);
    // A write that picked up the old primary just before the swap could land after the last pass;
    // this rotation still holds the old keys in memory, so it re-wraps such stragglers now.
    await sleep(settleMs);
    rewrapped += await rewrapAll(options.database, keys, newKey, batchSize, log);
    return {
      mode: 'file',
      newKeyId: newKey.id,
      previousKeyIds: previous.map((key) => key.id),
      rewrapped,
    };
  } finally {
    release();
  }
}

// The master keys that wrap every data key of the vault: one from CSOC_MASTER_KEY(_FILE), or a keyring
// file DATA_DIR/master.key (one base64 key per line, primary first) generated at first start.
// Rotation (rotateMasterKey.ts) rewrites that file while CSOC runs; a running process notices the change
// on its next encryption or decryption, and re-reads the file once when it meets a key id it lacks.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_FILE_NAME = 'master.key';
const KEY_BYTES = 32;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;

export interface MasterKey {
  /** First 8 hex of the key's sha256: names the key in the database and in logs, reveals nothing. */
  id: string;
  key: Buffer;
}

export type MasterKeySource = { kind: 'config' } | { kind: 'file'; path: string };

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/** The id of a master key: the first 8 hex digits of its sha256 (`openssl base64 -d | sha256sum`). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function toMasterKey(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) throw new MasterKeyError(`A master key must be ${KEY_BYTES} bytes.`);
  return { id: keyIdOf(key), key };
}

export function generateMasterKey(): MasterKey {
  return toMasterKey(randomBytes(KEY_BYTES));
}

/** Parses a base64 master key (as in CSOC_MASTER_KEY); the error never repeats the value. */
export function parseMasterKey(text: string, where: string): MasterKey {
  const trimmed = text.trim();
  if (!BASE64_KEY.test(trimmed))
    throw new MasterKeyError(`${where} is not base64 of ${KEY_BYTES} bytes. Fix: openssl rand -base64 32.`);
  return toMasterKey(Buffer.from(trimmed, 'base64'));
}

/** Parses a keyring file: one base64 key per line, primary first; blank lines and # comments ignored. */
export function parseKeyringText(text: string, file: string): MasterKey[] {
  const keys: MasterKey[] = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (!BASE64_KEY.test(trimmed)) {
      throw new MasterKeyError(
        `The master key file ${file} line ${index + 1} is not base64 of ${KEY_BYTES} bytes. Fix: restore the file from your backup; do not replace it with a new key, or every stored secret becomes unreadable.`,
      );
    }
    const key = toMasterKey(Buffer.from(trimmed, 'base64'));
    const same = keys.find((existing) => existing.id === key.id);
    if (same && !same.key.equals(key.key))
      throw new MasterKeyError(`The master key file ${file} holds two keys with the id ${key.id}.`);
    if (!same) keys.push(key);
  });
  if (keys.length === 0)
    throw new MasterKeyError(
      `The master key file ${file} holds no key. Fix: restore it from your backup (an empty file is never generated).`,
    );
  return keys;
}

export function formatKeyringText(keys: readonly MasterKey[]): string {
  return keys.map((key) => `${key.key.toString('base64')}\n`).join('');
}

function fsyncDirectory(directory: string): void {
  let handle: number | undefined;
  try {
    handle = fs.openSync(directory, 'r');
    fs.fsyncSync(handle);
  } catch {
    // Some platforms cannot fsync a directory; the rename or link itself is still atomic.
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

function writeTemporaryKeyFile(file: string, keys: readonly MasterKey[]): string {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = fs.openSync(temporary, 'wx', 0o600);
  try {
    // The mode above is subject to the umask; make sure it is exactly owner read/write.
    fs.fchmodSync(handle, 0o600);
    fs.writeSync(handle, formatKeyringText(keys));
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  return temporary;
}

/**
 * Creates `file` holding `keys` (mode 0600) only if it does not exist yet. The content is written to a
 * private temporary file first and then hard-linked into place, so a reader never sees a partial file
 * and, when several processes race, exactly one wins and the others read its key. Returns whether this
 * call created the file.
 */
export function createKeyFileExclusively(file: string, keys: readonly MasterKey[]): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = writeTemporaryKeyFile(file, keys);
  try {
    fs.linkSync(temporary, file);
    fsyncDirectory(path.dirname(file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new MasterKeyError(
      `Cannot create the master key file ${file} (${(error as NodeJS.ErrnoException).code}). Fix: make its folder writable by CSOC on a file system with hard links, or set CSOC_MASTER_KEY_FILE.`,
    );
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Atomically replaces `file` with `keys` (write a 0600 temporary file, fsync, rename over). */
export function replaceKeyFile(file: string, keys: readonly MasterKey[]): void {
  const temporary = writeTemporaryKeyFile(file, keys);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fsyncDirectory(path.dirname(file));
}

interface KeyFileSnapshot {
  keys: MasterKey[];
  stamp: string;
  mode: number;
}

function stampOf(stat: fs.Stats): string {
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function readKeyFile(file: string): KeyFileSnapshot {
  let text: string;
  let stat: fs.Stats;
  try {
    const handle = fs.openSync(file, 'r');
    try {
      stat = fs.fstatSync(handle);
      text = fs.readFileSync(handle, 'utf8');
    } finally {
      fs.closeSync(handle);
    }
  } catch (error) {
    throw new MasterKeyError(
      `Cannot read the master key file ${file} (${(error as NodeJS.ErrnoException).code}). Fix: make it readable by the user CSOC runs as.`,
    );
  }
  return { keys: parseKeyringText(text, file), stamp: stampOf(stat), mode: stat.mode & 0o777 };
}

/** Reads the keys of a keyring file (for the rotation command's --old-key-file and --new-key-file). */
export function readKeyringFile(file: string): MasterKey[] {
  return readKeyFile(file).keys;
}

/**
 * The master keys one CSOC process holds. The primary wraps new data keys; every key unwraps the data
 * keys that name its id. A file-backed keyring follows changes to its file (see the file header).
 */
export class MasterKeyring {
  private keys: MasterKey[];
  private stamp: string | undefined;

  constructor(
    readonly source: MasterKeySource,
    keys: MasterKey[],
    stamp?: string,
    private readonly onWarning: (message: string) => void = () => {},
  ) {
    if (keys.length === 0) throw new MasterKeyError('A keyring needs at least one master key.');
    this.keys = keys;
    this.stamp = stamp;
  }

  get primary(): MasterKey {
    return this.keys[0]!;
  }

  /** The ids of the keys held, primary first. Safe to log. */
  ids(): string[] {
    return this.keys.map((key) => key.id);
  }

  find(id: string): MasterKey | undefined {
    return this.keys.find((key) => key.id === id);
  }

  /** For a file keyring: re-reads the file when it changed since the last read (a cheap stat otherwise). */
  async refresh(): Promise<void> {
    if (this.source.kind !== 'file') return;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.source.path);
    } catch (error) {
      this.onWarning(
        `cannot stat the master key file (${(error as NodeJS.ErrnoException).code}); keeping the keys already loaded`,
      );
      return;
    }
    if (stampOf(stat) !== this.stamp) this.reload();
  }

  /** Finds a key by id; a file keyring that lacks it re-reads its file once before giving up. */
  async resolve(id: string): Promise<MasterKey | undefined> {
    await this.refresh();
    const found = this.find(id);
    if (found || this.source.kind !== 'file') return found;
    this.reload();
    return this.find(id);
  }

  private reload(): void {
    if (this.source.kind !== 'file') return;
    try {
      const snapshot = readKeyFile(this.source.path);
      this.keys = snapshot.keys;
      this.stamp = snapshot.stamp;
    } catch (error) {
      this.onWarning(`${(error as Error).message} Keeping the keys already loaded.`);
    }
  }
}

export interface LoadMasterKeyringOptions {
  /** config.masterKey: base64 of 32 bytes from CSOC_MASTER_KEY or CSOC_MASTER_KEY_FILE. */
  masterKey?: string;
  /** config.dataDir: where master.key lives when no key is configured. */
  dataDir: string;
  /** Called with problems worth an operator's attention (never with key material). */
  onWarning?: (message: string) => void;
}

export interface LoadedMasterKeyring {
  keyring: MasterKeyring;
  /** True when this call generated DATA_DIR/master.key. */
  generated: boolean;
}

/**
 * Loads the keyring: the configured key when there is one, else DATA_DIR/master.key, generating a new
 * random key there (mode 0600) when the file does not exist yet.
 *
 * @example
 * const { keyring } = loadMasterKeyring({ masterKey: config.masterKey, dataDir: config.dataDir });
 * keyring.primary.id; // e.g. '3f9a0c12'
 */
export function loadMasterKeyring(options: LoadMasterKeyringOptions): LoadedMasterKeyring {
  const onWarning = options.onWarning ?? (() => {});
  if (options.masterKey) {
    const key = parseMasterKey(options.masterKey, 'CSOC_MASTER_KEY');
    return { keyring: new MasterKeyring({ kind: 'config' }, [key], undefined, onWarning), generated: false };
  }
  const file = path.resolve(options.dataDir, MASTER_KEY_FILE_NAME);
  const generated = !fs.existsSync(file) && createKeyFileExclusively(file, [generateMasterKey()]);
  const snapshot = readKeyFile(file);
  if ((snapshot.mode & 0o077) !== 0) {
    onWarning(
      `the master key file ${file} is accessible to other users (mode ${snapshot.mode.toString(8)}); run chmod 600 on it`,
    );
  }
  return {
    keyring: new MasterKeyring({ kind: 'file', path: file }, snapshot.keys, snapshot.stamp, onWarning),
    generated,
  };
}

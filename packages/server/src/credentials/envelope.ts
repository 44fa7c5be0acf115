// Envelope encryption: each record's secret is encrypted (AES-256-GCM) with its own random data key, and
// that data key is encrypted ("wrapped", AES-256-GCM too) by a master key. Rotating the master key only
// re-wraps data keys. Both layers authenticate the record they belong to (AAD), so a ciphertext or a
// wrapped key copied into another row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './masterKeyring.ts';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;

/** What is stored for one secret. Binary parts are base64 text, portable across SQLite and PostgreSQL. */
export interface SealedSecret {
  ciphertext: string;
  iv: string;
  tag: string;
  /** iv ‖ encrypted data key ‖ tag, under the master key named by keyId. */
  wrappedKey: string;
  keyId: string;
}

/** A secret that does not decrypt: tampered with, moved to another record, or under another key. */
export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

function dataAad(boundTo: string): Buffer {
  return Buffer.from(`csoc/secret/v1\u0000${boundTo}`, 'utf8');
}

function wrapAad(boundTo: string, keyId: string): Buffer {
  return Buffer.from(`csoc/data-key/v1\u0000${keyId}\u0000${boundTo}`, 'utf8');
}

function encrypt(
  key: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function decrypt(
  key: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
  aad: Buffer,
  what: string,
): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new EnvelopeError(`The ${what} is malformed (wrong iv or tag length).`);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new EnvelopeError(
      `The ${what} does not authenticate: it was altered, belongs to another record, or was encrypted under another key.`,
    );
  }
}

/** Wraps a data key under a master key, for the record `boundTo`. */
export function wrapDataKey(dataKey: Buffer, boundTo: string, masterKey: MasterKey): string {
  const { iv, ciphertext, tag } = encrypt(masterKey.key, dataKey, wrapAad(boundTo, masterKey.id));
  return Buffer.concat([iv, ciphertext, tag]).toString('base64');
}

/** Unwraps a data key; the caller zeroes it (`fill(0)`) when done. */
export function unwrapDataKey(
  sealed: Pick<SealedSecret, 'wrappedKey' | 'keyId'>,
  boundTo: string,
  masterKey: MasterKey,
): Buffer {
  if (masterKey.id !== sealed.keyId)
    throw new EnvelopeError(`The data key is wrapped by master key ${sealed.keyId}, not ${masterKey.id}.`);
  const wrapped = Buffer.from(sealed.wrappedKey, 'base64');
  if (wrapped.length !== IV_BYTES + DATA_KEY_BYTES + TAG_BYTES)
    throw new EnvelopeError('The wrapped data key is malformed (wrong length).');
  return decrypt(
    masterKey.key,
    wrapped.subarray(0, IV_BYTES),
    wrapped.subarray(IV_BYTES, IV_BYTES + DATA_KEY_BYTES),
    wrapped.subarray(IV_BYTES + DATA_KEY_BYTES),
    wrapAad(boundTo, masterKey.id),
    'wrapped data key',
  );
}

/**
 * Encrypts `plaintext` for the record `boundTo` (e.g. `cloud_accounts/<id>`) under a new data key wrapped
 * by `masterKey`.
 *
 * @example
 * const sealed = sealSecret(Buffer.from('{"token":"..."}'), `cloud_accounts/${id}`, keyring.primary);
 * openSecret(sealed, `cloud_accounts/${id}`, keyring.primary).toString(); // '{"token":"..."}'
 */
export function sealSecret(plaintext: Buffer, boundTo: string, masterKey: MasterKey): SealedSecret {
  const dataKey = randomBytes(DATA_KEY_BYTES);
  try {
    const { iv, ciphertext, tag } = encrypt(dataKey, plaintext, dataAad(boundTo));
    return {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: tag.toString('base64'),
      wrappedKey: wrapDataKey(dataKey, boundTo, masterKey),
      keyId: masterKey.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Decrypts what sealSecret returned; throws EnvelopeError when anything does not authenticate. */
export function openSecret(sealed: SealedSecret, boundTo: string, masterKey: MasterKey): Buffer {
  const dataKey = unwrapDataKey(sealed, boundTo, masterKey);
  try {
    return decrypt(
      dataKey,
      Buffer.from(sealed.iv, 'base64'),
      Buffer.from(sealed.ciphertext, 'base64'),
      Buffer.from(sealed.tag, 'base64'),
      dataAad(boundTo),
      'secret',
    );
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps a sealed secret's data key from one master key to another; the ciphertext is unchanged. */
export function rewrapSecret(
  sealed: SealedSecret,
  boundTo: string,
  from: MasterKey,
  to: MasterKey,
): SealedSecret {
  const dataKey = unwrapDataKey(sealed, boundTo, from);
  try {
    return { ...sealed, wrappedKey: wrapDataKey(dataKey, boundTo, to), keyId: to.id };
  } finally {
    dataKey.fill(0);
  }
}

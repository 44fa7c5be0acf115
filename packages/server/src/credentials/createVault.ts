// The vault every area reaches through AppContext: seals a record's secret fields (envelope.ts) under the
// current primary master key, opens them again, and fingerprints them without revealing them.
import { createHmac, hkdfSync } from 'node:crypto';
import type { Logger } from 'pino';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { UnavailableError } from '../errors.ts';
import { openSecret, sealSecret, type SealedSecret } from './envelope.ts';
import { loadMasterKeyring, type MasterKey, type MasterKeyring } from './masterKeyring.ts';

/** Secret fields by name; values are text (keys, tokens, kubeconfigs, JSON key files). */
export type SecretFields = Record<string, string>;

export interface SealedSecrets extends SealedSecret {
  /** `hmac-sha256:<16 hex>` of the canonical secret JSON, keyed by the wrapping master key. */
  fingerprint: string;
}

export interface Vault {
  readonly keyring: MasterKeyring;
  /** Encrypts the secret fields of the record `boundTo` under the current primary master key. */
  sealSecrets(boundTo: string, secrets: SecretFields): Promise<SealedSecrets>;
  /** Decrypts them; a missing master key is an UnavailableError naming the key id (never the key). */
  openSecrets(boundTo: string, sealed: SealedSecret): Promise<SecretFields>;
  /** The fingerprint of secret fields under a given master key (rotation recomputes it). */
  fingerprint(secrets: SecretFields, masterKey: MasterKey): string;
}

/** Secret fields as JSON with sorted keys, so equal secrets give equal fingerprints. */
export function canonicalSecretJson(secrets: SecretFields): string {
  return JSON.stringify(Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : 1))));
}

const fingerprintKeys = new Map<string, Buffer>();

/**
 * A keyed fingerprint: an HMAC under a key derived (HKDF) from the master key, so that a fingerprint
 * shown in the API does not let anyone test guesses of a short secret offline, as a bare hash would.
 */
export function fingerprintSecrets(secrets: SecretFields, masterKey: MasterKey): string {
  let key = fingerprintKeys.get(masterKey.id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterKey.key, Buffer.alloc(0), 'csoc/secret-fingerprint/v1', 32));
    fingerprintKeys.set(masterKey.id, key);
  }
  const digest = createHmac('sha256', key).update(canonicalSecretJson(secrets)).digest('hex');
  return `hmac-sha256:${digest.slice(0, 16)}`;
}

export function parseSecretJson(plaintext: Buffer): SecretFields {
  const parsed = JSON.parse(plaintext.toString('utf8')) as unknown;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('decrypted secrets are not a JSON object');
  return parsed as SecretFields;
}

/** Thrown when stored secrets name a master key this process does not hold. */
export class MasterKeyMissingError extends UnavailableError {
  constructor(
    readonly keyId: string,
    heldKeyIds: string[],
  ) {
    super(
      `Stored secrets are wrapped by master key ${keyId}, which this CSOC process does not hold (it holds ${heldKeyIds.join(', ')}). If the master key was rotated, restart this process with the new key; see docs/operations/master-key-rotation.md.`,
      'master_key_missing',
    );
  }
}

export function vaultFromKeyring(keyring: MasterKeyring): Vault {
  return {
    keyring,
    async sealSecrets(boundTo, secrets) {
      await keyring.refresh();
      const primary = keyring.primary;
      const sealed = sealSecret(Buffer.from(canonicalSecretJson(secrets), 'utf8'), boundTo, primary);
      return { ...sealed, fingerprint: fingerprintSecrets(secrets, primary) };
    },
    async openSecrets(boundTo, sealed) {
      const masterKey = await keyring.resolve(sealed.keyId);
      if (!masterKey) throw new MasterKeyMissingError(sealed.keyId, keyring.ids());
      const plaintext = openSecret(sealed, boundTo, masterKey);
      try {
        return parseSecretJson(plaintext);
      } finally {
        plaintext.fill(0);
      }
    },
    fingerprint: fingerprintSecrets,
  };
}

export interface CreateVaultOptions {
  masterKey?: string;
  dataDir: string;
  logger: Logger;
}

/** Loads (or, at first start, generates) the master keyring and returns the vault around it. */
export function createVault(options: CreateVaultOptions): Vault {
  const { keyring, generated } = loadMasterKeyring({
    masterKey: options.masterKey,
    dataDir: options.dataDir,
    onWarning: (message) => options.logger.warn(message),
  });
  const source = keyring.source.kind === 'file' ? keyring.source.path : 'CSOC_MASTER_KEY';
  options.logger.info(
    { masterKeyIds: keyring.ids(), source },
    generated ? 'generated a new master key (back it up)' : 'master key loaded',
  );
  return vaultFromKeyring(keyring);
}

/** The master key ids that stored secrets name but this process does not hold (worth a warning at start). */
export async function missingMasterKeyIds(database: CsocDatabase, vault: Vault): Promise<string[]> {
  const rows = await database.db.selectFrom('cloud_accounts').select('secret_key_id').distinct().execute();
  const missing: string[] = [];
  for (const row of rows)
    if (!(await vault.keyring.resolve(row.secret_key_id))) missing.push(row.secret_key_id);
  return missing;
}

// Tables owned by the credentials area: an org's cloud accounts, secrets encrypted at rest.
import type { CloudAccountKind } from '@csoc/common';

export interface CloudAccountsTable {
  id: string;
  org_id: string;
  kind: CloudAccountKind;
  /** Unique in the org; a slug. */
  name: string;
  /** JSON object of the kind's public fields. */
  public_fields: string;
  /** JSON array of the names of the secret fields that are set (so reads need not decrypt). */
  secret_fields: string;
  /** The secret fields as canonical JSON, sealed by credentials/envelope.ts; base64 text. */
  secret_ciphertext: string;
  secret_iv: string;
  secret_tag: string;
  /** The record's data key, wrapped by the master key secret_key_id. */
  secret_wrapped_key: string;
  secret_key_id: string;
  /** hmac-sha256:<16 hex> keyed by the master key secret_key_id; never a bare hash of the secret. */
  secret_fingerprint: string;
  secrets_rotated_at: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** The user id of the creator. */
  created_by: string;
}

export interface CredentialTables {
  cloud_accounts: CloudAccountsTable;
}

// The five columns in which a table stores sealed bytes (state versions, plan files), and their mapping
// to a SealedSecret. A leaf module: table types import it without reaching the vault or the database.
import type { SealedSecret } from './envelope.ts';

/** The five sealed columns every table storing sealed bytes carries, under a common prefix. */
export interface SealedColumns {
  sealed_ciphertext: string;
  sealed_iv: string;
  sealed_tag: string;
  sealed_wrapped_key: string;
  sealed_key_id: string;
}

export function toSealedColumns(sealed: SealedSecret): SealedColumns {
  return {
    sealed_ciphertext: sealed.ciphertext,
    sealed_iv: sealed.iv,
    sealed_tag: sealed.tag,
    sealed_wrapped_key: sealed.wrappedKey,
    sealed_key_id: sealed.keyId,
  };
}

export function fromSealedColumns(columns: SealedColumns): SealedSecret {
  return {
    ciphertext: columns.sealed_ciphertext,
    iv: columns.sealed_iv,
    tag: columns.sealed_tag,
    wrappedKey: columns.sealed_wrapped_key,
    keyId: columns.sealed_key_id,
  };
}

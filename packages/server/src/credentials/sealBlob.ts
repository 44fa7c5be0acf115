// Seals arbitrary bytes (Terraform state versions, saved plan files) with the same envelope encryption
// and master keyring as credentials, so one master-key rotation covers every sealed column.
import { MasterKeyMissingError, type Vault } from './createVault.ts';
import { openSecret, sealSecret, type SealedSecret } from './envelope.ts';

export async function sealBlob(vault: Vault, boundTo: string, plaintext: Buffer): Promise<SealedSecret> {
  await vault.keyring.refresh();
  return sealSecret(plaintext, boundTo, vault.keyring.primary);
}

export async function openBlob(vault: Vault, boundTo: string, sealed: SealedSecret): Promise<Buffer> {
  const masterKey = await vault.keyring.resolve(sealed.keyId);
  if (!masterKey) throw new MasterKeyMissingError(sealed.keyId, vault.keyring.ids());
  return openSecret(sealed, boundTo, masterKey);
}

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

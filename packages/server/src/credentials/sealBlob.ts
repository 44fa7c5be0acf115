// Seals arbitrary bytes (Terraform state versions, saved plan files) with the same envelope encryption
// and master keyring as credentials, so one master-key rotation covers every sealed column. The columns
// themselves are in sealedColumns.ts.
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

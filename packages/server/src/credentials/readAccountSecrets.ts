// The one way to get a cloud account's secrets in clear: for the run engine only, never for an API
// response. Also the mapping between a row's secret columns and a sealed secret, shared with rotation.
import type { CloudAccountKind } from '@csoc/common';
import type { AppContext } from '../http/appContext.ts';
import { NotFoundError, UnavailableError } from '../errors.ts';
import type { SecretFields, SealedSecrets } from './createVault.ts';
import type { CloudAccountsTable } from './credentialTables.ts';
import { EnvelopeError, type SealedSecret } from './envelope.ts';

/** What a record's secret is bound to (the AAD): its table and id, so it cannot be moved to another row. */
export function cloudAccountSecretBinding(accountId: string): string {
  return `cloud_accounts/${accountId}`;
}

export function sealedSecretOf(
  row: Pick<
    CloudAccountsTable,
    'secret_ciphertext' | 'secret_iv' | 'secret_tag' | 'secret_wrapped_key' | 'secret_key_id'
  >,
): SealedSecret {
  return {
    ciphertext: row.secret_ciphertext,
    iv: row.secret_iv,
    tag: row.secret_tag,
    wrappedKey: row.secret_wrapped_key,
    keyId: row.secret_key_id,
  };
}

/** The secret columns of a row for newly sealed secrets. */
export function secretColumnsOf(sealed: SealedSecrets, secrets: SecretFields, rotatedAt: string) {
  return {
    secret_fields: JSON.stringify(Object.keys(secrets).sort()),
    secret_ciphertext: sealed.ciphertext,
    secret_iv: sealed.iv,
    secret_tag: sealed.tag,
    secret_wrapped_key: sealed.wrappedKey,
    secret_key_id: sealed.keyId,
    secret_fingerprint: sealed.fingerprint,
    secrets_rotated_at: rotatedAt,
  };
}

export interface AccountSecrets {
  kind: CloudAccountKind;
  public: Record<string, unknown>;
  secrets: SecretFields;
}

/**
 * Decrypts a cloud account's secrets for a run. Call it only from the run engine, as late as possible,
 * and never log, return or persist the result.
 *
 * @example
 * const { kind, public: fields, secrets } = await readAccountSecrets(context, org.id, 'prod-aws');
 */
export async function readAccountSecrets(
  context: Pick<AppContext, 'database' | 'vault'>,
  orgId: string,
  accountName: string,
): Promise<AccountSecrets> {
  const row = await context.database.db
    .selectFrom('cloud_accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', accountName)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No cloud account "${accountName}" in this organization.`);
  let secrets: SecretFields;
  try {
    secrets = await context.vault.openSecrets(cloudAccountSecretBinding(row.id), sealedSecretOf(row));
  } catch (error) {
    if (error instanceof EnvelopeError)
      throw new UnavailableError(
        `The secrets of cloud account "${accountName}" do not decrypt (${error.message}) Replace them with POST .../accounts/${accountName}/rotate.`,
        'secret_undecryptable',
      );
    throw error;
  }
  return { kind: row.kind, public: JSON.parse(row.public_fields) as Record<string, unknown>, secrets };
}

// Writes a commons' OTLP ingest credential (the `csoc_otlp_…` token CSOC issued) into its Secrets Manager
// entry `<environment>-<namespace>-csoc-telemetry-ingest` (property `token`), where the External Secrets
// Operator reads it for the commons' Grafana Alloy agent (docs/adr/0040). Terraform creates the entry empty
// (commons-secrets.json, creator "csoc"); this writes a new version, which becomes AWSCURRENT. The token
// travels only in the signed request body: never in argv, a log line or an error message.
import { randomUUID } from 'node:crypto';
import { callSecretsManager, type AwsEndpointOptions } from '../bootstrap/callAwsApi.ts';

/** Name of the entry after the commons prefix, and its one property. */
export const INGEST_CREDENTIAL_SECRET = 'csoc-telemetry-ingest';
export const INGEST_CREDENTIAL_PROPERTY = 'token';
const TOKEN_PATTERN = /^csoc_otlp_[A-Za-z0-9_-]{20,200}$/;

export interface StoreIngestCredentialOptions extends AwsEndpointOptions {
  /** `<environment>-<namespace>`: the commons prefix every entry it may read starts with. */
  secretPrefix: string;
  token: string;
  log?: (line: string) => void;
}

/** The PutSecretValue input: JSON with the one property the ExternalSecret reads. */
export function ingestCredentialPutInput(secretId: string, token: string, clientRequestToken = randomUUID()) {
  return {
    SecretId: secretId,
    SecretString: JSON.stringify({ [INGEST_CREDENTIAL_PROPERTY]: token }),
    // Idempotency: a retried call with the same token makes no second version.
    ClientRequestToken: clientRequestToken,
  };
}

/** Stores the token; returns the entry's name and the new version id. */
export async function storeIngestCredential(
  options: StoreIngestCredentialOptions,
): Promise<{ secretId: string; versionId?: string }> {
  if (!TOKEN_PATTERN.test(options.token)) {
    throw new Error('the ingest credential is not a CSOC OTLP token (csoc_otlp_…); nothing was written');
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(options.secretPrefix)) {
    throw new Error(`secret prefix "${options.secretPrefix}" must be <environment>-<namespace>`);
  }
  const secretId = `${options.secretPrefix}-${INGEST_CREDENTIAL_SECRET}`;
  const result = await callSecretsManager<{ VersionId?: string }>(
    options,
    'PutSecretValue',
    ingestCredentialPutInput(secretId, options.token),
  );
  options.log?.(`wrote the OTLP ingest credential to ${secretId} (version ${result.VersionId ?? 'unknown'})`);
  return { secretId, versionId: result.VersionId };
}

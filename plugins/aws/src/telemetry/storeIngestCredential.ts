// Writes a token CSOC issued into the commons' Secrets Manager entry a rendered ExternalSecret reads
// (property `token`): the OTLP ingest credential (`<environment>-<namespace>-csoc-telemetry-ingest`, for the
// telemetry agent, docs/adr/0040) or csoc-agent's join token (`<environment>-<namespace>-csoc-agent-join-token`,
// ADR 0074, 0080). Terraform creates the telemetry entry empty (commons-secrets.json, creator "csoc"); this
// writes a new version, which becomes AWSCURRENT. No IaC creates the join token's entry: when it does not
// exist yet, it is created with the token as its first version. The token travels only in the signed request
// body: never in argv, a log line or an error message.
import { randomUUID } from 'node:crypto';
import { AwsApiError, callSecretsManager, type AwsEndpointOptions } from '../bootstrap/callAwsApi.ts';

/** Name of the telemetry entry after the commons prefix, and the one property of every entry written here. */
export const INGEST_CREDENTIAL_SECRET = 'csoc-telemetry-ingest';
export const INGEST_CREDENTIAL_PROPERTY = 'token';
/** Name of csoc-agent's join token entry after the commons prefix (renderCsocAgent.ts). */
export const AGENT_JOIN_TOKEN_SECRET = 'csoc-agent-join-token';

/** The entries this plugin writes, what each holds (for its messages) and the shape of that token. */
export const SECRET_ENTRIES = {
  [INGEST_CREDENTIAL_SECRET]: {
    what: 'the OTLP ingest credential',
    pattern: /^csoc_otlp_[A-Za-z0-9_-]{20,200}$/,
    kind: 'a CSOC OTLP token (csoc_otlp_…)',
    createIfMissing: false,
  },
  [AGENT_JOIN_TOKEN_SECRET]: {
    what: 'the csoc-agent join token',
    pattern: /^csoc_join_[A-Za-z0-9_-]{20,100}$/,
    kind: 'a csoc-agent join token (csoc_join_…)',
    createIfMissing: true,
  },
} as const;
export type SecretEntryName = keyof typeof SECRET_ENTRIES;

const PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export interface StoreIngestCredentialOptions extends AwsEndpointOptions {
  /** `<environment>-<namespace>`: the commons prefix every entry it may read starts with. */
  secretPrefix: string;
  token: string;
  /** Which entry after the prefix; the telemetry entry unless told. */
  entry?: SecretEntryName;
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

/**
 * Stores the token in `<secretPrefix>-<entry>`; returns the entry's name and the new version id.
 *
 * @example
 *   await storeIngestCredential({ region, credentials, secretPrefix: 'gen3-dev-brain',
 *     entry: 'csoc-agent-join-token', token });
 */
export async function storeIngestCredential(
  options: StoreIngestCredentialOptions,
): Promise<{ secretId: string; versionId?: string }> {
  const entryName = options.entry ?? INGEST_CREDENTIAL_SECRET;
  const entry = SECRET_ENTRIES[entryName];
  if (!entry.pattern.test(options.token)) {
    throw new Error(`${entry.what} is not ${entry.kind}; nothing was written`);
  }
  if (!PREFIX_PATTERN.test(options.secretPrefix)) {
    throw new Error(`secret prefix "${options.secretPrefix}" must be <environment>-<namespace>`);
  }
  const secretId = `${options.secretPrefix}-${entryName}`;
  const put = ingestCredentialPutInput(secretId, options.token);
  let result: { VersionId?: string };
  try {
    result = await callSecretsManager<{ VersionId?: string }>(options, 'PutSecretValue', put);
  } catch (error) {
    if (!(
      entry.createIfMissing &&
      error instanceof AwsApiError &&
      error.code === 'ResourceNotFoundException'
    ))
      throw error;
    // The first join token of this commons: the entry is made with it, tagged like Terraform's entries.
    result = await callSecretsManager<{ VersionId?: string }>(options, 'CreateSecret', {
      Name: secretId,
      Description: `Gen3 ${entryName} of commons ${options.secretPrefix} (value written by csoc)`,
      SecretString: put.SecretString,
      ClientRequestToken: put.ClientRequestToken,
      Tags: [
        { Key: 'csoc:properties', Value: INGEST_CREDENTIAL_PROPERTY },
        { Key: 'csoc:creator', Value: 'csoc' },
      ],
    });
    options.log?.(`created ${secretId}, which did not exist yet`);
  }
  options.log?.(`wrote ${entry.what} to ${secretId} (version ${result.VersionId ?? 'unknown'})`);
  return { secretId, versionId: result.VersionId };
}

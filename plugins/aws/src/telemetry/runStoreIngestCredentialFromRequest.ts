// The `store-ingest-credential` verb as the host runs it (contract 1.1.0): the request names the entry
// (`ingestCredential.secretName`: `<environment>-<namespace>-csoc-telemetry-ingest` or, for csoc-agent,
// `<environment>-<namespace>-csoc-agent-join-token`, ADR 0080) and the secrets-file key holding the token;
// the region is the commons' input; the account's keys reach the environment the same way they do for
// Terraform (applyAwsCredentials, already run by the plugin's `before`). The token is read from the 0600
// secrets file only, and never printed.
import { readSecrets, type PluginContext } from '@csoc/plugin-sdk';
import { assumeRole } from '../bootstrap/callAwsApi.ts';
import type { AwsCredentials } from '../bootstrap/signAwsRequest.ts';
import {
  INGEST_CREDENTIAL_PROPERTY,
  SECRET_ENTRIES,
  storeIngestCredential,
  type SecretEntryName,
} from './storeIngestCredential.ts';

export async function runStoreIngestCredentialFromRequest(
  context: Pick<PluginContext, 'request' | 'inputs' | 'events' | 'env'>,
): Promise<number> {
  const { request, env } = context;
  const target = request.ingestCredential;
  if (!target)
    throw new Error(
      'store-ingest-credential needs the request\u2019s ingestCredential (entry, property, token key)',
    );
  // Exact names only: the commons prefix (the renderer's <cluster_name>-<namespace>, which is this plugin's
  // environment and the commons' name) and one of the two entries; anything else is refused, never trimmed.
  const environment = context.inputs.environment;
  if (typeof environment !== 'string')
    throw new Error('inputs.environment is not set: it is the first part of every entry name');
  const secretPrefix = `${environment}-${request.commons.name}`;
  const entry = (Object.keys(SECRET_ENTRIES) as SecretEntryName[]).find(
    (name) => target.secretName === `${secretPrefix}-${name}`,
  );
  if (!entry)
    throw new Error(
      `the aws plugin stores only ${Object.keys(SECRET_ENTRIES)
        .map((name) => `${secretPrefix}-${name}`)
        .join(' or ')}, not ${target.secretName}; nothing was written`,
    );
  if (target.property !== INGEST_CREDENTIAL_PROPERTY)
    throw new Error(
      `the ${target.secretName} entry has one property, "${INGEST_CREDENTIAL_PROPERTY}", not "${target.property}"`,
    );
  const region = context.inputs.region;
  if (typeof region !== 'string')
    throw new Error('inputs.region is not set: the entry lives in the commons\u2019 region');
  const token = (await readSecrets(request))[target.tokenSecretKey];
  if (!token) throw new Error(`the secrets file has no "${target.tokenSecretKey}": nothing to store`);
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY)
    throw new Error(
      'storing a token in Secrets Manager signs with the account\u2019s static keys (accessKeyId/secretAccessKey), alone or to assume its role: add them to the cloud account',
    );
  let credentials: AwsCredentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
  const roleArn = request.credentials.public.roleArn;
  if (typeof roleArn === 'string')
    credentials = await assumeRole(
      { region, credentials, endpoint: env.AWS_ENDPOINT_URL_STS },
      roleArn,
      env.TF_VAR_assume_role_external_id,
    );
  await storeIngestCredential({
    region,
    credentials,
    endpoint: target.endpoint ?? env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    secretPrefix,
    entry,
    token,
    log: (line) => context.events.info(line),
  });
  return 0;
}

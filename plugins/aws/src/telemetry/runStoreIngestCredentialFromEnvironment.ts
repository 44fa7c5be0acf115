// The `store-ingest-credential` verb of the aws plugin's entry point: CSOC runs it with the account's
// credentials (the AWS variables, as for `bootstrap`) to put a commons' OTLP ingest credential into Secrets
// Manager. Names arrive in CSOC_INGEST_* variables; the token only as a file (CSOC_INGEST_TOKEN_FILE), which
// a runner writes 0600 on a tmpfs, so it is never in argv or the environment. Prints names only.
import { readFileSync } from 'node:fs';
import { assumeRole } from '../bootstrap/callAwsApi.ts';
import type { AwsCredentials } from '../bootstrap/signAwsRequest.ts';
import { storeIngestCredential } from './storeIngestCredential.ts';

export async function runStoreIngestCredentialFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<{ secretId: string; versionId?: string }> {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: CSOC sets it when it delivers the ingest credential`);
    return value;
  };
  const region = required('CSOC_INGEST_REGION');
  const secretPrefix = required('CSOC_INGEST_SECRET_PREFIX');
  const token = readFileSync(required('CSOC_INGEST_TOKEN_FILE'), 'utf8').trim();
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
    throw new Error(
      'storing the ingest credential signs with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN): ' +
        'give the cloud account static keys, alone or to assume its role',
    );
  }
  let credentials: AwsCredentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
  if (env.CSOC_INGEST_ROLE_ARN) {
    credentials = await assumeRole(
      { region, credentials, endpoint: env.AWS_ENDPOINT_URL_STS },
      env.CSOC_INGEST_ROLE_ARN,
      env.TF_VAR_assume_role_external_id,
    );
  }
  return storeIngestCredential({
    region,
    credentials,
    endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
    secretPrefix,
    token,
    log,
  });
}

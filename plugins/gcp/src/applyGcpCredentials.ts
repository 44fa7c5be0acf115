// Puts a CSOC `gcp` cloud account into the environment Terraform's google provider reads: the service
// account key as GOOGLE_CREDENTIALS (the provider takes the JSON text itself), never a Terraform variable,
// so it is in no tfvars file, plan file, state or output.
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from '@csoc/plugin-sdk';

/** Ambient Google credentials the plugin's own process might carry; one identity only, the account's. */
const AMBIENT_GOOGLE_VARIABLES = [
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CLOUD_KEYFILE_JSON',
  'GCLOUD_KEYFILE_JSON',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'GOOGLE_IMPERSONATE_SERVICE_ACCOUNT',
] as const;

interface GcpSecrets {
  serviceAccountJson?: string;
}

/**
 * Sets (in place) GOOGLE_CREDENTIALS from the account's `serviceAccountJson` secret and removes ambient
 * credential variables, so two identities never mix. Throws when the account is not a `gcp` one, has no
 * key, or the key is not a service account key (the message names the fix, never the key).
 */
export async function applyGcpCredentials(
  credentials: PluginCredentials,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (credentials.kind !== 'gcp') {
    throw new Error(
      `The gcp plugin needs a gcp cloud account, not a ${credentials.kind} one: pick a Google Cloud account for this commons`,
    );
  }
  if (!credentials.secretsFile) {
    throw new Error(
      'The Google Cloud account has no service account key (secrets.serviceAccountJson): add the key file to the cloud account',
    );
  }
  let secrets: GcpSecrets;
  try {
    secrets = JSON.parse(await readFile(credentials.secretsFile, 'utf8')) as GcpSecrets;
  } catch (error) {
    throw new Error(`Cannot read the Google Cloud account's secrets file: ${(error as Error).message}`);
  }
  const keyJson = secrets.serviceAccountJson;
  let key: { type?: unknown; project_id?: unknown } | undefined;
  try {
    key = typeof keyJson === 'string' ? (JSON.parse(keyJson) as typeof key) : undefined;
  } catch {
    key = undefined;
  }
  if (!key || key.type !== 'service_account') {
    throw new Error(
      'The Google Cloud account\'s secrets.serviceAccountJson is not a service account key (JSON with "type": "service_account"): replace it with a key created for the plugin\'s service account',
    );
  }
  for (const name of AMBIENT_GOOGLE_VARIABLES) delete env[name];
  env.GOOGLE_CREDENTIALS = keyJson;
}

// Puts a CSOC `digitalocean` cloud account into the environment the digitalocean provider reads: the API
// token as DIGITALOCEAN_TOKEN and the account's Spaces key as SPACES_ACCESS_KEY_ID /
// SPACES_SECRET_ACCESS_KEY (the buckets are created through the S3 API with it). None becomes a Terraform
// variable, so none reaches a tfvars file, a plan or the state (ADR 0057).
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from '@csoc/plugin-sdk';

/** Verbs that never reach the provider's Spaces client. */
const VERBS_WITHOUT_SPACES = new Set(['outputs', 'store-ingest-credential']);

interface DigitalOceanSecrets {
  token?: unknown;
  spacesAccessKeyId?: unknown;
  spacesSecretAccessKey?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Sets (in place) the provider's credentials from the account's secrets file and removes the provider's
 * other token variable, so two identities never mix. A Spaces key already in the plugin's environment (a
 * runner that injects one) is used when the account has none. Throws naming the missing account field.
 */
export async function applyDigitalOceanCredentials(
  credentials: PluginCredentials,
  env: NodeJS.ProcessEnv,
  verb: string,
): Promise<void> {
  if (credentials.kind !== 'digitalocean') {
    throw new Error(
      `The digitalocean plugin needs a digitalocean cloud account, not a ${credentials.kind} one: pick a DigitalOcean account for this commons`,
    );
  }
  let secrets: DigitalOceanSecrets = {};
  if (credentials.secretsFile) {
    try {
      secrets = JSON.parse(await readFile(credentials.secretsFile, 'utf8')) as DigitalOceanSecrets;
    } catch (error) {
      throw new Error(`Cannot read the DigitalOcean account's secrets file: ${(error as Error).message}`);
    }
  }
  const token = text(secrets.token);
  if (!token) {
    throw new Error(
      'The DigitalOcean account has no API token (secret field "token"): add a personal access token with the scopes in the plugin manifest to the cloud account',
    );
  }
  env.DIGITALOCEAN_TOKEN = token;
  delete env.DIGITALOCEAN_ACCESS_TOKEN;
  const spacesId = text(secrets.spacesAccessKeyId);
  const spacesSecret = text(secrets.spacesSecretAccessKey);
  if (spacesId && spacesSecret) {
    env.SPACES_ACCESS_KEY_ID = spacesId;
    env.SPACES_SECRET_ACCESS_KEY = spacesSecret;
  }
  if (!VERBS_WITHOUT_SPACES.has(verb) && (!env.SPACES_ACCESS_KEY_ID || !env.SPACES_SECRET_ACCESS_KEY)) {
    throw new Error(
      'The DigitalOcean account has no Spaces key (secret fields "spacesAccessKeyId" and "spacesSecretAccessKey"): the commons buckets are created with it; create a Spaces key in the control panel (API > Spaces Keys) and add both fields to the cloud account',
    );
  }
}

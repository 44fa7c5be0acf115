// Puts a CSOC `digitalocean` cloud account into the environment the digitalocean provider reads: the API
// token as DIGITALOCEAN_TOKEN. The Spaces keys the buckets are created with are not part of the account
// (its schema holds the token only): they come from the plugin's environment (SPACES_ACCESS_KEY_ID /
// SPACES_SECRET_ACCESS_KEY, e.g. CSOC_PLUGIN_ENV), checked here so a run fails before Terraform starts.
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from '@csoc/plugin-sdk';

/** Verbs that never reach the provider's Spaces client. */
const VERBS_WITHOUT_SPACES = new Set(['outputs', 'store-ingest-credential']);

/**
 * Sets (in place) DIGITALOCEAN_TOKEN from the account's secrets file and removes the provider's other token
 * variables, so two identities never mix. Throws naming what is missing and where to add it.
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
  let token: unknown;
  if (credentials.secretsFile) {
    try {
      token = (JSON.parse(await readFile(credentials.secretsFile, 'utf8')) as { token?: unknown }).token;
    } catch (error) {
      throw new Error(`Cannot read the DigitalOcean account's secrets file: ${(error as Error).message}`);
    }
  }
  if (typeof token !== 'string' || token === '') {
    throw new Error(
      'The DigitalOcean account has no API token (secret field "token"): add a personal access token with read and write scope to the cloud account',
    );
  }
  env.DIGITALOCEAN_TOKEN = token;
  delete env.DIGITALOCEAN_ACCESS_TOKEN;
  if (!VERBS_WITHOUT_SPACES.has(verb) && (!env.SPACES_ACCESS_KEY_ID || !env.SPACES_SECRET_ACCESS_KEY)) {
    throw new Error(
      'SPACES_ACCESS_KEY_ID and SPACES_SECRET_ACCESS_KEY are not set: the buckets are created with a Spaces key of the account; put both in the plugin environment (CSOC_PLUGIN_ENV or the runner\u2019s environment)',
    );
  }
}

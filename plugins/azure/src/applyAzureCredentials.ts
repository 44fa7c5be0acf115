// Puts a CSOC `azure` cloud account (a service principal: tenant, subscription, client id and secret) into the
// environment Terraform's azurerm provider reads: ARM_TENANT_ID, ARM_SUBSCRIPTION_ID, ARM_CLIENT_ID and
// ARM_CLIENT_SECRET. Never Terraform variables, so nothing of it is written to tfvars, plan files or state.
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from '@csoc/plugin-sdk';

/** Ambient ways the provider could authenticate that must not mix with the account's service principal. */
const AMBIENT_ARM_VARIABLES = [
  'ARM_USE_MSI',
  'ARM_USE_OIDC',
  'ARM_USE_CLI',
  'ARM_USE_AKS_WORKLOAD_IDENTITY',
  'ARM_OIDC_TOKEN',
  'ARM_OIDC_TOKEN_FILE_PATH',
  'ARM_CLIENT_CERTIFICATE_PATH',
  'ARM_CLIENT_CERTIFICATE_PASSWORD',
  'ARM_CLIENT_SECRET_FILE_PATH',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sets (in place) the variables the provider needs for `credentials`, and turns off the provider's other
 * ways to authenticate (CLI, managed identity, OIDC) so the account's service principal is the only identity.
 * Throws, naming the missing or wrong field, when the account is not a usable `azure` one.
 *
 * @example
 * await applyAzureCredentials(request.credentials, env); // env.ARM_CLIENT_SECRET is now set
 */
export async function applyAzureCredentials(
  credentials: PluginCredentials,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (credentials.kind !== 'azure') {
    throw new Error(
      `The azure plugin needs an azure cloud account, not a ${credentials.kind} one: pick an Azure account for this commons`,
    );
  }
  const fields = {
    tenantId: 'ARM_TENANT_ID',
    subscriptionId: 'ARM_SUBSCRIPTION_ID',
    clientId: 'ARM_CLIENT_ID',
  };
  const values: Record<string, string> = {};
  for (const [field, variable] of Object.entries(fields)) {
    const value = credentials.public[field];
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new Error(
        `The Azure account's ${field} is missing or not a GUID: edit the cloud account and set ${field} (a GUID from the Azure portal)`,
      );
    }
    values[variable] = value;
  }
  if (!credentials.secretsFile) {
    throw new Error(
      "The Azure account has no client secret: edit the cloud account and set the service principal's clientSecret",
    );
  }
  let clientSecret: unknown;
  try {
    clientSecret = (JSON.parse(await readFile(credentials.secretsFile, 'utf8')) as { clientSecret?: unknown })
      .clientSecret;
  } catch (error) {
    // The message of a JSON error can quote the file's content: name the failure only.
    throw new Error(
      `Cannot read the Azure account's secrets file (${(error as NodeJS.ErrnoException).code ?? 'not JSON'}): store the account's secrets again`,
    );
  }
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    throw new Error(
      "The Azure account has no client secret: edit the cloud account and set the service principal's clientSecret",
    );
  }
  for (const variable of AMBIENT_ARM_VARIABLES) delete env[variable];
  Object.assign(env, values, {
    ARM_CLIENT_SECRET: clientSecret,
    ARM_USE_CLI: 'false',
    ARM_USE_MSI: 'false',
    ARM_USE_OIDC: 'false',
  });
}

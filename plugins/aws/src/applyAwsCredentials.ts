// Puts a CSOC `aws` cloud account into the environment Terraform's AWS provider reads: static keys as
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, the role's external id as TF_VAR_assume_role_external_id.
import { readFile } from 'node:fs/promises';
import type { PluginCredentials } from '@csoc/plugin-sdk';

interface AwsSecrets {
  accessKeyId?: string;
  secretAccessKey?: string;
  externalId?: string;
}

/**
 * Sets (in place) the variables the provider needs for `credentials`. With `public.roleArn` the provider
 * assumes that role (see `toTerraformVariables`), signing the AssumeRole call with the static keys when
 * the account has them, otherwise with the plugin's own ambient identity (IRSA, instance profile, env).
 * Static keys replace any ambient session token or profile so two identities never mix.
 * Throws when the account is not an `aws` one or can yield no identity.
 */
export async function applyAwsCredentials(
  credentials: PluginCredentials,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (credentials.kind !== 'aws') {
    throw new Error(
      `The aws plugin needs an aws cloud account, not a ${credentials.kind} one: pick an AWS account for this commons`,
    );
  }
  let secrets: AwsSecrets = {};
  if (credentials.secretsFile) {
    try {
      secrets = JSON.parse(await readFile(credentials.secretsFile, 'utf8')) as AwsSecrets;
    } catch (error) {
      throw new Error(`Cannot read the AWS account's secrets file: ${(error as Error).message}`);
    }
  }
  const roleArn = credentials.public.roleArn;
  const hasKeys = Boolean(secrets.accessKeyId && secrets.secretAccessKey);
  if (!hasKeys && typeof roleArn !== 'string') {
    throw new Error(
      'The AWS account has neither a role to assume (roleArn with externalId) nor static keys (accessKeyId with secretAccessKey): add one to the cloud account',
    );
  }
  if (hasKeys) {
    env.AWS_ACCESS_KEY_ID = secrets.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = secrets.secretAccessKey;
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  if (secrets.externalId) env.TF_VAR_assume_role_external_id = secrets.externalId;
}

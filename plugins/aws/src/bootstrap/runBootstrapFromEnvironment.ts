// The `bootstrap` verb of the aws plugin's entry point: Terraform's terraform_data.bootstrap runs it at the
// end of apply (secrets.tf) with names and ARNs in CSOC_BOOTSTRAP_* variables and the credentials the plugin
// applied with in the usual AWS variables. Prints names only.
import { assumeRole } from './callAwsApi.ts';
import { bootstrapCommons, type BootstrapCommonsResult } from './bootstrapCommons.ts';
import type { AwsCredentials } from './signAwsRequest.ts';

/** Runs the bootstrap from `env`; throws with the variable to set when one is missing. */
export async function runBootstrapFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<BootstrapCommonsResult> {
  const required = (name: string): string => {
    const value = env[name];
    if (!value)
      throw new Error(`${name} is not set: the commons bootstrap runs from the aws plugin's Terraform apply`);
    return value;
  };
  const region = required('CSOC_BOOTSTRAP_REGION');
  let credentials: AwsCredentials | undefined =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          sessionToken: env.AWS_SESSION_TOKEN || undefined,
        }
      : undefined;
  if (!credentials) {
    throw new Error(
      'The commons bootstrap signs its AWS calls with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and ' +
        'AWS_SESSION_TOKEN); ambient identities (instance profile, IRSA) are not supported by it yet: give the ' +
        'cloud account static keys, alone or to assume its role',
    );
  }
  const roleArn = env.CSOC_BOOTSTRAP_ROLE_ARN;
  if (roleArn) {
    credentials = await assumeRole(
      { region, credentials, endpoint: env.AWS_ENDPOINT_URL_STS },
      roleArn,
      env.TF_VAR_assume_role_external_id,
    );
  }
  const databaseServices = (env.CSOC_BOOTSTRAP_DATABASE_SERVICES ?? '').split(',').filter(Boolean);
  log(`commons bootstrap: ${databaseServices.length} database service(s), fence signing key`);
  return bootstrapCommons({
    region,
    credentials,
    clusterArn: required('CSOC_BOOTSTRAP_CLUSTER_ARN'),
    masterSecretArn: required('CSOC_BOOTSTRAP_MASTER_SECRET_ARN'),
    secretPrefix: required('CSOC_BOOTSTRAP_SECRET_PREFIX'),
    databaseServices,
    endpoints: {
      secretsManager: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      rdsData: env.AWS_ENDPOINT_URL_RDS_DATA,
    },
    log,
  });
}

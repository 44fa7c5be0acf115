// The `write-cluster-secrets` step as terraform_data.cluster_secrets (terraform/secrets.tf) runs it at the
// end of apply: everything comes from the provisioner's environment (CSOC_DO_*), values Terraform treats as
// sensitive. Nothing here prints a value; a bad variable is named with what it should hold.
import { writeClusterSecrets, writeGeneratedSecrets } from './writeClusterSecrets.ts';

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: it should hold ${what} (terraform/secrets.tf sets it)`);
  return value;
}

/** Parses CSOC_DO_SECRETS: a JSON object of secret name -> key -> string value. */
export function parseSecretsVariable(text: string): Record<string, Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('CSOC_DO_SECRETS is not JSON: it should be an object of secret name -> key -> value');
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(parsed) || !Object.values(parsed).every(isObject))
    throw new Error('CSOC_DO_SECRETS should be an object of secret name -> key -> value');
  return parsed as Record<string, Record<string, string>>;
}

export async function runWriteClusterSecretsFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.log(line),
): Promise<string[]> {
  const connection = {
    server: required(env, 'CSOC_DO_KUBE_HOST', 'the DOKS API endpoint'),
    caCertificate: required(env, 'CSOC_DO_KUBE_CA', 'the cluster CA (base64 PEM)'),
    token: required(env, 'CSOC_DO_KUBE_TOKEN', 'the DOKS kubeconfig token'),
  };
  const secretsNamespace = required(env, 'CSOC_DO_SECRETS_NAMESPACE', 'the secrets namespace');
  const secrets = parseSecretsVariable(required(env, 'CSOC_DO_SECRETS', 'the secrets as JSON'));
  const generated = {
    prefix: required(env, 'CSOC_DO_SECRET_PREFIX', 'the commons prefix <environment>-<namespace>'),
    hostname: required(env, 'CSOC_DO_HOSTNAME', 'the commons hostname'),
    manifestBucket: required(env, 'CSOC_DO_MANIFEST_BUCKET', 'the manifest bucket name'),
  };
  const written = await writeClusterSecrets({
    connection,
    secretsNamespace,
    commonsNamespace: required(env, 'CSOC_DO_COMMONS_NAMESPACE', 'the commons namespace'),
    secrets,
    log,
  });
  const created = await writeGeneratedSecrets({ connection, secretsNamespace, secrets, log, ...generated });
  log(`wrote ${written.length} secrets, created ${created.length} generated ones`);
  return written;
}

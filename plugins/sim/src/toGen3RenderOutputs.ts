// The sim plugin's side of the output contract: its simulated outputs (terraform/outputs.tf: cluster_name,
// database_host, search_endpoint, data_bucket, ...) mapped onto the renderer's AWS-shaped input, the same
// shape and the same checks as the aws plugin's. Names and ARNs only — no secrets. Simulated values are
// recognisable: account 000000000000, *.sim.gen3.local hosts.
import { SIMULATED_ROLES, simulatedRoleName } from './simulatedRoles.ts';

/** What CSOC knows about the commons beyond the outputs. */
export interface RenderOutputsContext {
  /** The Kubernetes namespace CSOC deploys Gen3 to (the simulated roles trust service accounts in it). */
  namespace: string;
}

/** The simulated AWS account id. */
export const SIM_ACCOUNT_ID = '000000000000';

const arn = (value: unknown) => (typeof value === 'string' ? value.replace(/^arn:sim:/, 'arn:aws:') : value);
const hostOf = (value: unknown) =>
  typeof value === 'string' ? value.replace(/^https?:\/\//, '').replace(/\/.*$/, '') : value;

/**
 * Maps the sim plugin's outputs to the renderer's input (`cloud: sim`).
 *
 * @example
 *   toGen3RenderOutputs({ cluster_name: 'alpha', database_host: '...' }, { namespace: 'alpha' })
 */
export function toGen3RenderOutputs(
  outputs: Record<string, unknown>,
  context: RenderOutputsContext,
): Record<string, unknown> {
  const name = String(outputs.cluster_name ?? 'sim');
  const region = String(outputs.region ?? 'us-sim-1');
  const account = SIM_ACCOUNT_ID;
  const buckets: Record<string, unknown> = { data: outputs.data_bucket ?? `${name}-data-bucket` };
  if (outputs.logs_bucket) buckets.logs = outputs.logs_bucket;
  if (outputs.manifest_bucket) buckets.manifest = outputs.manifest_bucket;
  // A `useryaml` extra bucket when the commons asked for one; else the manifest bucket (the simulator runs no
  // usersync) — never the data upload bucket.
  // The sim module always creates the manifest bucket, named <name>-manifest-bucket.
  const extra = (outputs.buckets ?? {}) as Record<string, unknown>;
  buckets.user_yaml = extra.useryaml ?? outputs.manifest_bucket ?? `${name}-manifest-bucket`;
  const roleArns: Record<string, string> = {};
  const serviceAccounts: Record<string, { namespace: string; name: string }> = {};
  for (const [key, serviceAccount] of Object.entries(SIMULATED_ROLES)) {
    // The role names the AWS design gives (not the reported role_arns): a role the plugin did not create
    // is then still named, and the simulated cluster refuses it as a real one would.
    roleArns[key] = `arn:aws:iam::${account}:role/${simulatedRoleName(name, context.namespace, key)}`;
    serviceAccounts[key] = { namespace: context.namespace, name: serviceAccount };
  }
  const queue = (which: string) =>
    `https://sqs.${region}.sim.gen3.local/${account}/${name}-${context.namespace}-${which}`;
  return {
    cluster_name: name,
    cluster_endpoint: outputs.cluster_endpoint ?? `https://${name}.sim.gen3.local`,
    oidc_provider_arn:
      arn(outputs.oidc_provider_arn) ?? `arn:aws:iam::${account}:oidc-provider/oidc.${name}.sim.gen3.local`,
    region,
    account_id: account,
    namespace: context.namespace,
    ...(typeof outputs.vpc_id === 'string' ? { vpc_id: outputs.vpc_id } : {}),
    aurora_writer_endpoint: outputs.database_host ?? `${name}-aurora.sim.gen3.local`,
    es_endpoint: hostOf(outputs.search_endpoint) ?? `${name}-gen3-metadata.sim.gen3.local`,
    buckets,
    queues: { audit: queue('audit'), ssjdispatcher: queue('ssjdispatcher') },
    certificate_arn: `arn:aws:acm:${region}:${account}:certificate/simulated-${name}`,
    role_arns: roleArns,
    service_accounts: serviceAccounts,
    secrets_namespace: 'csoc-sim-secrets',
  };
}

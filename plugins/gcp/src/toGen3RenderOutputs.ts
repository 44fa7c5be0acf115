// The gcp plugin's side of the output contract: its Terraform outputs (terraform/outputs.tf, as the outputs
// event carries them: name -> value) mapped onto the renderer's GCP input (CSOC's GcpOutputs schema in
// packages/server/src/gitops/rendering/commonsGitOpsInput.ts). Names, addresses and emails only.

/** What CSOC knows about the commons beyond the outputs. */
export interface RenderOutputsContext {
  /** The Kubernetes namespace CSOC gave the plugin and deploys Gen3 to. */
  namespace: string;
}

type Outputs = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const record = (value: unknown): Outputs | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Outputs) : undefined;

/** Keeps the defined entries only (Terraform nulls and absent outputs become absent fields). */
function defined(fields: Outputs): Outputs {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Maps the gcp plugin's outputs to the renderer's input. Missing outputs stay missing, so the renderer's
 * validation names them (`outputs.postgres_host is required`) instead of this mapping guessing a value.
 * The renderer annotates each chart's Kubernetes service account with its Google service account's email.
 *
 * @example
 *   toGen3RenderOutputs({ postgres_private_ip: '10.20.0.3', service_accounts: { fence: { email: '...' } }, ... })
 *   // => { postgres_host: '10.20.0.3', service_accounts: { fence: '...' }, ... }
 */
export function toGen3RenderOutputs(outputs: Outputs, _context?: RenderOutputsContext): Outputs {
  const identities = record(outputs.service_accounts);
  return defined({
    cluster_name: text(outputs.cluster_name),
    cluster_endpoint: text(outputs.cluster_endpoint),
    project_id: text(outputs.project_id),
    region: text(outputs.region),
    postgres_host: text(outputs.postgres_private_ip),
    es_endpoint: text(outputs.es_endpoint),
    buckets: defined({
      data: text(outputs.data_bucket_name),
      logs: text(outputs.logs_bucket_name),
      manifest: text(outputs.manifest_bucket_name),
      user_yaml: text(outputs.user_yaml_bucket_name),
    }),
    service_accounts: identities
      ? defined(
          Object.fromEntries(
            Object.entries(identities).map(([key, identity]) => [key, text(record(identity)?.email)]),
          ),
        )
      : undefined,
  });
}

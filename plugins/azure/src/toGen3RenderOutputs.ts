// The azure plugin's side of the output contract: its Terraform outputs (terraform/outputs.tf, as the outputs
// event carries them: name -> value) mapped onto the renderer's Azure input (AzureOutputs in
// packages/server/src/gitops/rendering/commonsGitOpsInput.ts). Names, ids and URLs only: no output is secret.

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

/** The service identities the renderer annotates (AzureOutputs' workload_identity_client_ids keys). */
const SERVICE_IDENTITIES = ['fence', 'audit', 'hatchery', 'manifestservice', 'external_secrets'] as const;

/**
 * Maps the azure plugin's outputs to the renderer's input. Missing outputs stay missing, so the renderer's
 * validation names them (`outputs.key_vault_url is required`) instead of this mapping guessing a value.
 * Buckets are the blob containers by role; the user.yaml container is left out because the renderer reads
 * it as an S3 path (`s3://<bucket>/user.yaml`): an Azure commons names its user.yaml source in its settings.
 *
 * @example
 *   toGen3RenderOutputs({ postgres_host: 'psql-x.postgres.database.azure.com', blob_containers: { data: 'data' }, ... })
 *   // => { postgres_host: 'psql-x.postgres.database.azure.com', buckets: { data: 'data' }, ... }
 */
export function toGen3RenderOutputs(outputs: Outputs, _context?: RenderOutputsContext): Outputs {
  const containers = record(outputs.blob_containers);
  const clientIds = record(outputs.workload_identity_client_ids);
  return defined({
    cluster_name: text(outputs.cluster_name),
    cluster_endpoint: text(outputs.cluster_endpoint),
    location: text(outputs.location),
    tenant_id: text(outputs.tenant_id),
    key_vault_url: text(outputs.key_vault_url),
    postgres_host: text(outputs.postgres_host),
    es_endpoint: text(outputs.es_endpoint),
    buckets: containers
      ? defined({
          data: text(containers.data),
          logs: text(containers.logs),
          manifest: text(containers.manifest),
        })
      : undefined,
    workload_identity_client_ids: clientIds
      ? defined(Object.fromEntries(SERVICE_IDENTITIES.map((key) => [key, text(clientIds[key])])))
      : undefined,
    ingress_class_name: text(outputs.ingress_class_name),
    cluster_issuer: text(outputs.cluster_issuer),
  });
}

// The digitalocean plugin's side of the output contract: its Terraform outputs (terraform/outputs.tf, as the
// outputs event carries them: name -> value) mapped onto the renderer's DigitalOcean input (CSOC's
// DigitalOceanOutputs schema in packages/server/src/gitops/rendering/commonsGitOpsInput.ts). Names, hosts
// and URLs only: no output holds a secret (ADR 0057).

/** What CSOC knows about the commons beyond the outputs. */
export interface RenderOutputsContext {
  /** The Kubernetes namespace CSOC gave the plugin and deploys Gen3 to. */
  namespace: string;
}

type Outputs = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Keeps the defined entries only (Terraform nulls and absent outputs become absent fields). */
function defined(fields: Outputs): Outputs {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Maps the digitalocean plugin's outputs to the renderer's input. Missing outputs stay missing, so the
 * renderer's validation names them (`outputs.postgres_host is required`) instead of this mapping guessing.
 *
 * @example
 *   toGen3RenderOutputs({ cluster_name: 'gen3-dev', search_endpoint: 'http://gen3-elasticsearch-master...', ... })
 *   // => { cluster_name: 'gen3-dev', es_endpoint: 'http://gen3-elasticsearch-master...', buckets: {...}, ... }
 */
export function toGen3RenderOutputs(outputs: Outputs, _context?: RenderOutputsContext): Outputs {
  return defined({
    cluster_name: text(outputs.cluster_name),
    cluster_endpoint: text(outputs.cluster_endpoint),
    region: text(outputs.region),
    postgres_host: text(outputs.postgres_host),
    es_endpoint: text(outputs.search_endpoint),
    buckets: defined({
      data: text(outputs.data_bucket_name),
      logs: text(outputs.logs_bucket_name),
      manifest: text(outputs.manifest_bucket_name),
    }),
    secrets_namespace: text(outputs.secrets_namespace),
    ingress_class_name: text(outputs.ingress_class_name),
    cluster_issuer: text(outputs.cluster_issuer),
  });
}

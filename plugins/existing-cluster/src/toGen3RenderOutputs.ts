// The existing-cluster plugin's side of the output contract: its Terraform outputs (terraform/outputs.tf, as
// the outputs event carries them: name -> value) mapped onto the renderer's `kubernetes` input (KubernetesOutputs
// in packages/server/src/gitops/rendering/commonsGitOpsInput.ts). Names and addresses only, no secret.

type Outputs = Record<string, unknown>;

/** What CSOC knows about the commons beyond the outputs. */
export interface RenderOutputsContext {
  namespace: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function defined(fields: Outputs): Outputs {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * Maps the outputs; missing ones stay missing so the renderer names them (`outputs.postgres_host is required`).
 *
 * @example
 * toGen3RenderOutputs({ cluster_name: 'onprem', search_endpoint: 'http://es:9200', ... })
 * // => { cluster_name: 'onprem', es_endpoint: 'http://es:9200', ... }
 */
export function toGen3RenderOutputs(outputs: Outputs, _context?: RenderOutputsContext): Outputs {
  const buckets =
    typeof outputs.buckets === 'object' && outputs.buckets !== null
      ? (outputs.buckets as Outputs)
      : undefined;
  return defined({
    cluster_name: text(outputs.cluster_name),
    postgres_host: text(outputs.postgres_host),
    es_endpoint: text(outputs.search_endpoint),
    buckets: buckets
      ? defined({
          data: text(buckets.data),
          logs: text(buckets.logs),
          manifest: text(buckets.manifest),
          user_yaml: text(buckets.user_yaml),
        })
      : undefined,
    secrets_namespace: text(outputs.secrets_namespace),
    ingress_class_name: text(outputs.ingress_class_name),
    cluster_issuer: text(outputs.cluster_issuer),
  });
}

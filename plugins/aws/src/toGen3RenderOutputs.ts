// The aws plugin's side of the output contract: its Terraform outputs (terraform/outputs.tf, as the outputs
// event carries them: name -> value) mapped onto the renderer's AWS input (CSOC's AwsOutputs schema in
// packages/server/src/gitops/rendering/commonsGitOpsInput.ts). Names and ARNs only: no output holds a secret.
// The role map is passed whole with the service account each role trusts, so a role added in Terraform
// reaches the renderer without a change here.

/** What CSOC knows about the commons beyond the outputs (unused by AWS: its outputs name the namespace). */
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
 * Maps the aws plugin's outputs to the renderer's input. Missing outputs stay missing, so the renderer's
 * validation names them (`outputs.certificate_arn is required`) instead of this mapping guessing a value.
 *
 * @example
 *   toGen3RenderOutputs({ opensearch_endpoint: 'vpc-x.es.amazonaws.com', data_bucket_name: 'x-data', ... })
 *   // => { es_endpoint: 'vpc-x.es.amazonaws.com', buckets: { data: 'x-data', ... }, ... }
 */
export function toGen3RenderOutputs(outputs: Outputs, _context?: RenderOutputsContext): Outputs {
  const queueUrls = record(outputs.sqs_queue_urls);
  const karpenter = record(outputs.karpenter);
  return defined({
    cluster_name: text(outputs.cluster_name),
    cluster_endpoint: text(outputs.cluster_endpoint),
    oidc_provider_arn: text(outputs.oidc_provider_arn),
    region: text(outputs.region),
    account_id: text(outputs.account_id),
    namespace: text(outputs.namespace),
    vpc_id: text(outputs.vpc_id),
    aurora_writer_endpoint: text(outputs.aurora_writer_endpoint),
    es_endpoint: text(outputs.opensearch_endpoint),
    buckets: defined({
      data: text(outputs.data_bucket_name),
      logs: text(outputs.logs_bucket_name),
      manifest: text(outputs.manifest_bucket_name),
      user_yaml: text(outputs.user_yaml_bucket_name),
    }),
    queues: queueUrls
      ? defined({ audit: text(queueUrls.audit), ssjdispatcher: text(queueUrls.ssjdispatcher) })
      : undefined,
    waf_arn: text(outputs.waf_acl_arn),
    certificate_arn: text(outputs.certificate_arn),
    role_arns: record(outputs.role_arns),
    service_accounts: record(outputs.service_accounts),
    karpenter: karpenter
      ? defined({
          node_role_name: text(karpenter.node_role_name),
          interruption_queue_name: text(karpenter.interruption_queue_name),
          discovery_tag: text(karpenter.discovery_tag),
        })
      : undefined,
  });
}

// Outputs of the aws plugin before an apply: every output outputs.tf declares, with clearly fake values
// (account 000000000000, *.placeholder.invalid hosts) where only an apply can tell. Used to preview the Gen3
// values of a commons not yet applied, and to fill the values an offline plan leaves unknown.

export interface PlaceholderOutputsOptions {
  environment: string;
  region: string;
  namespace: string;
  /** Whether Karpenter is on (its output is null otherwise). */
  karpenter?: boolean;
  /** The public hostname (input hostname), when given. */
  hostname?: string;
  /** Services with a database credential (input databaseServices); db_secret_names has one entry each. */
  databaseServices?: string[];
  /** The Argo CD principal (input argocdPrincipalArn); argocd_role_arn is null without one. */
  argocdPrincipalArn?: string;
}

/** The EKS add-ons whose versions terraform/eks.tf pins. */
const EKS_ADDONS = ['aws-ebs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni'];

/** The account id of placeholder ARNs: no real account has it. */
export const PLACEHOLDER_ACCOUNT_ID = '000000000000';

/**
 * Placeholder outputs, named and shaped exactly as `terraform output -json` reports the plugin's outputs
 * (values only). Role keys and the service accounts they trust follow terraform/irsa.tf.
 */
export function placeholderOutputs(options: PlaceholderOutputsOptions): Record<string, unknown> {
  const { environment: env, region, namespace } = options;
  const account = PLACEHOLDER_ACCOUNT_ID;
  const host = (what: string) => `${env}-${what}.${region}.placeholder.invalid`;
  const roles: Record<
    string,
    { name: string; path?: string; namespace: string; serviceAccount: string; podIdentity?: boolean }
  > = {
    fence: { name: `${env}-${namespace}-fence`, namespace, serviceAccount: 'fence-sa' },
    audit: { name: `${env}-${namespace}-audit`, namespace, serviceAccount: 'audit-service-sa' },
    hatchery: { name: `${env}-${namespace}-hatchery`, namespace, serviceAccount: 'hatchery-service-account' },
    manifestservice: {
      name: `${env}-${namespace}-manifestservice`,
      namespace,
      serviceAccount: 'manifestservice-sa',
    },
    ssjdispatcher: {
      name: `${env}-${namespace}-ssjdispatcher`,
      namespace,
      serviceAccount: 'ssjdispatcher-sa',
    },
    ssjdispatcher_job: {
      name: `${env}-${namespace}-ssjdispatcher-job`,
      namespace,
      serviceAccount: 'ssjdispatcher-job-sa',
    },
    sower: { name: `${env}-${namespace}-sower`, namespace, serviceAccount: 'sower-service-account' },
    usersync: {
      name: `${env}-${namespace}-usersync`,
      namespace,
      serviceAccount: 'usersync-job',
      podIdentity: true,
    },
    aws_es_proxy: { name: `${env}-${namespace}-aws-es-proxy`, namespace, serviceAccount: 'aws-es-proxy-sa' },
    external_secrets: {
      name: `${env}-${namespace}-external-secrets`,
      namespace,
      serviceAccount: 'secret-store-sa',
    },
    load_balancer_controller: {
      name: `${env}--default--ingress`,
      path: 'gen3_service/',
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
    },
    ebs_csi_driver: {
      name: `${env}-ebs-csi-driver`,
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
    },
    ...(options.karpenter
      ? { karpenter: { name: `${env}-karpenter-sa`, namespace: 'karpenter', serviceAccount: 'karpenter' } }
      : {}),
  };
  const queues = ['audit', 'ssjdispatcher'];
  return {
    region,
    account_id: account,
    environment: env,
    namespace,
    hostname: options.hostname ?? null,
    vpc_id: 'vpc-00000000000000000',
    private_subnet_ids: ['subnet-00000000000000001', 'subnet-00000000000000002', 'subnet-00000000000000003'],
    public_subnet_ids: [],
    availability_zones: [`${region}a`, `${region}b`, `${region}c`],
    kms_key_arn: `arn:aws:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`,
    cluster_name: env,
    cluster_endpoint: `https://${host('eks')}`,
    cluster_certificate_authority_data: 'cGxhY2Vob2xkZXI=',
    cluster_security_group_id: 'sg-00000000000000000',
    oidc_provider_arn: `arn:aws:iam::${account}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/PLACEHOLDER`,
    oidc_issuer_url: `https://oidc.eks.${region}.amazonaws.com/id/PLACEHOLDER`,
    aurora_cluster_identifier: `${env}-aurora`,
    aurora_writer_endpoint: host('aurora'),
    aurora_reader_endpoint: host('aurora-ro'),
    aurora_port: 5432,
    aurora_master_secret_name: `${env}-aurora-master-password`,
    db_secret_names: Object.fromEntries(
      (options.databaseServices ?? []).map((service) => [service, `${env}-${namespace}-${service}-creds`]),
    ),
    opensearch_domain_name: `${env}-gen3-metadata`,
    opensearch_endpoint: host('gen3-metadata'),
    data_bucket_name: `${env}-data-bucket`,
    user_yaml_s3_path: `s3://${env}-useryaml-bucket/user.yaml`,
    logs_bucket_name: `${env}-logs-bucket`,
    manifest_bucket_name: `${env}-manifest-bucket`,
    user_yaml_bucket_name: `${env}-useryaml-bucket`,
    sqs_queue_urls: Object.fromEntries(
      queues.map((queue) => [
        queue,
        `https://sqs.${region}.amazonaws.com/${account}/${env}-${namespace}-${queue}`,
      ]),
    ),
    sqs_queue_names: Object.fromEntries(queues.map((queue) => [queue, `${env}-${namespace}-${queue}`])),
    sqs_kms_key_alias: `alias/${env}-gen3`,
    waf_acl_arn: null,
    certificate_arn: `arn:aws:acm:${region}:${account}:certificate/00000000-0000-0000-0000-000000000000`,
    role_arns: Object.fromEntries(
      Object.entries(roles).map(([key, role]) => [
        key,
        `arn:aws:iam::${account}:role/${role.path ?? ''}${role.name}`,
      ]),
    ),
    role_names: Object.fromEntries(Object.entries(roles).map(([key, role]) => [key, role.name])),
    pod_identity_service_accounts: Object.entries(roles)
      .filter(([, role]) => role.podIdentity)
      .map(([key]) => key)
      .sort(),
    // Pinned by the Terraform for the Kubernetes version; a plan knows them, only the names matter here.
    eks_addon_versions: Object.fromEntries(EKS_ADDONS.map((addon) => [addon, 'placeholder'])),
    service_accounts: Object.fromEntries(
      Object.entries(roles).map(([key, role]) => [
        key,
        { namespace: role.namespace, name: role.serviceAccount },
      ]),
    ),
    // Named as cluster-level-resources' EC2NodeClass expects (terraform/karpenter.tf).
    karpenter: options.karpenter
      ? {
          node_role_name: `eks_${env}_workers_role`,
          interruption_queue_name: `${env}-karpenter-interruption`,
          discovery_tag: env,
        }
      : null,
    argocd_role_arn: options.argocdPrincipalArn ? `arn:aws:iam::${account}:role/${env}-argocd` : null,
  };
}

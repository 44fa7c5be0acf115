// Where gen3-helm reads the IAM role of each service account it creates on AWS, read off the charts'
// templates (../shared/gen3-helm/*/templates/serviceaccount.yaml and cluster-level-resources). The plugin's
// role map says which service account each role trusts; this table says where that service account's role
// goes in the values, so any role the plugin adds for one of these service accounts flows through.

/** How one service account's role reaches the chart. */
export type RoleWiring =
  /** `<chart>.<path>` gets `{ eks.amazonaws.com/role-arn: <arn> }` (the chart renders the map whole). */
  | { kind: 'annotations'; chart: string; path: string }
  /** `global.aws.<key>` gets the role name (path included); the template builds the ARN from global.aws.account. */
  | { kind: 'globalRoleName'; chart: string; key: string }
  /** `global.aws.<key>` gets the role ARN. */
  | { kind: 'globalRoleArn'; chart: string; key: string }
  /** The SecretStore's service account (global.aws.secretStoreServiceAccount.roleArn, gen3 umbrella chart). */
  | { kind: 'secretStore' }
  /**
   * A cluster add-on of cluster-level-resources whose template builds the role ARN itself from
   * accountNumber and the cluster name: the plugin's role must be exactly that ARN.
   */
  | { kind: 'clusterAddOn'; addOn: string; expectedRole: (cluster: string) => string }
  /** Gets its role outside Helm values (EKS Pod Identity association, an EKS managed add-on). */
  | { kind: 'outsideValues'; reason: string };

/** Service accounts in the commons namespace, by name. */
export const COMMONS_SERVICE_ACCOUNT_ROLES: Record<string, RoleWiring> = {
  'fence-sa': { kind: 'annotations', chart: 'fence', path: 'serviceAccount.annotations' },
  'audit-service-sa': { kind: 'annotations', chart: 'audit', path: 'serviceAccount.annotations' },
  'manifestservice-sa': { kind: 'annotations', chart: 'manifestservice', path: 'serviceAccount.annotations' },
  'ssjdispatcher-sa': { kind: 'annotations', chart: 'ssjdispatcher', path: 'serviceAccount.annotations' },
  // The indexing jobs ssjdispatcher starts (indexs3client) run as ssjdispatcher-job-sa.
  'ssjdispatcher-job-sa': {
    kind: 'annotations',
    chart: 'ssjdispatcher',
    path: 'jobServiceAccount.annotations',
  },
  // hatchery/templates/serviceaccount.yaml: fixed name, role arn:aws:iam::<global.aws.account>:role/<hatchery_role>.
  'hatchery-service-account': { kind: 'globalRoleName', chart: 'hatchery', key: 'hatchery_role' },
  'sower-service-account': { kind: 'globalRoleName', chart: 'sower', key: 'sower_role' },
  // aws-es-proxy/templates/serviceaccount.yaml: awsEsProxyRoleArn, else built from account + awsEsProxyRole.
  'aws-es-proxy-sa': { kind: 'globalRoleArn', chart: 'aws-es-proxy', key: 'awsEsProxyRoleArn' },
  'secret-store-sa': { kind: 'secretStore' },
  'usersync-job': {
    kind: 'outsideValues',
    reason: "fence's usersync job service account carries no annotation in the chart: EKS Pod Identity",
  },
};

/** Cluster-wide service accounts (`<namespace>/<name>`). */
export const CLUSTER_SERVICE_ACCOUNT_ROLES: Record<string, RoleWiring> = {
  // cluster-level-resources/templates/alb-controller.yaml
  'kube-system/aws-load-balancer-controller': {
    kind: 'clusterAddOn',
    addOn: 'alb-controller',
    expectedRole: (cluster) => `gen3_service/${cluster}--default--ingress`,
  },
  // cluster-level-resources/templates/karpenter.yaml
  'karpenter/karpenter': {
    kind: 'clusterAddOn',
    addOn: 'karpenter',
    expectedRole: (cluster) => `${cluster}-karpenter-sa`,
  },
  'kube-system/ebs-csi-controller-sa': {
    kind: 'outsideValues',
    reason: 'the EBS CSI driver is an EKS managed add-on the plugin installs with its role',
  },
};

/** The part of a role ARN after `:role/`: the role name with its IAM path (`gen3_service/x`), as templates want. */
export function rolePathAndName(roleArn: string): string {
  const index = roleArn.indexOf(':role/');
  return index < 0 ? roleArn : roleArn.slice(index + ':role/'.length);
}

// Values the renderer writes that gen3-helm reads without declaring them in the values.yaml the key check
// compares against. Each entry names the reason; renderedValuesMatchCharts.test.ts fails on any other
// undeclared key, and on an entry no render uses any more. A path ending in `.*` covers everything below it.

export interface PassThroughEntry {
  /** Dotted path in the gen3 umbrella values (`global.aws.wafv2.enabled`, `fence.serviceAccount.annotations.*`). */
  path: string;
  reason: string;
}

export const VALUES_PASS_THROUGH: PassThroughEntry[] = [
  {
    path: 'global.aws.wafv2.enabled',
    reason:
      'read by the revproxy chart (ingress_aws.yaml) and declared in revproxy/values.yaml global.aws.wafv2, ' +
      'but not in the gen3 umbrella global section',
  },
  {
    path: 'global.aws.wafv2.wafAclArn',
    reason: 'as global.aws.wafv2.enabled: the WAF ACL the ALB is associated with (revproxy ingress_aws.yaml)',
  },
  {
    path: 'global.aws.account',
    reason:
      'read by the hatchery, sower and aws-es-proxy serviceaccount.yaml templates to build their role ARNs ' +
      '(arn:aws:iam::<account>:role/...); without it the ARN is arn:aws:iam:::role/',
  },
  {
    path: 'global.awshelper_container_image',
    reason:
      "read by common's db setup and restore jobs, cedar and others (default quay.io/cdis/awshelper:master): " +
      'the awshelper image the release pins',
  },
  {
    path: 'global.aws.awsEsProxyRoleArn',
    reason:
      "aws-es-proxy/templates/serviceaccount.yaml: the service account's role ARN, as the plugin made it",
  },
  {
    path: 'global.aws.hatchery_role',
    reason:
      'hatchery/templates/serviceaccount.yaml: role name (with its IAM path) of hatchery-service-account',
  },
  {
    path: 'global.aws.sower_role',
    reason: 'sower/templates/serviceaccount.yaml: role name (with its IAM path) of sower-service-account',
  },
  {
    path: 'fence.serviceAccount.annotations.*',
    reason:
      'Kubernetes annotations are free-form: the chart renders the whole map; fence declares only the ' +
      'eks.amazonaws.com/role-arn key, other clouds use their own workload-identity annotation',
  },
  {
    path: 'audit.serviceAccount.annotations.*',
    reason: 'as fence.serviceAccount.annotations.*',
  },
  // hatchery gets the same label on Azure; no fixture enables it there, and an entry no render uses fails.
  ...(['audit', 'fence', 'manifestservice'] as const).map((chart) => ({
    path: `${chart}.extraLabels.*`,
    reason:
      "pod labels: the chart's deployment renders common.extraLabels (gen3-helm common/_labels_setup.tpl) " +
      'from .Values.extraLabels, undeclared in its values.yaml; Azure workload identity needs the pod label ' +
      'azure.workload.identity/use',
  })),
];

/**
 * Rule applied before the list: a key below a map the chart declares empty (`annotations: {}`,
 * `FENCE_CONFIG_PUBLIC: {}`) is accepted, since an empty map in values.yaml is the chart's way of saying
 * "any keys".
 */
export const OPEN_MAP_RULE =
  'keys below a map declared empty ({}) in the chart values are accepted: the chart renders that map whole';

export function isPassThrough(path: string, entries: PassThroughEntry[] = VALUES_PASS_THROUGH): boolean {
  return entries.some((entry) => matchesPassThrough(entry, path));
}

export function matchesPassThrough(entry: PassThroughEntry, path: string): boolean {
  if (entry.path.endsWith('.*')) return path.startsWith(entry.path.slice(0, -1));
  return entry.path === path;
}

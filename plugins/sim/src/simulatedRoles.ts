// The roles a sim commons' service accounts assume: the same role keys and service accounts as the aws
// plugin's IRSA roles, so a sim deploy wires roles exactly as a real one. The sim Terraform creates one
// terraform_data role per key (<name>-<namespace>-<key with dashes>) and reports them as role_arns.

/** Role key -> the service account gen3-helm's templates create for it. */
export const SIMULATED_ROLES: Record<string, string> = {
  fence: 'fence-sa',
  audit: 'audit-service-sa',
  hatchery: 'hatchery-service-account',
  manifestservice: 'manifestservice-sa',
  ssjdispatcher: 'ssjdispatcher-sa',
  ssjdispatcher_job: 'ssjdispatcher-job-sa',
  sower: 'sower-service-account',
  aws_es_proxy: 'aws-es-proxy-sa',
  external_secrets: 'secret-store-sa',
};

/** The role name of `key` for a commons: `<environment>-<namespace>-<key with dashes>`, as the AWS plugin names it. */
export function simulatedRoleName(environment: string, namespace: string, key: string): string {
  return `${environment}-${namespace}-${key.replace(/_/g, '-')}`;
}

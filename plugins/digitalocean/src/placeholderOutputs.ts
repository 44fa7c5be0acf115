// Outputs of the digitalocean plugin before an apply: every output outputs.tf declares, with clearly fake
// values (*.placeholder.invalid hosts, zero uuids) where only an apply can tell. Used to preview the Gen3
// values of a commons not yet applied, and by the output contract test.

export interface PlaceholderOutputsOptions {
  environment: string;
  region: string;
  namespace: string;
  sizeTier?: 'small' | 'medium' | 'large';
  databaseServices?: string[];
  secretsNamespace?: string;
  searchEndpoint?: string;
  ingressClassName?: string;
  clusterIssuer?: string;
  kubernetesVersion?: string;
}

/** The database services terraform/variables.tf enables by default. */
export const DEFAULT_DATABASE_SERVICES = [
  'arborist',
  'audit',
  'fence',
  'indexd',
  'metadata',
  'peregrine',
  'sheepdog',
  'wts',
];

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** Placeholder outputs, named and shaped exactly as `terraform output -json` reports them (values only). */
export function placeholderOutputs(options: PlaceholderOutputsOptions): Record<string, unknown> {
  const { environment: env, region, namespace } = options;
  const prefix = `${env}-${namespace}`;
  const services = options.databaseServices ?? DEFAULT_DATABASE_SERVICES;
  const databaseNames = Object.fromEntries(
    services.map((service) => [service, `${service.replace(/-/g, '_')}_${namespace.replace(/-/g, '_')}`]),
  );
  return {
    environment: env,
    namespace,
    region,
    size_tier: options.sizeTier ?? 'small',
    vpc_id: ZERO_UUID,
    cluster_id: ZERO_UUID,
    cluster_name: env,
    cluster_endpoint: `https://${ZERO_UUID}.k8s.placeholder.invalid`,
    kubernetes_version: `${options.kubernetesVersion ?? '1.33'}.0-do.0`,
    postgres_cluster_id: ZERO_UUID,
    postgres_host: `private-${env}-pg.${region}.placeholder.invalid`,
    postgres_port: 25060,
    database_names: databaseNames,
    data_bucket_name: `${prefix}-data`,
    logs_bucket_name: `${prefix}-logs`,
    manifest_bucket_name: `${prefix}-manifest`,
    spaces_endpoint: `https://${region}.digitaloceanspaces.com`,
    secrets_namespace: options.secretsNamespace ?? 'gen3-secrets',
    cluster_secret_names: [
      ...services.map((service) => `${prefix}-${service}-creds`),
      `${prefix}-spaces-creds`,
    ].sort(),
    search_endpoint:
      options.searchEndpoint ?? `http://gen3-elasticsearch-master.${namespace}.svc.cluster.local:9200`,
    ingress_class_name: options.ingressClassName ?? 'nginx',
    cluster_issuer: options.clusterIssuer ?? null,
  };
}

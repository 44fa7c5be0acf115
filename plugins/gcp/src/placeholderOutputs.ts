// Outputs of the gcp plugin before an apply: every output terraform/outputs.tf declares, with clearly fake
// values (*.placeholder.invalid, TEST-NET addresses) where only an apply can tell. For previews of a commons
// not yet applied and for the output contract test.

export interface PlaceholderOutputsOptions {
  environment: string;
  projectId: string;
  region: string;
  namespace: string;
  /** Services with a database credential (input databaseServices). */
  databaseServices?: string[];
  /** Input bucketPrefix; default <project>-<environment>. */
  bucketPrefix?: string;
  searchNodePool?: boolean;
  cloudArmorEnabled?: boolean;
}

/** The database services terraform/variables.tf defaults to. */
export const DEFAULT_DATABASE_SERVICES = [
  'arborist',
  'audit',
  'fence',
  'indexd',
  'metadata',
  'peregrine',
  'requestor',
  'sheepdog',
  'wts',
];

/** Secret Manager entries terraform/secrets.tf creates besides the database credentials. */
export const COMMONS_SECRET_NAMES = [
  'audit-g3auto',
  'cohort-middleware-g3auto',
  'csoc-telemetry-ingest',
  'fence-config',
  'fence-google-app-creds-secret',
  'fence-google-storage-creds-secret',
  'fence-jwt-keys',
  'gen3userdatalibrary-g3auto',
  'indexd-service-creds',
  'manifestservice-g3auto',
  'metadata-g3auto',
  'pelicanservice-g3auto',
  'requestor-g3auto',
  'sower-jobs-g3auto',
  'ssjdispatcher-creds',
  'wts-g3auto',
];

/** Kubernetes service account each Google service account trusts (terraform/identity.tf). */
export const WORKLOAD_IDENTITIES: Record<string, { accountSuffix: string; serviceAccount: string }> = {
  fence: { accountSuffix: 'fence', serviceAccount: 'fence-sa' },
  audit: { accountSuffix: 'audit', serviceAccount: 'audit-service-sa' },
  hatchery: { accountSuffix: 'hatchery', serviceAccount: 'hatchery-service-account' },
  manifestservice: { accountSuffix: 'manifest', serviceAccount: 'manifestservice-sa' },
  external_secrets: { accountSuffix: 'eso', serviceAccount: 'gcp-secret-store-sa' },
};

/** Placeholder outputs, named and shaped exactly as `terraform output -json` reports them (values only). */
export function placeholderOutputs(options: PlaceholderOutputsOptions): Record<string, unknown> {
  const { environment: env, projectId: project, region, namespace } = options;
  const bucketPrefix = options.bucketPrefix ?? `${project}-${env}`;
  const services = options.databaseServices ?? DEFAULT_DATABASE_SERVICES;
  return {
    project_id: project,
    region,
    environment: env,
    namespace,
    network_name: `${env}-vpc`,
    subnetwork_name: `${env}-nodes`,
    cluster_name: env,
    cluster_location: region,
    cluster_endpoint: `https://${env}.${region}.placeholder.invalid`,
    cluster_ca_certificate: '',
    workload_identity_pool: `${project}.svc.id.goog`,
    kms_key_id: `projects/${project}/locations/${region}/keyRings/${env}-gen3/cryptoKeys/${env}-gen3`,
    postgres_instance_name: `${env}-postgres`,
    postgres_connection_name: `${project}:${region}:${env}-postgres`,
    postgres_private_ip: '192.0.2.10',
    postgres_port: 5432,
    db_secret_names: Object.fromEntries(
      services.map((service) => [service, `${env}-${namespace}-${service}-creds`]),
    ),
    data_bucket_name: `${bucketPrefix}-data`,
    logs_bucket_name: `${bucketPrefix}-logs`,
    manifest_bucket_name: `${bucketPrefix}-manifest`,
    user_yaml_bucket_name: `${bucketPrefix}-useryaml`,
    service_accounts: Object.fromEntries(
      Object.entries(WORKLOAD_IDENTITIES).map(([key, identity]) => [
        key,
        {
          email: `${env}-${identity.accountSuffix}@${project}.iam.gserviceaccount.com`,
          namespace,
          name: identity.serviceAccount,
        },
      ]),
    ),
    es_endpoint: 'http://gen3-elasticsearch-master:9200',
    search_node_pool: options.searchNodePool === false ? null : 'csoc.gen3.org/workload=search',
    cloud_armor_policy_name: options.cloudArmorEnabled === false ? null : `${env}-gen3`,
    ingress_address_name: `${env}-ingress`,
    ingress_address: '192.0.2.80',
    secret_ids: Object.fromEntries(
      [...services.map((service) => `${service}-creds`), ...COMMONS_SECRET_NAMES].map((name) => [
        name,
        `${env}-${namespace}-${name}`,
      ]),
    ),
  };
}

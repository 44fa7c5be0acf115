// Outputs of the azure plugin before an apply: every output terraform/outputs.tf declares, with clearly fake
// values (nil GUIDs, *.placeholder.invalid hosts) where only an apply can tell. Used to preview the Gen3
// values of a commons not yet applied, and by the output contract test.

export interface PlaceholderOutputsOptions {
  environment: string;
  location: string;
  namespace: string;
  /** Input wafEnabled: the Application Gateway ingress instead of web app routing. */
  wafEnabled?: boolean;
  /** Input tlsClusterIssuer (default letsencrypt-prod). */
  tlsClusterIssuer?: string;
  /** Input elasticsearchUrl ('' or absent: the in-cluster service). */
  elasticsearchUrl?: string;
  /** Input databaseServices (default: the manifest's). */
  databaseServices?: string[];
}

/** A GUID no tenant, subscription or identity has; `n` keeps the client ids apart. */
export const placeholderGuid = (n = 0): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Service identity -> the service account its federated credential trusts (terraform/identities.tf). */
export const SERVICE_ACCOUNTS: Record<string, string> = {
  fence: 'fence-sa',
  audit: 'audit-service-sa',
  hatchery: 'hatchery-service-account',
  manifestservice: 'manifestservice-sa',
  external_secrets: 'secret-store-sa',
};

const DEFAULT_DATABASES = [
  'arborist',
  'audit',
  'fence',
  'indexd',
  'metadata',
  'requestor',
  'sheepdog',
  'wts',
];

/** Placeholder outputs, named and shaped exactly as `terraform output -json` reports them (values only). */
export function placeholderOutputs(options: PlaceholderOutputsOptions): Record<string, unknown> {
  const { environment: env, location, namespace } = options;
  const storageAccount = `${env.replace(/-/g, '')}gen3000000`;
  const identities = Object.keys(SERVICE_ACCOUNTS);
  return {
    environment: env,
    namespace,
    location,
    tenant_id: placeholderGuid(),
    subscription_id: placeholderGuid(),
    resource_group_name: `rg-${env}-gen3`,
    cluster_name: env,
    cluster_endpoint: `https://${env}.hcp.${location}.placeholder.invalid:443`,
    oidc_issuer_url: `https://${location}.oic.placeholder.invalid/${placeholderGuid()}/`,
    key_vault_name: `kv-${env}-0000`,
    key_vault_url: `https://kv-${env}-0000.vault.placeholder.invalid/`,
    postgres_server_name: `psql-${env}-000000`,
    postgres_host: `psql-${env}-000000.postgres.placeholder.invalid`,
    postgres_master_secret_name: `${env}-${namespace}-postgres-master`,
    postgres_databases: [...(options.databaseServices ?? DEFAULT_DATABASES)]
      .map((service) => service.replace(/-/g, '_'))
      .sort(),
    storage_account_name: storageAccount,
    blob_endpoint: `https://${storageAccount}.blob.placeholder.invalid/`,
    blob_containers: { data: 'data', logs: 'logs', manifest: 'manifests', user_yaml: 'useryaml' },
    workload_identity_client_ids: Object.fromEntries(
      identities.map((key, index) => [key, placeholderGuid(index + 1)]),
    ),
    service_accounts: Object.fromEntries(
      identities.map((key) => [key, { namespace, name: SERVICE_ACCOUNTS[key]! }]),
    ),
    es_endpoint: options.elasticsearchUrl
      ? options.elasticsearchUrl
      : `http://gen3-elasticsearch-master.${namespace}.svc.cluster.local:9200`,
    ingress_class_name: options.wafEnabled
      ? 'azure-application-gateway'
      : 'webapprouting.kubernetes.azure.com',
    cluster_issuer: options.tlsClusterIssuer ?? 'letsencrypt-prod',
    waf_policy_id: options.wafEnabled
      ? `/subscriptions/${placeholderGuid()}/resourceGroups/rg-${env}-gen3/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf-${env}`
      : null,
    ingress_public_ip: options.wafEnabled ? '192.0.2.10' : null,
    log_analytics_workspace_id: `/subscriptions/${placeholderGuid()}/resourceGroups/rg-${env}-gen3/providers/Microsoft.OperationalInsights/workspaces/log-${env}`,
  };
}

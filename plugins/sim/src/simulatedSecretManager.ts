// The simulated secret manager of a sim commons: the same entries, names and properties the AWS plugin's
// design leaves in Secrets Manager (plugins/aws/terraform/commons-secrets.json, ADR 0027), so a sim deploy
// fails where a real one would when an ExternalSecret reads an entry or property nobody creates. Names and
// property names only: the simulator holds no secret value.

/** Who writes an entry's value in the real design (the simulator stands in for all of them). */
export type SimulatedSecretCreator = 'terraform' | 'bootstrap' | 'operator' | 'csoc';

export interface SimulatedSecretEntry {
  properties: string[];
  creator: SimulatedSecretCreator;
}

/** Services with a database credential unless told otherwise (the AWS plugin's `databaseServices` default). */
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

/** Properties of every `<environment>-<namespace>-<service>-creds` database credential. */
export const DATABASE_CREDENTIAL_PROPERTIES = [
  'database',
  'dbcreated',
  'host',
  'password',
  'port',
  'username',
];

/** Every entry besides the database credentials, keyed by name without the commons prefix. */
export const COMMONS_SECRETS: Record<string, SimulatedSecretEntry> = {
  'audit-g3auto': { properties: ['audit-service-config.yaml'], creator: 'terraform' },
  'cohort-middleware-g3auto': { properties: ['development.yaml'], creator: 'operator' },
  // The telemetry agent's OTLP ingest credential, which CSOC itself writes (ADR 0040).
  'csoc-telemetry-ingest': { properties: ['token'], creator: 'csoc' },
  'fence-config': { properties: ['fence-config.yaml'], creator: 'terraform' },
  'fence-google-app-creds-secret': {
    properties: ['fence_google_app_creds_secret.json'],
    creator: 'terraform',
  },
  'fence-google-storage-creds-secret': {
    properties: ['fence_google_storage_creds_secret.json'],
    creator: 'terraform',
  },
  'fence-jwt-keys': { properties: ['jwt_private_key.pem'], creator: 'bootstrap' },
  'gen3userdatalibrary-g3auto': {
    properties: ['base64Authz.txt', 'dbcreds.json', 'gen3-user-data-library.env'],
    creator: 'terraform',
  },
  'indexd-service-creds': { properties: ['fence', 'gateway', 'sheepdog', 'ssj'], creator: 'terraform' },
  'manifestservice-g3auto': { properties: ['config.json'], creator: 'terraform' },
  'metadata-g3auto': {
    properties: ['base64Authz.txt', 'dbcreds.json', 'metadata.env'],
    creator: 'terraform',
  },
  'pelicanservice-g3auto': { properties: ['config.json'], creator: 'terraform' },
  'requestor-g3auto': { properties: ['config.yaml'], creator: 'terraform' },
  'sower-jobs-g3auto': { properties: ['config.json'], creator: 'terraform' },
  'ssjdispatcher-creds': { properties: ['credentials.json'], creator: 'terraform' },
  'wts-g3auto': { properties: ['appcreds.json'], creator: 'terraform' },
};

export interface SimulatedSecretManagerOptions {
  /** The commons environment (cluster name). */
  environment: string;
  /** The Kubernetes namespace of the commons. */
  namespace: string;
  /** Services with a database credential (the AWS plugin's `databaseServices`). */
  databaseServices: string[];
  /** Secrets the operator stores for login providers (`clientSecretRef`), each with property client_secret. */
  loginClientSecretRefs?: string[];
}

/**
 * The entries a sim commons' secret manager holds after apply and bootstrap, by full name
 * (`<environment>-<namespace>-<name>`, the only names the commons may read).
 *
 * @example
 *   simulatedSecretManager({ environment: 'sim-1', namespace: 'sandbox', databaseServices: ['fence'] })
 *   // { 'sim-1-sandbox-fence-creds': { properties: ['database', ...], creator: 'terraform' }, ... }
 */
export function simulatedSecretManager(
  options: SimulatedSecretManagerOptions,
): Record<string, SimulatedSecretEntry> {
  const prefix = `${options.environment}-${options.namespace}-`;
  const entries: Record<string, SimulatedSecretEntry> = {};
  for (const [name, entry] of Object.entries(COMMONS_SECRETS)) {
    entries[`${prefix}${name}`] = { properties: [...entry.properties], creator: entry.creator };
  }
  for (const service of options.databaseServices) {
    entries[`${prefix}${service}-creds`] = {
      properties: [...DATABASE_CREDENTIAL_PROPERTIES],
      creator: 'terraform',
    };
  }
  for (const ref of options.loginClientSecretRefs ?? []) {
    entries[ref] = { properties: ['client_secret'], creator: 'operator' };
  }
  return entries;
}

// The composite secrets Gen3's charts read that no DigitalOcean resource generates (fence's configuration
// and signing key, the g3auto configurations, indexd's service passwords), made by the write step from the
// database credentials Terraform created and fresh random keys. They are written once (create-only, see
// writeClusterSecrets): a re-apply never rotates a signing key or a password other services already use.
// Names and keys as gen3-helm's templates and the renderer's ExternalSecrets read them; the AWS plugin
// makes the same entries in Secrets Manager (plugins/aws/terraform/secrets.tf).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** One `<env>-<namespace>-<service>-creds` Secret as the write step receives it. */
export interface DatabaseCredential {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
}

export interface GeneratedSecretsOptions {
  /** `<environment>-<namespace>`: every name starts with it. */
  prefix: string;
  /** The commons' public hostname (wts and manifestservice build URLs from it). */
  hostname: string;
  manifestBucket: string;
  /** Database credentials by Gen3 service. */
  databases: Record<string, DatabaseCredential>;
}

/** URL-safe base64 of 32 random bytes: a Fernet key (fence, wts). */
const fernetKey = () => randomBytes(32).toString('base64url');
/** 32 hex digits: a service password. */
const password = () => randomBytes(16).toString('hex');

/**
 * Block-style YAML of a flat map: one `KEY: value` line each, strings double-quoted (a JSON string is a
 * YAML double-quoted scalar). Block style matters: the renderer's fence-config template appends
 * `OPENID_CONNECT:` lines after this text.
 */
export function flatYaml(values: Record<string, string | number | boolean>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n')
    .concat('\n');
}

/** The database credentials of the write step's Secrets: `<prefix>-<service>-creds` entries. */
export function databaseCredentials(
  prefix: string,
  secrets: Record<string, Record<string, string>>,
): Record<string, DatabaseCredential> {
  const databases: Record<string, DatabaseCredential> = {};
  for (const [name, data] of Object.entries(secrets)) {
    const match = name.startsWith(`${prefix}-`) && /^(.+)-creds$/.exec(name.slice(prefix.length + 1));
    if (match && data.host && data.password)
      databases[match[1]!] = {
        host: data.host,
        port: data.port ?? '5432',
        database: data.database ?? '',
        username: data.username ?? '',
        password: data.password,
      };
  }
  return databases;
}

/** Secret name (with prefix) -> key -> value, for the services whose database exists. */
export function generatedSecrets(options: GeneratedSecretsOptions): Record<string, Record<string, string>> {
  const { prefix, hostname, databases } = options;
  const indexd = { fence: password(), gateway: password(), sheepdog: password(), ssj: password() };
  const gatewayAuthz = `gateway:${indexd.gateway}`;
  const secrets: Record<string, Record<string, string>> = {
    'fence-google-app-creds-secret': { 'fence_google_app_creds_secret.json': '{}' },
    'fence-google-storage-creds-secret': { 'fence_google_storage_creds_secret.json': '{}' },
    'indexd-service-creds': indexd,
    'manifestservice-g3auto': {
      'config.json': JSON.stringify({
        manifest_bucket_name: options.manifestBucket,
        hostname,
        prefix: hostname,
      }),
    },
    'pelicanservice-g3auto': {
      'config.json': JSON.stringify({ manifest_bucket_name: options.manifestBucket, hostname }),
    },
    'sower-jobs-g3auto': { 'config.json': '{}' },
    'wts-g3auto': {
      'appcreds.json': JSON.stringify({
        wts_base_url: `https://${hostname}/wts/`,
        fence_base_url: `https://${hostname}/user`,
        encryption_key: fernetKey(),
        secret_key: fernetKey(),
        external_oidc: [],
      }),
    },
  };
  const fence = databases.fence;
  if (fence) {
    secrets['fence-config'] = {
      // No OPENID_CONNECT: the renderer's ExternalSecret appends the login providers' client secrets.
      'fence-config.yaml': flatYaml({
        DB: `postgresql://${fence.username}:${encodeURIComponent(fence.password)}@${fence.host}:${fence.port}/${fence.database}?sslmode=require`,
        ENCRYPTION_KEY: fernetKey(),
        HMAC_ENCRYPTION_KEY: fernetKey(),
        INDEXD_USERNAME: 'fence',
        INDEXD_PASSWORD: indexd.fence,
      }),
    };
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    secrets['fence-jwt-keys'] = { 'jwt_private_key.pem': privateKey };
  }
  const audit = databases.audit;
  if (audit) {
    secrets['audit-g3auto'] = {
      // No queue on DigitalOcean: audit takes events over HTTP (PULL_FROM_QUEUE false).
      'audit-service-config.yaml': flatYaml({
        DB_HOST: audit.host,
        DB_PORT: audit.port,
        DB_USER: audit.username,
        DB_PASSWORD: audit.password,
        DB_DATABASE: audit.database,
        PULL_FROM_QUEUE: false,
      }),
    };
  }
  const withAdmin = (database: DatabaseCredential, envFile: string) => ({
    'base64Authz.txt': Buffer.from(gatewayAuthz).toString('base64'),
    'dbcreds.json': JSON.stringify({
      db_host: database.host,
      db_username: database.username,
      db_password: database.password,
      db_database: database.database,
    }),
    [envFile]: [
      `DB_HOST=${database.host}`,
      `DB_USER=${database.username}`,
      `DB_PASSWORD=${database.password}`,
      `DB_DATABASE=${database.database}`,
      `ADMIN_LOGINS=${gatewayAuthz}`,
      '',
    ].join('\n'),
  });
  if (databases.metadata) secrets['metadata-g3auto'] = withAdmin(databases.metadata, 'metadata.env');
  const library = databases['gen3-user-data-library'];
  if (library) secrets['gen3userdatalibrary-g3auto'] = withAdmin(library, 'gen3-user-data-library.env');
  const requestor = databases.requestor;
  if (requestor)
    secrets['requestor-g3auto'] = {
      'config.yaml': flatYaml({
        DB_HOST: requestor.host,
        DB_USER: requestor.username,
        DB_PASSWORD: requestor.password,
        DB_DATABASE: requestor.database,
      }),
    };
  return Object.fromEntries(Object.entries(secrets).map(([name, data]) => [`${prefix}-${name}`, data]));
}

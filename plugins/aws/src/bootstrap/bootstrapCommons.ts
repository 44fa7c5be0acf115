// The commons bootstrap step (ADR 0027), run at the end of apply: creates each database service's
// PostgreSQL role and database through the RDS Data API (authenticated by the master secret's ARN: the
// master password never leaves AWS) from the credentials Terraform wrote, and writes fence's RSA signing
// key into its empty entry once. Idempotent; logs names only. Passwords reach PostgreSQL as bind parameters
// inside a transaction, never in SQL text.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { AwsApiError, callRdsData, callSecretsManager, type AwsEndpointOptions } from './callAwsApi.ts';
import type { AwsCredentials } from './signAwsRequest.ts';

export interface BootstrapCommonsOptions {
  region: string;
  credentials: AwsCredentials;
  /** ARN of the Aurora cluster (the Data API's resourceArn). */
  clusterArn: string;
  /** ARN of the master credentials in Secrets Manager (the Data API's secretArn). */
  masterSecretArn: string;
  /** `<environment>-<namespace>-`: the prefix of every entry of the commons. */
  secretPrefix: string;
  /** Services with `<prefix><service>-creds` entries. */
  databaseServices: string[];
  /** Endpoint overrides (tests, VPC endpoints). */
  endpoints?: { secretsManager?: string; rdsData?: string };
  /** Progress lines (names only). */
  log?: (line: string) => void;
}

export interface BootstrapCommonsResult {
  /** Databases created by this run (existing ones are left as they are). */
  createdDatabases: string[];
  /** Roles whose password was set from their entry (all of them: a rotated entry takes effect). */
  roles: string[];
  /** True when this run wrote fence's JWT key. */
  wroteJwtKey: boolean;
}

interface DatabaseCredentials {
  username: string;
  password: string;
  database: string;
}

/** PostgreSQL identifiers CSOC generates: `<service>_<namespace>`, lowercase, no quoting surprises. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates or updates each service's role, creates its database, and writes fence's JWT key once. */
export async function bootstrapCommons(options: BootstrapCommonsOptions): Promise<BootstrapCommonsResult> {
  const log = options.log ?? (() => {});
  const secretsManager: AwsEndpointOptions = {
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoints?.secretsManager,
  };
  const rdsData: AwsEndpointOptions = { ...secretsManager, endpoint: options.endpoints?.rdsData };
  const execute = (sql: string, extra: Record<string, unknown> = {}) =>
    callRdsData<{ records?: unknown[][] }>(rdsData, '/Execute', {
      resourceArn: options.clusterArn,
      secretArn: options.masterSecretArn,
      database: 'postgres',
      sql,
      ...extra,
    });

  const result: BootstrapCommonsResult = { createdDatabases: [], roles: [], wroteJwtKey: false };
  for (const service of options.databaseServices) {
    const secretId = `${options.secretPrefix}${service}-creds`;
    const { SecretString } = await callSecretsManager<{ SecretString?: string }>(
      secretsManager,
      'GetSecretValue',
      {
        SecretId: secretId,
      },
    );
    const credentials = JSON.parse(SecretString ?? '{}') as DatabaseCredentials;
    for (const [field, value] of [
      ['username', credentials.username],
      ['database', credentials.database],
    ] as const) {
      if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
        throw new Error(
          `${secretId}: ${field} must be a lowercase PostgreSQL identifier, not "${String(value)}"`,
        );
      }
    }
    if (typeof credentials.password !== 'string' || credentials.password.length < 16) {
      throw new Error(`${secretId}: password is missing or shorter than 16 characters`);
    }

    // Role: in one transaction, the password travels as a parameter into a transaction-local setting that
    // the DO block reads; the statement text holds no value. The master user also becomes a member (ADMIN
    // from CREATE ROLE is not enough on PostgreSQL 16 to create a database owned by the role).
    const { transactionId } = await callRdsData<{ transactionId: string }>(rdsData, '/BeginTransaction', {
      resourceArn: options.clusterArn,
      secretArn: options.masterSecretArn,
      database: 'postgres',
    });
    try {
      await execute(
        "SELECT set_config('csoc.role', :role, true), set_config('csoc.password', :password, true)",
        {
          transactionId,
          parameters: [
            { name: 'role', value: { stringValue: credentials.username } },
            { name: 'password', value: { stringValue: credentials.password } },
          ],
        },
      );
      await execute(ENSURE_ROLE_SQL, { transactionId });
      await callRdsData(rdsData, '/CommitTransaction', {
        resourceArn: options.clusterArn,
        secretArn: options.masterSecretArn,
        transactionId,
      });
    } catch (error) {
      await callRdsData(rdsData, '/RollbackTransaction', {
        resourceArn: options.clusterArn,
        secretArn: options.masterSecretArn,
        transactionId,
      }).catch(() => undefined);
      throw error;
    }
    result.roles.push(credentials.username);

    const existing = await execute('SELECT 1 FROM pg_database WHERE datname = :database', {
      parameters: [{ name: 'database', value: { stringValue: credentials.database } }],
    });
    if ((existing.records ?? []).length === 0) {
      // CREATE DATABASE runs outside a transaction; both names passed IDENTIFIER above.
      await execute(`CREATE DATABASE "${credentials.database}" OWNER "${credentials.username}"`);
      result.createdDatabases.push(credentials.database);
      log(`created database ${credentials.database} owned by ${credentials.username}`);
    } else {
      log(
        `database ${credentials.database} exists; role ${credentials.username} password set from ${secretId}`,
      );
    }
    // Gen3 services (arborist, indexd, sheepdog) use ltree; a trusted extension, created here as gen3-helm's job does.
    await execute('CREATE EXTENSION IF NOT EXISTS ltree', { database: credentials.database });
  }

  const jwtSecretId = `${options.secretPrefix}fence-jwt-keys`;
  const described = await callSecretsManager<{ VersionIdsToStages?: Record<string, string[]> }>(
    secretsManager,
    'DescribeSecret',
    { SecretId: jwtSecretId },
  );
  const hasValue = Object.values(described.VersionIdsToStages ?? {}).some((stages) =>
    stages.includes('AWSCURRENT'),
  );
  if (!hasValue) {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    await callSecretsManager(secretsManager, 'PutSecretValue', {
      SecretId: jwtSecretId,
      SecretString: JSON.stringify({ 'jwt_private_key.pem': privateKey }),
      ClientRequestToken: randomUUID(),
    });
    result.wroteJwtKey = true;
    log(`wrote fence's signing key to ${jwtSecretId}`);
  } else {
    log(`${jwtSecretId} already holds a key; left as it is`);
  }
  return result;
}

/** Reads csoc.role and csoc.password (transaction-local); EXECUTE'd statements are not logged by log_statement. */
const ENSURE_ROLE_SQL = `DO $bootstrap$
DECLARE
  role_name text := current_setting('csoc.role');
  role_password text := current_setting('csoc.password');
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
    EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', role_name, role_password);
  ELSE
    EXECUTE format('CREATE ROLE %I WITH LOGIN PASSWORD %L', role_name, role_password);
  END IF;
  IF NOT pg_has_role(current_user, role_name, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', role_name, current_user);
  END IF;
END
$bootstrap$`;

export { AwsApiError };

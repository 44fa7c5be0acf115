// The commons bootstrap against a local Secrets Manager and RDS Data API whose statements run on a real
// PostgreSQL (testing/startLocalAwsForBootstrap.ts): each service can then log in to its own database with
// the password Terraform wrote, a rotated password takes effect on the next run, fence's key is written once,
// and no password appears in any SQL text or log line.
import { createPrivateKey } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAwsForBootstrap, type LocalAws } from '../testing/startLocalAwsForBootstrap.ts';
import { bootstrapCommons, type BootstrapCommonsOptions } from './bootstrapCommons.ts';

const serverUrl = process.env.CSOC_TEST_DATABASE_URL;
const suffix = `t${process.pid}_${Date.now() % 100000}`;
const prefix = 'c1-brain-';
const masterSecretArn =
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:c1-aurora-master-password-AbCdEf';
const services = ['fence', 'indexd'];
const password = (service: string, round: number) => `${service}${round}pw${'0123456789abcdef'.repeat(2)}`;

let aws: LocalAws;
const logLines: string[] = [];

function writeCredentials(round: number): void {
  for (const service of services) {
    const name = `${service}_${suffix}`;
    aws.secrets.set(`${prefix}${service}-creds`, [
      JSON.stringify({
        host: 'h',
        port: '5432',
        username: name,
        database: name,
        password: password(service, round),
        dbcreated: 'true',
      }),
    ]);
  }
}

function options(): BootstrapCommonsOptions {
  return {
    region: 'us-east-1',
    credentials: aws.credentials,
    clusterArn: 'arn:aws:rds:us-east-1:111122223333:cluster:c1-aurora',
    masterSecretArn,
    secretPrefix: prefix,
    databaseServices: services,
    endpoints: { secretsManager: aws.url, rdsData: aws.url },
    log: (line) => logLines.push(line),
  };
}

async function canLogIn(service: string, round: number): Promise<boolean> {
  const url = new URL(serverUrl!);
  url.username = `${service}_${suffix}`;
  url.password = password(service, round);
  url.pathname = `/${service}_${suffix}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const { rows } = await client.query(
      "SELECT current_database() AS db, (SELECT count(*) FROM pg_extension WHERE extname = 'ltree') AS ltree",
    );
    await client.query('CREATE TABLE IF NOT EXISTS owned_by_service (id int)');
    return rows[0].db === `${service}_${suffix}` && Number(rows[0].ltree) === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

beforeAll(async () => {
  if (!serverUrl)
    throw new Error(
      'CSOC_TEST_DATABASE_URL is not set; run through vitest (its global setup starts PostgreSQL)',
    );
  aws = await startLocalAwsForBootstrap({ postgresUrl: serverUrl, masterSecretArn, region: 'us-east-1' });
  aws.secrets.set(`${prefix}fence-jwt-keys`, []);
  writeCredentials(1);
}, 60_000);

afterAll(async () => {
  await aws?.close();
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const service of services) {
    await admin.query(`DROP DATABASE IF EXISTS "${service}_${suffix}"`);
    await admin.query(`DROP ROLE IF EXISTS "${service}_${suffix}"`);
  }
  await admin.end();
});

describe('bootstrapCommons', () => {
  it('creates each service role and database from its Terraform-written credentials, and fence’s key', async () => {
    const result = await bootstrapCommons(options());
    expect(result.createdDatabases).toEqual(services.map((s) => `${s}_${suffix}`));
    expect(result.wroteJwtKey).toBe(true);
    for (const service of services)
      expect(await canLogIn(service, 1), `${service} logs in to its database`).toBe(true);
    const [jwt] = aws.secrets.get(`${prefix}fence-jwt-keys`)!;
    const pem = JSON.parse(jwt!)['jwt_private_key.pem'] as string;
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(createPrivateKey(pem).asymmetricKeyDetails?.modulusLength).toBe(2048);
  }, 120_000);

  it('runs again without changing what exists, and applies a rotated password', async () => {
    writeCredentials(2);
    const result = await bootstrapCommons(options());
    expect(result.createdDatabases).toEqual([]);
    expect(result.wroteJwtKey).toBe(false);
    expect(aws.secrets.get(`${prefix}fence-jwt-keys`)).toHaveLength(1);
    for (const service of services) {
      expect(await canLogIn(service, 2), `${service} logs in with the rotated password`).toBe(true);
      expect(await canLogIn(service, 1), `${service}'s old password no longer works`).toBe(false);
    }
  }, 120_000);

  it('never puts a password in SQL text or in its log', () => {
    const passwords = services.flatMap((service) => [password(service, 1), password(service, 2)]);
    expect(aws.statements.length).toBeGreaterThan(0);
    for (const text of [...aws.statements, ...logLines]) {
      for (const secret of passwords) expect(text).not.toContain(secret);
    }
  });

  it('names the entry and the problem when a credential is not usable, before touching the database', async () => {
    aws.secrets.set(`${prefix}fence-creds`, [
      JSON.stringify({ username: 'Robert"); DROP', database: 'x', password: 'p' }),
    ]);
    await expect(bootstrapCommons({ ...options(), databaseServices: ['fence'] })).rejects.toThrow(
      'c1-brain-fence-creds: username must be a lowercase PostgreSQL identifier',
    );
  });

  it('refuses a request signed with other credentials, as AWS would', async () => {
    await expect(
      bootstrapCommons({ ...options(), credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other' } }),
    ).rejects.toMatchObject({ code: 'InvalidSignatureException' });
  });
});

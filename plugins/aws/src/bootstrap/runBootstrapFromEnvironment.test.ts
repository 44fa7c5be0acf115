// The bootstrap verb as Terraform's local-exec runs it: names from CSOC_BOOTSTRAP_*, the customer's role
// assumed through STS (a stand-in), Secrets Manager and the Data API served locally on a real PostgreSQL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSts, type FakeSts } from '../testing/startFakeSts.ts';
import { startLocalAwsForBootstrap, type LocalAws } from '../testing/startLocalAwsForBootstrap.ts';
import { runBootstrapFromEnvironment } from './runBootstrapFromEnvironment.ts';

const serverUrl = process.env.CSOC_TEST_DATABASE_URL;
const role = `arborist_e${process.pid}`;
const masterSecretArn = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:e1-aurora-master-password-x';
let sts: FakeSts;
let aws: LocalAws;

beforeAll(async () => {
  if (!serverUrl) throw new Error('CSOC_TEST_DATABASE_URL is not set; run through vitest');
  sts = await startFakeSts();
  aws = await startLocalAwsForBootstrap({
    postgresUrl: serverUrl,
    masterSecretArn,
    region: 'us-east-2',
    // What the STS stand-in hands out for the assumed role.
    credentials: {
      accessKeyId: 'ASIAFAKEASSUMEDROLE1',
      secretAccessKey: 'fake-secret',
      sessionToken: 'fake-session-token',
    },
  });
  aws.secrets.set('e1-brain-arborist-creds', [
    JSON.stringify({ username: role, database: role, password: 'arborist-password-0123456789abcdef' }),
  ]);
  aws.secrets.set('e1-brain-fence-jwt-keys', []);
}, 60_000);

afterAll(async () => {
  await sts?.close();
  await aws?.close();
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${role}"`);
  await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  await admin.end();
});

const baseEnv = () => ({
  CSOC_BOOTSTRAP_REGION: 'us-east-2',
  CSOC_BOOTSTRAP_CLUSTER_ARN: 'arn:aws:rds:us-east-2:123456789012:cluster:e1-aurora',
  CSOC_BOOTSTRAP_MASTER_SECRET_ARN: masterSecretArn,
  CSOC_BOOTSTRAP_SECRET_PREFIX: 'e1-brain-',
  CSOC_BOOTSTRAP_DATABASE_SERVICES: 'arborist',
  CSOC_BOOTSTRAP_ROLE_ARN: 'arn:aws:iam::123456789012:role/csoc-gen3',
  TF_VAR_assume_role_external_id: 'external-id-1234',
  AWS_ACCESS_KEY_ID: 'AKIACUSTOMERKEYS001',
  AWS_SECRET_ACCESS_KEY: 'customer-secret',
  AWS_ENDPOINT_URL_STS: sts.url,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
  AWS_ENDPOINT_URL_RDS_DATA: aws.url,
});

describe('runBootstrapFromEnvironment', () => {
  it('assumes the account role with its external id, then creates the database and the key', async () => {
    const lines: string[] = [];
    const result = await runBootstrapFromEnvironment(baseEnv(), (line) => lines.push(line));
    expect(sts.calls.at(-1)).toMatchObject({
      params: {
        Action: 'AssumeRole',
        RoleArn: 'arn:aws:iam::123456789012:role/csoc-gen3',
        ExternalId: 'external-id-1234',
      },
      signedWithAccessKeyId: 'AKIACUSTOMERKEYS001',
    });
    expect(result).toEqual({ createdDatabases: [role], roles: [role], wroteJwtKey: true });
    expect(lines.join('\n')).not.toContain('arborist-password');
  }, 120_000);

  it('says which variable is missing', async () => {
    const env: Record<string, string> = baseEnv();
    delete env.CSOC_BOOTSTRAP_CLUSTER_ARN;
    await expect(runBootstrapFromEnvironment(env, () => {})).rejects.toThrow(
      'CSOC_BOOTSTRAP_CLUSTER_ARN is not set',
    );
  });

  it('says what to give when there are no keys to sign with', async () => {
    const env: Record<string, string> = baseEnv();
    delete env.AWS_ACCESS_KEY_ID;
    await expect(runBootstrapFromEnvironment(env, () => {})).rejects.toThrow(
      'give the cloud account static keys',
    );
  });
});

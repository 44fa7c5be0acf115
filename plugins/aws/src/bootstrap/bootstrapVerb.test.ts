// The wiring from Terraform to the bootstrap: the local-exec command of terraform_data.bootstrap (read from
// secrets.tf) run by `sh` as Terraform runs it, with CSOC_AWS_BOOTSTRAP_COMMAND quoted the way main.ts sets
// it, starts the plugin's entry point with the `bootstrap` verb, which creates the database on a real
// PostgreSQL behind the local Data API. An apply against AWS itself cannot run here.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAwsForBootstrap, type LocalAws } from '../testing/startLocalAwsForBootstrap.ts';

const serverUrl = process.env.CSOC_TEST_DATABASE_URL;
const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const secretsTf = readFileSync(fileURLToPath(new URL('../../terraform/secrets.tf', import.meta.url)), 'utf8');
const role = `wts_v${process.pid}`;
const masterSecretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:v1-aurora-master-password-x';
let aws: LocalAws;

/** The local-exec command as the shell receives it (HCL's `$${` is a literal `${`, `\"` a quote). */
function localExecCommand(): string {
  const block = secretsTf.slice(secretsTf.indexOf('resource "terraform_data" "bootstrap"'));
  const hcl = /command\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(block)?.[1];
  if (!hcl) throw new Error('terraform_data.bootstrap has no local-exec command');
  return hcl.replace(/\\"/g, '"').replace(/\$\$\{/g, '${');
}

function run(command: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

beforeAll(async () => {
  if (!serverUrl) throw new Error('CSOC_TEST_DATABASE_URL is not set; run through vitest');
  aws = await startLocalAwsForBootstrap({ postgresUrl: serverUrl, masterSecretArn, region: 'us-east-1' });
  aws.secrets.set('v1-brain-wts-creds', [
    JSON.stringify({ username: role, database: role, password: 'wts-password-0123456789abcdef' }),
  ]);
  aws.secrets.set('v1-brain-fence-jwt-keys', []);
}, 60_000);

afterAll(async () => {
  await aws?.close();
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${role}"`);
  await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  await admin.end();
});

describe("terraform_data.bootstrap's command", () => {
  const env = () => ({
    PATH: process.env.PATH,
    // As main.ts sets it: every part single-quoted (paths with spaces survive), run through eval.
    CSOC_AWS_BOOTSTRAP_COMMAND: [process.execPath, '--import', 'tsx', mainFile, 'bootstrap']
      .map((part) => `'${part.replace(/'/g, `'\\''`)}'`)
      .join(' '),
    CSOC_BOOTSTRAP_REGION: 'us-east-1',
    CSOC_BOOTSTRAP_CLUSTER_ARN: 'arn:aws:rds:us-east-1:111122223333:cluster:v1-aurora',
    CSOC_BOOTSTRAP_MASTER_SECRET_ARN: masterSecretArn,
    CSOC_BOOTSTRAP_SECRET_PREFIX: 'v1-brain-',
    CSOC_BOOTSTRAP_DATABASE_SERVICES: 'wts',
    CSOC_BOOTSTRAP_ROLE_ARN: '',
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
    AWS_ENDPOINT_URL_RDS_DATA: aws.url,
  });

  it('runs the plugin entry point with the bootstrap verb, which creates the database', async () => {
    const result = await run(localExecCommand(), env());
    expect(result.output).toContain(`created database ${role} owned by ${role}`);
    expect(result.output).not.toContain('wts-password');
    expect(result.code).toBe(0);
  }, 120_000);

  it('fails the apply with a message when the plugin did not set the command', async () => {
    const { CSOC_AWS_BOOTSTRAP_COMMAND: _unset, ...withoutCommand } = env();
    const result = await run(localExecCommand(), withoutCommand);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('is set by the CSOC aws plugin');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAwsCredentials } from './applyAwsCredentials.ts';

const roleArn = 'arn:aws:iam::123456789012:role/csoc';
let dir: string;

async function secretsFile(name: string, secrets: Record<string, string>): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(secrets));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csoc-aws-credentials-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('applyAwsCredentials', () => {
  it('passes the external id of a role as a Terraform variable and keeps the ambient identity', async () => {
    const env: NodeJS.ProcessEnv = { AWS_SESSION_TOKEN: 'ambient', PATH: '/bin' };
    await applyAwsCredentials(
      {
        kind: 'aws',
        public: { accountId: '123456789012', roleArn },
        secretsFile: await secretsFile('role.json', { externalId: 'ext-123' }),
      },
      env,
    );
    expect(env).toEqual({
      AWS_SESSION_TOKEN: 'ambient',
      PATH: '/bin',
      TF_VAR_assume_role_external_id: 'ext-123',
    });
  });

  it('sets static keys and drops an ambient session token and profile', async () => {
    const env: NodeJS.ProcessEnv = { AWS_SESSION_TOKEN: 'ambient', AWS_PROFILE: 'other' };
    await applyAwsCredentials(
      {
        kind: 'aws',
        public: { accountId: '123456789012' },
        secretsFile: await secretsFile('keys.json', {
          accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
          secretAccessKey: 'secret-value',
        }),
      },
      env,
    );
    expect(env).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAABCDEFGHIJKLMNOP', AWS_SECRET_ACCESS_KEY: 'secret-value' });
  });

  it('refuses another cloud and an account without any identity', async () => {
    await expect(applyAwsCredentials({ kind: 'gcp', public: {} }, {})).rejects.toThrow(/aws cloud account/);
    await expect(
      applyAwsCredentials({ kind: 'aws', public: { accountId: '123456789012' } }, {}),
    ).rejects.toThrow(/neither a role to assume/);
  });
});

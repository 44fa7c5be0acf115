// The cloud account reaches the google provider as GOOGLE_CREDENTIALS only, replacing ambient credentials;
// an unusable account is refused with the fix named and without echoing the key.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyGcpCredentials } from './applyGcpCredentials.ts';

const KEY = JSON.stringify({
  type: 'service_account',
  project_id: 'acme-gen3',
  private_key: '-----BEGIN PRIVATE KEY-----\nCANARY\n-----END PRIVATE KEY-----\n',
  client_email: 'csoc@acme-gen3.iam.gserviceaccount.com',
});

describe('applyGcpCredentials', () => {
  let dir: string;
  const secretsFile = (name: string, secrets: unknown) => {
    const path = join(dir, name);
    return writeFile(path, JSON.stringify(secrets)).then(() => path);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csoc-gcp-credentials-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the service account key into GOOGLE_CREDENTIALS and drops ambient Google credentials', async () => {
    const env: NodeJS.ProcessEnv = {
      GOOGLE_APPLICATION_CREDENTIALS: '/home/someone/other-key.json',
      GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.other',
      PATH: '/usr/bin',
    };
    await applyGcpCredentials(
      {
        kind: 'gcp',
        public: { projectId: 'acme-gen3' },
        secretsFile: await secretsFile('good.json', { serviceAccountJson: KEY }),
      },
      env,
    );
    expect(env.GOOGLE_CREDENTIALS).toBe(KEY);
    expect(env.GOOGLE_APPLICATION_CREDENTIALS).toBeUndefined();
    expect(env.GOOGLE_OAUTH_ACCESS_TOKEN).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
  });

  it('refuses an account of another cloud', async () => {
    await expect(applyGcpCredentials({ kind: 'aws', public: {} }, {})).rejects.toThrow(
      /needs a gcp cloud account, not a aws one/,
    );
  });

  it('refuses an account without a key, naming the secret to add', async () => {
    await expect(
      applyGcpCredentials({ kind: 'gcp', public: { projectId: 'acme-gen3' } }, {}),
    ).rejects.toThrow(/secrets\.serviceAccountJson/);
  });

  it('refuses a key that is not a service account key without repeating it', async () => {
    const notAKey = JSON.stringify({ type: 'authorized_user', refresh_token: 'CANARY-token' });
    const env: NodeJS.ProcessEnv = {};
    const attempt = applyGcpCredentials(
      {
        kind: 'gcp',
        public: {},
        secretsFile: await secretsFile('user.json', { serviceAccountJson: notAKey }),
      },
      env,
    );
    await expect(attempt).rejects.toThrow(/not a service account key/);
    await attempt.catch((error: Error) => expect(error.message).not.toContain('CANARY'));
    expect(env.GOOGLE_CREDENTIALS).toBeUndefined();
  });
});

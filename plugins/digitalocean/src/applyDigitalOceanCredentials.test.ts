import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDigitalOceanCredentials } from './applyDigitalOceanCredentials.ts';

describe('applyDigitalOceanCredentials', () => {
  let dir: string;
  const secretsFile = async (name: string, secrets: Record<string, string>) => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(secrets), { mode: 0o600 });
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csoc-do-creds-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts the token and the Spaces key into the provider environment, replacing another token', async () => {
    const env: NodeJS.ProcessEnv = { DIGITALOCEAN_ACCESS_TOKEN: 'someone-else' };
    const file = await secretsFile('full.json', {
      token: 'dop_v1_0123456789abcdef',
      spacesAccessKeyId: 'DO00ABCDEFGHIJKLMNOP',
      spacesSecretAccessKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    });
    await applyDigitalOceanCredentials(
      { kind: 'digitalocean', public: { region: 'nyc3' }, secretsFile: file },
      env,
      'plan',
    );
    expect(env).toEqual({
      DIGITALOCEAN_TOKEN: 'dop_v1_0123456789abcdef',
      SPACES_ACCESS_KEY_ID: 'DO00ABCDEFGHIJKLMNOP',
      SPACES_SECRET_ACCESS_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    });
  });

  it('uses a Spaces key the runner already put in the environment when the account has none', async () => {
    const env: NodeJS.ProcessEnv = {
      SPACES_ACCESS_KEY_ID: 'DO00RUNNER',
      SPACES_SECRET_ACCESS_KEY: 'runner-secret',
    };
    const file = await secretsFile('token.json', { token: 'dop_v1_0123456789abcdef' });
    await applyDigitalOceanCredentials({ kind: 'digitalocean', public: {}, secretsFile: file }, env, 'apply');
    expect(env.SPACES_ACCESS_KEY_ID).toBe('DO00RUNNER');
  });

  it('refuses a plan without a Spaces key, naming the account fields, but reads outputs without one', async () => {
    const file = await secretsFile('token-only.json', { token: 'dop_v1_0123456789abcdef' });
    const credentials = { kind: 'digitalocean', public: {}, secretsFile: file };
    await expect(applyDigitalOceanCredentials(credentials, {}, 'plan')).rejects.toThrow(
      /secret fields "spacesAccessKeyId" and "spacesSecretAccessKey"/,
    );
    await expect(applyDigitalOceanCredentials(credentials, {}, 'outputs')).resolves.toBeUndefined();
  });

  it('refuses an account of another cloud, or one without a token, saying what to do', async () => {
    await expect(applyDigitalOceanCredentials({ kind: 'aws', public: {} }, {}, 'plan')).rejects.toThrow(
      /needs a digitalocean cloud account, not a aws one/,
    );
    await expect(
      applyDigitalOceanCredentials({ kind: 'digitalocean', public: {} }, {}, 'plan'),
    ).rejects.toThrow(/no API token \(secret field "token"\)/);
  });
});

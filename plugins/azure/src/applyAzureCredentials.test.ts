// The cloud account reaches the azurerm provider only through its ARM_* environment variables, and a broken
// account is refused naming the field to fix.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAzureCredentials } from './applyAzureCredentials.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUBSCRIPTION = '0b1f6471-1bf0-4dda-aec3-111122223333';
const CLIENT = '8f6b2c1e-1111-2222-3333-444455556666';

let root: string;
let secretsFile: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-azure-cred-'));
  secretsFile = join(root, 'secrets.json');
  await writeFile(secretsFile, JSON.stringify({ clientSecret: 's3cr3t-value' }));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const account = (publicFields: Record<string, unknown> = {}, file?: string) => ({
  kind: 'azure',
  public: { tenantId: TENANT, subscriptionId: SUBSCRIPTION, clientId: CLIENT, ...publicFields },
  secretsFile: file ?? secretsFile,
});

describe('applyAzureCredentials', () => {
  it('sets the service principal for the provider and turns off ambient identities', async () => {
    const env: NodeJS.ProcessEnv = { ARM_USE_MSI: 'true', ARM_OIDC_TOKEN: 'ambient-token', PATH: '/bin' };
    await applyAzureCredentials(account(), env);
    expect(env).toMatchObject({
      ARM_TENANT_ID: TENANT,
      ARM_SUBSCRIPTION_ID: SUBSCRIPTION,
      ARM_CLIENT_ID: CLIENT,
      ARM_CLIENT_SECRET: 's3cr3t-value',
      ARM_USE_MSI: 'false',
      ARM_USE_CLI: 'false',
      ARM_USE_OIDC: 'false',
      PATH: '/bin',
    });
    expect(env.ARM_OIDC_TOKEN).toBeUndefined();
  });

  it('refuses another cloud account kind', async () => {
    await expect(applyAzureCredentials({ kind: 'gcp', public: {} }, {})).rejects.toThrow(
      /needs an azure cloud account, not a gcp one/,
    );
  });

  it.each(['tenantId', 'subscriptionId', 'clientId'])('names a missing or malformed %s', async (field) => {
    await expect(applyAzureCredentials(account({ [field]: 'not-a-guid' }), {})).rejects.toThrow(
      new RegExp(`${field} is missing or not a GUID`),
    );
  });

  it('refuses an account without a client secret, and an unreadable secrets file without quoting it', async () => {
    await expect(applyAzureCredentials({ ...account(), secretsFile: undefined }, {})).rejects.toThrow(
      /no client secret/,
    );
    const broken = join(root, 'broken.json');
    await writeFile(broken, '{"clientSecret": "half-a-secret');
    const error = await applyAzureCredentials(account({}, broken), {}).catch((caught: Error) => caught);
    expect(String(error)).toMatch(/Cannot read the Azure account's secrets file/);
    expect(String(error)).not.toContain('half-a-secret');
  });
});

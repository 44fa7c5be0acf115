// The credentials vault over real HTTP on SQLite and PostgreSQL: every route, its errors, and the promise
// that a secret never comes back out: not in a response, an error, the log, or the database in clear.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { readAccountSecrets } from './readAccountSecrets.ts';

const CANARY = `canary${randomBytes(12).toString('hex')}`;

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster: { server: 'https://k8s.example.org:6443' }
users:
  - name: csoc
    user: { token: '${CANARY}' }
contexts:
  - name: lab
    context: { cluster: lab, user: csoc }
current-context: lab
`;

/** One valid account of every kind, each carrying the canary in a secret field. */
const accounts = [
  {
    kind: 'aws',
    name: 'prod-aws',
    public: {
      accountId: '123456789012',
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::123456789012:role/csoc',
    },
    secrets: {
      externalId: CANARY,
      accessKeyId: 'AKIAABCDEFGHIJKLMNOP',
      secretAccessKey: `${CANARY}/abcdefghij`,
    },
  },
  {
    kind: 'azure',
    name: 'azure-main',
    public: {
      tenantId: '0b7c3f6e-1d2a-4b5c-8d9e-0f1a2b3c4d5e',
      subscriptionId: '1c8d4a7f-2e3b-4c6d-9e0f-1a2b3c4d5e6f',
      clientId: '2d9e5b80-3f4c-4d7e-8f1a-2b3c4d5e6f70',
    },
    secrets: { clientSecret: CANARY },
  },
  {
    kind: 'gcp',
    name: 'gcp-data',
    public: { projectId: 'gen3-data-1' },
    secrets: {
      serviceAccountJson: JSON.stringify({
        type: 'service_account',
        client_email: 'csoc@gen3-data-1.iam.gserviceaccount.com',
        private_key: `-----BEGIN PRIVATE KEY-----\n${CANARY}\n-----END PRIVATE KEY-----\n`,
      }),
    },
  },
  {
    kind: 'digitalocean',
    name: 'do-nyc',
    public: { region: 'nyc3' },
    secrets: { token: `dop_v1_${CANARY}` },
  },
  {
    kind: 'kubernetes',
    name: 'k8s-lab',
    public: { server: 'https://k8s.example.org:6443', context: 'lab' },
    secrets: { kubeconfig },
  },
  { kind: 'sim', name: 'sim-one', public: { region: 'sim-east-1' }, secrets: { token: CANARY } },
  { kind: 'sim', name: 'sim-empty', public: { region: 'sim-west-1' } },
] as const;

function fieldsOf(response: { body: any }): Array<{ field: string; message: string }> {
  return response.body?.error?.details ?? [];
}

describe.each(testDatabaseTargets)('credentials vault on $dialect', (target) => {
  let csoc: TestCsoc;
  let databaseUrl: string;
  let orgId: string;
  const base = '/api/v1/orgs/vault-org/accounts';

  beforeAll(async () => {
    databaseUrl = await target.create();
    csoc = await startTestCsoc({ databaseUrl });
    const org = await csoc.admin.post('/api/v1/orgs', { slug: 'vault-org', name: 'Vault Org' });
    expect(org.status).toBe(201);
    orgId = org.body.id;
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('creates an account of every kind, showing secret fields only as set, a fingerprint and a time', async () => {
    for (const account of accounts) {
      const response = await csoc.admin.post(base, account);
      expect(response.status, `${account.name}: ${response.text}`).toBe(201);
      expect(response.headers.get('etag')).toBe('"v1"');
      const body = response.body;
      expect(body).toMatchObject({
        name: account.name,
        kind: account.kind,
        public: account.public,
        version: 1,
      });
      expect(body.secretFingerprint).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
      expect(Date.parse(body.secretsRotatedAt)).not.toBeNaN();
      const secrets: Record<string, string> = 'secrets' in account ? account.secrets : {};
      for (const name of Object.keys(secrets)) expect(body.secretFields).toContainEqual({ name, set: true });
      expect(body.secretFields.every((field: any) => Object.keys(field).sort().join() === 'name,set')).toBe(
        true,
      );
    }
    const aws = (await csoc.admin.get(`${base}/prod-aws`)).body;
    expect(aws.secretFields).toEqual([
      { name: 'externalId', set: true },
      { name: 'accessKeyId', set: true },
      { name: 'secretAccessKey', set: true },
    ]);
    const empty = (await csoc.admin.get(`${base}/sim-empty`)).body;
    expect(empty.secretFields).toEqual([{ name: 'token', set: false }]);
  });

  it('gives the run engine the secrets through readAccountSecrets, and only there', async () => {
    for (const account of accounts) {
      const read = await readAccountSecrets(csoc.context, orgId, account.name);
      expect(read.kind).toBe(account.kind);
      expect(read.public).toEqual(account.public);
      expect(read.secrets).toEqual('secrets' in account ? account.secrets : {});
    }
    await expect(readAccountSecrets(csoc.context, orgId, 'no-such-account')).rejects.toThrow(
      /No cloud account/,
    );
  });

  it('lists accounts page by page and reads one with its ETag', async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await csoc.admin.get(`${base}?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(3);
      names.push(...page.items.map((item: any) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(accounts.map((account) => account.name));
    const one = await csoc.admin.get(`${base}/azure-main`);
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"v1"');
    expect(one.body.public.tenantId).toBe(accounts[1].public.tenantId);
  });

  it('refuses bad input with field errors that never echo a secret', async () => {
    const unknownKind = await csoc.admin.post(base, {
      kind: 'ibm',
      name: 'ibm-one',
      public: {},
      secrets: { key: CANARY },
    });
    expect(unknownKind.status).toBe(400);
    expect(fieldsOf(unknownKind)).toContainEqual({
      field: 'body.kind',
      message: 'must be one of: aws, azure, gcp, digitalocean, kubernetes, sim',
    });

    const halfStatic = await csoc.admin.post(base, {
      kind: 'aws',
      name: 'half-keys',
      public: { accountId: '123456789012', region: 'us-east-1' },
      secrets: { accessKeyId: 'AKIAABCDEFGHIJKLMNOP' },
    });
    expect(halfStatic.status).toBe(400);
    expect(halfStatic.body.error.message).toContain(
      'body.secrets.secretAccessKey is required for aws static keys',
    );
    expect(fieldsOf(halfStatic)).toEqual([
      { field: 'body.secrets.secretAccessKey', message: 'is required for aws static keys' },
    ]);

    const noSecret = await csoc.admin.post(base, {
      kind: 'azure',
      name: 'azure-two',
      public: accounts[1].public,
    });
    expect(noSecret.status).toBe(400);
    expect(fieldsOf(noSecret)).toContainEqual({ field: 'body.secrets.clientSecret', message: 'is required' });

    const externalWithoutRole = await csoc.admin.post(base, {
      kind: 'aws',
      name: 'no-role',
      public: { accountId: '123456789012', region: 'us-east-1' },
      secrets: { externalId: CANARY },
    });
    expect(fieldsOf(externalWithoutRole)).toEqual([
      { field: 'body.public.roleArn', message: 'is required when secrets.externalId is set' },
    ]);

    const wrongFields = await csoc.admin.post(base, {
      kind: 'aws',
      name: 'wrong-fields',
      public: { accountId: '12345', region: 'us-east-1', colour: 'blue' },
      secrets: { externalId: CANARY, password: CANARY },
    });
    expect(wrongFields.status).toBe(400);
    expect(
      fieldsOf(wrongFields)
        .map((detail) => detail.field)
        .sort(),
    ).toEqual(['body.public.accountId', 'body.public.colour', 'body.secrets.password']);

    const notJson = await csoc.admin.post(base, {
      kind: 'gcp',
      name: 'gcp-bad',
      public: { projectId: 'gen3-data-1' },
      secrets: { serviceAccountJson: `{"private_key": "${CANARY}"` },
    });
    expect(fieldsOf(notJson)).toEqual([
      {
        field: 'body.secrets.serviceAccountJson',
        message: 'is not a service account key file (JSON with "type": "service_account")',
      },
    ]);
    const notKubeconfig = await csoc.admin.post(base, {
      kind: 'kubernetes',
      name: 'k8s-bad',
      public: { server: 'https://k8s.example.org' },
      secrets: { kubeconfig: `token: ${CANARY}: [` },
    });
    expect(fieldsOf(notKubeconfig)).toEqual([
      { field: 'body.secrets.kubeconfig', message: 'is not a kubeconfig (YAML with a clusters list)' },
    ]);

    const duplicate = await csoc.admin.post(base, accounts[5]);
    expect(duplicate.status).toBe(409);
    expect(fieldsOf(duplicate)).toEqual([{ field: 'body.name', message: 'is taken' }]);

    const badName = await csoc.admin.get(`${base}/Not_A_Name!`);
    expect(badName.status).toBe(400);
    expect(fieldsOf(badName)[0]!.field).toBe('params.account');
    const badCreateName = await csoc.admin.post(base, { ...accounts[5], name: 'X' });
    expect(fieldsOf(badCreateName)[0]!.field).toBe('body.name');

    expect((await csoc.admin.get(`${base}/no-such-account`)).status).toBe(404);
    expect((await csoc.admin.patch(`${base}/no-such-account`, { public: { region: 'x' } })).status).toBe(404);
    expect((await csoc.admin.post(`${base}/no-such-account/rotate`, { secrets: {} })).status).toBe(404);
    expect((await csoc.admin.delete(`${base}/no-such-account`)).status).toBe(404);
    expect((await csoc.admin.get('/api/v1/orgs/no-such-org/accounts')).status).toBe(404);
    expect((await csoc.admin.post('/api/v1/orgs/no-such-org/accounts', accounts[5])).status).toBe(404);

    const emptyPatch = await csoc.admin.patch(`${base}/sim-one`, {});
    expect(emptyPatch.status).toBe(400);
  });

  it('updates public fields with If-Match, refusing a stale one with 412, keeping the secrets', async () => {
    const before = await csoc.admin.get(`${base}/prod-aws`);
    const etag = before.headers.get('etag')!;
    const updated = await csoc.admin.patch(
      `${base}/prod-aws`,
      { public: { region: 'eu-west-1' } },
      { 'if-match': etag },
    );
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"v2"');
    expect(updated.body.public).toEqual({ ...accounts[0].public, region: 'eu-west-1' });
    expect(updated.body.secretFingerprint).toBe(before.body.secretFingerprint);
    expect(updated.body.secretsRotatedAt).toBe(before.body.secretsRotatedAt);

    const stale = await csoc.admin.patch(
      `${base}/prod-aws`,
      { public: { region: 'us-west-2' } },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect((await csoc.admin.get(`${base}/prod-aws`)).body.public.region).toBe('eu-west-1');

    // Removing the role while the external id needs it breaks a rule that spans fields.
    const dropRole = await csoc.admin.patch(`${base}/prod-aws`, { public: { roleArn: null } });
    expect(dropRole.status).toBe(400);
    expect(fieldsOf(dropRole)).toEqual([
      { field: 'body.public.roleArn', message: 'is required when secrets.externalId is set' },
    ]);
    const badRegion = await csoc.admin.patch(`${base}/prod-aws`, { public: { region: 'Mars' } });
    expect(fieldsOf(badRegion)[0]!.field).toBe('body.public.region');
    const wrongSecret = await csoc.admin.patch(`${base}/do-nyc`, { secrets: { clientSecret: CANARY } });
    expect(
      fieldsOf(wrongSecret)
        .map((detail) => detail.field)
        .sort(),
    ).toEqual(['body.secrets.clientSecret', 'body.secrets.token']);

    const secrets = (await readAccountSecrets(csoc.context, orgId, 'prod-aws')).secrets;
    expect(secrets).toEqual(accounts[0].secrets);
  });

  it('replaces secrets (PATCH or rotate): new fingerprint and rotation time, equal secrets equal fingerprints', async () => {
    const before = (await csoc.admin.get(`${base}/do-nyc`)).body;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const rotated = await csoc.admin.post(`${base}/do-nyc/rotate`, {
      secrets: { token: `dop_v1_${CANARY}-2` },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('etag')).toBe(`"v${before.version + 1}"`);
    expect(rotated.body.secretFingerprint).not.toBe(before.secretFingerprint);
    expect(rotated.body.secretsRotatedAt > before.secretsRotatedAt).toBe(true);
    expect((await readAccountSecrets(csoc.context, orgId, 'do-nyc')).secrets).toEqual({
      token: `dop_v1_${CANARY}-2`,
    });

    const back = await csoc.admin.patch(
      `${base}/do-nyc`,
      { secrets: { token: `dop_v1_${CANARY}` } },
      { 'if-match': rotated.headers.get('etag')! },
    );
    expect(back.status).toBe(200);
    expect(back.body.secretFingerprint).toBe(before.secretFingerprint);

    const staleRotate = await csoc.admin.post(
      `${base}/do-nyc/rotate`,
      { secrets: { token: `dop_v1_${CANARY}-3` } },
      { 'if-match': rotated.headers.get('etag')! },
    );
    expect(staleRotate.status).toBe(412);
    const missing = await csoc.admin.post(`${base}/azure-main/rotate`, { secrets: {} });
    expect(fieldsOf(missing)).toContainEqual({ field: 'body.secrets.clientSecret', message: 'is required' });
  });

  it('deletes an account, honouring If-Match', async () => {
    const stale = await csoc.admin.delete(`${base}/sim-empty`, { 'if-match': '"v9"' });
    expect(stale.status).toBe(412);
    const deleted = await csoc.admin.delete(`${base}/sim-empty`, { 'if-match': '"v1"' });
    expect(deleted.status).toBe(204);
    expect((await csoc.admin.get(`${base}/sim-empty`)).status).toBe(404);
    expect((await csoc.admin.delete(`${base}/sim-empty`)).status).toBe(404);
  });

  it('refuses to delete an account a commons uses, naming the commons, until the commons is gone', async () => {
    const commons = await csoc.admin.post('/api/v1/orgs/vault-org/commons', {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'uses-sim-one' },
      spec: {
        environment: 'dev',
        plugin: { name: 'sim' },
        account: 'sim-one',
        inputs: { name: 'uses-sim-one' },
      },
    });
    expect(commons.status, commons.text).toBe(201);
    const refused = await csoc.admin.delete(`${base}/sim-one`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('account_in_use');
    expect(refused.body.error.message).toContain('"uses-sim-one"');
    expect((await csoc.admin.get(`${base}/sim-one`)).status).toBe(200);
    expect(
      (await csoc.admin.delete('/api/v1/orgs/vault-org/commons/uses-sim-one?confirm=uses-sim-one')).status,
    ).toBe(204);
    // Free again: the delete now goes as far as the If-Match check (the account stays for later tests).
    expect((await csoc.admin.delete(`${base}/sim-one`, { 'if-match': '"v99"' })).status).toBe(412);
  });

  it('stores secrets only encrypted: no table holds the canary in clear', async () => {
    const { db } = csoc.context.database;
    const row = await db
      .selectFrom('cloud_accounts')
      .selectAll()
      .where('name', '=', 'prod-aws')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(CANARY);
    expect(Buffer.from(row.secret_ciphertext, 'base64').includes(Buffer.from(CANARY))).toBe(false);
    expect(row.secret_key_id).toBe(csoc.context.vault.keyring.primary.id);

    const tables =
      csoc.context.database.dialect === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
        : await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(
            db,
          );
    expect(tables.rows.map((table) => table.name)).toContain('cloud_accounts');
    for (const { name } of tables.rows) {
      const rows = await sql`select * from ${sql.table(name)}`.execute(db);
      expect(JSON.stringify(rows.rows), `table ${name}`).not.toContain(CANARY);
    }
    if (databaseUrl.startsWith('sqlite:')) {
      // The raw file and its write-ahead log too: nothing was ever written in clear, not even once.
      const file = databaseUrl.slice('sqlite:'.length);
      for (const part of [file, `${file}-wal`].filter((candidate) => fs.existsSync(candidate)))
        expect(fs.readFileSync(part).includes(Buffer.from(CANARY)), part).toBe(false);
    }
  });

  it('never shows the canary in any response, error or log line', () => {
    const responses = csoc.admin.transcript.join('\n');
    expect(responses).toContain('prod-aws');
    expect(responses).not.toContain(CANARY);
    expect(csoc.capturedOutput()).not.toContain(CANARY);
  });
});

// Commons as declarative documents over HTTP: create, replace guarded by If-Match (each change an
// immutable revision), compare and restore revisions, field errors for bad Gen3 settings, guarded delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

const gen3 = {
  release: '2025.06',
  hostname: 'data.example.org',
  dictionaryUrl: 'https://s3.amazonaws.com/dictionary/schema.json',
  tierAccessLevel: 'private',
};

describe.each(testDatabaseTargets)('commons on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'com-org');
    await createSimAccount(csoc.admin, 'com-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('keeps every change as a revision, compares any two, restores an old one', async () => {
    const created = await csoc.admin.post('/api/v1/orgs/com-org/commons', {
      ...simCommonsDocument('rev-test', { sizeTier: 'small' }, { gen3 }),
      message: 'first cut',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'rev-test', org: 'com-org' },
      status: { revision: 1, infrastructure: 'none', simulated: true },
    });
    let etag = created.headers.get('etag')!;
    const second = await csoc.admin.put(
      '/api/v1/orgs/com-org/commons/rev-test',
      { ...simCommonsDocument('rev-test', { sizeTier: 'medium' }, { gen3 }), message: 'bigger' },
      { 'if-match': etag },
    );
    expect(second.body.status.revision).toBe(2);
    const stale = await csoc.admin.put(
      '/api/v1/orgs/com-org/commons/rev-test',
      simCommonsDocument('rev-test', { sizeTier: 'large' }, { gen3 }),
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    etag = second.headers.get('etag')!;
    const unchanged = await csoc.admin.put(
      '/api/v1/orgs/com-org/commons/rev-test',
      simCommonsDocument('rev-test', { sizeTier: 'medium' }, { gen3 }),
      { 'if-match': etag },
    );
    expect(unchanged.body.status.revision).toBe(2);

    const revisions = (await csoc.admin.get('/api/v1/orgs/com-org/commons/rev-test/revisions')).body.items;
    expect(revisions.map((revision: any) => [revision.number, revision.message, revision.author])).toEqual([
      [2, 'bigger', 'admin@example.org'],
      [1, 'first cut', 'admin@example.org'],
    ]);
    expect(revisions[0].changes).toEqual([
      { path: 'inputs.sizeTier', op: 'change', from: 'small', to: 'medium' },
    ]);
    const diff = await csoc.admin.get('/api/v1/orgs/com-org/commons/rev-test/diff?from=1&to=2');
    expect(diff.body.changes).toEqual([
      { path: 'inputs.sizeTier', op: 'change', from: 'small', to: 'medium' },
    ]);

    const restored = await csoc.admin.post(
      '/api/v1/orgs/com-org/commons/rev-test/revisions/1/restore',
      undefined,
      { 'if-match': etag },
    );
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body.status.revision).toBe(3);
    expect(restored.body.spec.inputs.sizeTier).toBe('small');
    expect((await csoc.admin.get('/api/v1/orgs/com-org/commons/rev-test/revisions/3')).body.message).toBe(
      'Restored revision 1',
    );
  });

  it('refuses bad Gen3 settings and bad references with field errors, before anything runs', async () => {
    const bad = await csoc.admin.post(
      '/api/v1/orgs/com-org/commons',
      simCommonsDocument(
        'bad-gen3',
        {},
        {
          gen3: {
            ...gen3,
            hostname: 'not a host',
            release: '1999.01',
            dictionaryUrl: 'ftp://x/y',
            services: ['fence', 'no-such-chart'],
          },
        },
      ),
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((detail: any) => detail.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.spec.gen3.hostname',
        'body.spec.gen3.release',
        'body.spec.gen3.dictionaryUrl',
        'body.spec.gen3.services[1]',
      ]),
    );
    const noAccount = await csoc.admin.post('/api/v1/orgs/com-org/commons', {
      ...simCommonsDocument('no-account'),
      spec: { ...simCommonsDocument('no-account').spec, account: 'missing' },
    });
    expect(noAccount.body.error.details[0].field).toBe('body.spec.account');
    const wrongKind = await csoc.admin.post('/api/v1/orgs/com-org/commons', {
      ...simCommonsDocument('wrong-kind'),
      kind: 'Deployment',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error.details[0].field).toBe('body.kind');
    const otherOrg = await csoc.admin.post('/api/v1/orgs/com-org/commons', {
      ...simCommonsDocument('other-org'),
      metadata: { name: 'other-org', org: 'elsewhere' },
    });
    expect(otherOrg.body.error.details[0].field).toBe('body.metadata.org');
    expect((await csoc.admin.get('/api/v1/orgs/com-org/commons?q=bad-gen3')).body.items).toHaveLength(0);
  });

  it('deletes only with the name typed, and a prod commons only with a second person', async () => {
    await csoc.admin.post('/api/v1/orgs/com-org/commons', {
      ...simCommonsDocument('prod-one'),
      spec: { ...simCommonsDocument('prod-one').spec, environment: 'prod' },
    });
    const untyped = await csoc.admin.delete('/api/v1/orgs/com-org/commons/prod-one?confirm=wrong');
    expect(untyped.status).toBe(400);
    expect(untyped.body.error.code).toBe('confirmation_required');
    const first = await csoc.admin.delete('/api/v1/orgs/com-org/commons/prod-one?confirm=prod-one');
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('awaiting_second_approval');
    expect((await csoc.admin.delete('/api/v1/orgs/com-org/commons/prod-one?confirm=prod-one')).status).toBe(
      202,
    );
    const second = await createSignedInUser(csoc, 'second@com.example', 'com-org', 'admin');
    expect((await second.delete('/api/v1/orgs/com-org/commons/prod-one?confirm=prod-one')).status).toBe(204);
    expect((await csoc.admin.get('/api/v1/orgs/com-org/commons/prod-one')).status).toBe(404);
    const operator = await createSignedInUser(csoc, 'op@com.example', 'com-org', 'operator');
    await csoc.admin.post('/api/v1/orgs/com-org/commons', simCommonsDocument('dev-one'));
    expect((await operator.delete('/api/v1/orgs/com-org/commons/dev-one?confirm=dev-one')).status).toBe(403);
  });
});

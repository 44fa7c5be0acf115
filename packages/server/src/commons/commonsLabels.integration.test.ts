// Labels on commons over HTTP, on both databases: set on create, changed on update (no new revision),
// refused with the field and fix when not Kubernetes-style, and selected with ?labelSelector=.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const ORG = 'label-org';

function labelled(name: string, labels: Record<string, string>) {
  const document = simCommonsDocument(name);
  return { ...document, metadata: { ...document.metadata, labels } };
}

describe.each(testDatabaseTargets)('commons labels on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_DRIFT_CHECK_INTERVAL_MINUTES: '0' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const fleet: [string, Record<string, string>][] = [
      ['prod-large', { env: 'prod', tier: 'large' }],
      ['prod-small', { env: 'prod', tier: 'small', legacy: 'true' }],
      ['dev-large', { env: 'dev', tier: 'large' }],
      ['unlabelled', {}],
    ];
    for (const [name, labels] of fleet) {
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, labelled(name, labels));
      expect(created.status, created.text).toBe(201);
    }
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  async function select(selector: string): Promise<string[]> {
    const response = await csoc.admin.get(
      `/api/v1/orgs/${ORG}/commons?labelSelector=${encodeURIComponent(selector)}`,
    );
    expect(response.status, response.text).toBe(200);
    return response.body.items.map((item: { metadata: { name: string } }) => item.metadata.name).sort();
  }

  it('selects commons by equality, inequality, set and existence', async () => {
    expect(await select('env=prod,tier=large')).toEqual(['prod-large']);
    expect(await select('env!=dev')).toEqual(['prod-large', 'prod-small', 'unlabelled']);
    expect(await select('tier in (large,small)')).toEqual(['dev-large', 'prod-large', 'prod-small']);
    expect(await select('tier notin (large)')).toEqual(['prod-small', 'unlabelled']);
    expect(await select('legacy')).toEqual(['prod-small']);
    expect(await select('env,!legacy')).toEqual(['dev-large', 'prod-large']);
    expect(await select('')).toHaveLength(4);
  });

  it('keeps the selection in step with label changes, without a new revision', async () => {
    const current = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/dev-large`);
    const updated = await csoc.admin.put(
      `/api/v1/orgs/${ORG}/commons/dev-large`,
      labelled('dev-large', { env: 'prod', tier: 'large', canary: '' }),
      { 'if-match': current.headers.get('etag')! },
    );
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.metadata.labels).toEqual({ env: 'prod', tier: 'large', canary: '' });
    expect(updated.body.status.revision).toBe(current.body.status.revision);
    expect(await select('env=prod,tier=large')).toEqual(['dev-large', 'prod-large']);
    expect(await select('canary')).toEqual(['dev-large']);
  });

  it('refuses bad labels and bad selectors, naming the field and the fix', async () => {
    const bad = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons`,
      labelled('bad-labels', { 'has space': 'x', env: 'prod/eu' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.metadata.labels.has space' }),
        expect.objectContaining({ field: 'body.metadata.labels.env' }),
      ]),
    );
    expect((await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/bad-labels`)).status).toBe(404);

    const selector = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons?labelSelector=env%3D%3Dprod%2C%2C`);
    expect(selector.status).toBe(400);
    expect(selector.body.error.details[0].field).toBe('query.labelSelector');
    expect(selector.body.error.details[0].message).toContain('key in (a,b)');
  });
});

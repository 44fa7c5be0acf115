// The release catalog over HTTP on a real server: the list and one release for any signed-in user, a
// malformed or unknown version refused with what to send instead, and upgrade plans of a commons (one
// release ahead by default; none past the newest release or without Gen3 settings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../../testing/testUsers.ts';
import type { ApiClient } from '../../testing/ApiClient.ts';
import { listReleases, nextRelease } from './releaseCatalog.ts';

const ORG = 'release-org';
const FROM = '2025.06';
const NEWEST = listReleases().at(-1)!.version;

function gen3(release: string, commons: string) {
  return {
    release,
    hostname: 'alpha.sim.example.org',
    loginProviders: [
      {
        kind: 'generic-oidc',
        name: 'keycloak',
        displayName: 'Keycloak',
        clientId: 'gen3-alpha',
        discoveryUrl: 'https://idp.example.org/realms/gen3/.well-known/openid-configuration',
        // Under the commons prefix <environment>-<namespace>- (the sim environment is the commons name).
        clientSecretRef: `${commons}-${commons}-keycloak-client`,
      },
    ],
  };
}

describe.each(testDatabaseTargets)('release catalog routes on $dialect', (target) => {
  let csoc: TestCsoc;
  let outsider: ApiClient;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    outsider = await createSignedInUser(csoc, `outsider-${target.dialect}@example.org`);
    for (const [name, extra] of [
      ['current', { gen3: gen3(FROM, 'current') }],
      ['newest', { gen3: gen3(NEWEST, 'newest') }],
      ['bare', {}],
    ] as const) {
      const created = await csoc.admin.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument(name, {}, extra),
      );
      expect(created.status, created.text).toBe(201);
    }
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('lists the releases oldest first and shows one with its images and next release to any signed-in user', async () => {
    const list = await outsider.get('/api/v1/releases');
    expect(list.status, list.text).toBe(200);
    const versions = list.body.items.map((item: { version: string }) => item.version);
    expect(versions).toEqual(listReleases().map((release) => release.version));
    expect(versions).toContain(FROM);
    expect(typeof list.body.items[0].warnings).toBe('number');
    // Each release names the gen3-helm charts it deploys (published versions).
    expect(list.body.items[0].chartVersions).toEqual({
      gen3: '0.3.90',
      'cluster-level-resources': '0.6.49',
      alloy: '0.1.3',
    });

    const one = await outsider.get(`/api/v1/releases/${FROM}`);
    expect(one.status, one.text).toBe(200);
    expect(one.body).toMatchObject({
      version: FROM,
      next: nextRelease(FROM)!.version,
      chartVersions: {
        gen3: '0.3.90',
        'cluster-level-resources': '0.6.49',
        alloy: '0.1.3',
      },
    });
    expect(Object.keys(one.body.images).length).toBeGreaterThan(5);
    expect((await outsider.get(`/api/v1/releases/${NEWEST}`)).body.next).toBeNull();
  });

  it('refuses a malformed version (400) and names the known releases for an unknown one (404)', async () => {
    const malformed = await outsider.get('/api/v1/releases/2025.6');
    expect(malformed.status, malformed.text).toBe(400);
    expect(malformed.text).toContain('version');
    const unknown = await outsider.get('/api/v1/releases/1999.01');
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.body.error.message).toContain(FROM);
  });

  it('plans an upgrade one release ahead, and refuses past the newest release or without Gen3 settings', async () => {
    const plan = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/current/upgrade-plan`, {});
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body).toMatchObject({ commons: 'current', from: FROM, to: nextRelease(FROM)!.version });
    expect(plan.body.howToApply).toContain(`PUT /api/v1/orgs/${ORG}/commons/current`);

    const newest = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/newest/upgrade-plan`, {});
    expect(newest.status, newest.text).toBe(404);
    expect(newest.body.error.code).toBe('no_newer_release');

    const bare = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/bare/upgrade-plan`, {});
    expect(bare.status, bare.text).toBe(404);
    expect(bare.body.error.code).toBe('gen3_settings_missing');

    expect((await outsider.post(`/api/v1/orgs/${ORG}/commons/current/upgrade-plan`, {})).status).toBe(404);
  });
});

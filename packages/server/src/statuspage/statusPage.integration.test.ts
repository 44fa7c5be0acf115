// Public status pages end to end on both databases: a commons publishes its page only when an operator
// opts in (audited), the page shows service groups, 90 days of uptime and incidents with the operators'
// updates as HTML (strict CSP, no script), JSON and a valid Atom feed; a probe failure's hostname and error
// text never appear in any format; a commons without a page answers exactly like one that does not exist.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordProbedCommons, findCommonsHealth } from '../monitor/healthStore.ts';
import type { CommonsHealth } from '../monitor/assessHealth.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { STATUS_PAGE_CSP } from './renderStatusHtml.ts';

const ORG = 'status-org';
const CANARY_HOST = 'indexd-canary-7f3a.internal.svc.cluster.local';
const CANARY_ERROR = 'CANARY-ERR-91b2 connection reset by peer';

/** Parses XML with Python's expat (a strict parser): the feed's entry titles and contents, or throws. */
function parseAtom(xml: string): { title: string; entries: { title: string; content: string }[] } {
  const script = `
import sys, json, xml.etree.ElementTree as ET
ns = {'a': 'http://www.w3.org/2005/Atom'}
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == '{http://www.w3.org/2005/Atom}feed', root.tag
for required in ('a:id', 'a:title', 'a:updated'):
    assert root.find(required, ns) is not None, required
print(json.dumps({'title': root.find('a:title', ns).text, 'entries': [
  {'title': e.find('a:title', ns).text, 'content': e.find('a:content', ns).text,
   'id': e.find('a:id', ns).text, 'updated': e.find('a:updated', ns).text}
  for e in root.findall('a:entry', ns)]}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: xml, encoding: 'utf8' }));
}

const healthy = (): CommonsHealth => ({
  state: 'healthy',
  reasons: [],
  services: ['revproxy', 'fence', 'indexd'].map((service) => ({
    service,
    state: 'healthy' as const,
    reason: '',
    httpStatus: 200,
    latencyMs: 12,
  })),
});

/** What the prober records when indexd cannot be reached: the reason names an internal host and an error. */
const indexdDown = (): CommonsHealth => ({
  state: 'degraded',
  reasons: [{ kind: 'probe', message: `indexd is down: /index/_status: ${CANARY_HOST}: ${CANARY_ERROR}` }],
  services: [
    { service: 'revproxy', state: 'healthy', reason: '', httpStatus: 200, latencyMs: 10 },
    { service: 'fence', state: 'healthy', reason: '', httpStatus: 200, latencyMs: 11 },
    {
      service: 'indexd',
      state: 'down',
      reason: `/index/_status: ${CANARY_HOST}: ${CANARY_ERROR}`,
      httpStatus: null,
      latencyMs: null,
    },
  ],
});

describe.each(testDatabaseTargets)('public status pages on $dialect', (target) => {
  let csoc: TestCsoc;
  let commonsId = '';
  let orgId = '';

  async function record(health: CommonsHealth): Promise<void> {
    const database = csoc.context.database;
    await recordProbedCommons(
      database,
      { commonsId, orgId, commonsName: 'alpha', health, probeMs: 40, at: new Date().toISOString() },
      await findCommonsHealth(database, commonsId),
    );
  }

  const publicPaths = (commons: string) => [
    `/status/${ORG}/${commons}`,
    `/api/v1/status/${ORG}/${commons}`,
    `/status/${ORG}/${commons}/feed.atom`,
  ];

  /** A 404 as the public sees it, without the request id (which differs per request). */
  async function notFound(path: string) {
    const response = await csoc.anonymous().get(path);
    expect(response.status, response.text).toBe(404);
    const body = JSON.parse(response.text);
    delete body.error.requestId;
    return JSON.stringify(body).replaceAll(/alpha|nonexistent/g, 'NAME');
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_STATUS_PAGE_RATE_LIMIT_PER_MINUTE: '500' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('alpha'));
    expect(created.status, created.text).toBe(201);
    commonsId = created.body.id;
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    await record(healthy());
    await record(indexdDown());
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('answers 404 before opt-in exactly as for a commons that does not exist', async () => {
    for (const [index, path] of publicPaths('alpha').entries())
      expect(await notFound(path)).toBe(await notFound(publicPaths('nonexistent')[index]!));
    const settings = await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/status-page`);
    expect(settings.status, settings.text).toBe(200);
    expect(settings.body).toMatchObject({ enabled: false, url: `${csoc.url}/status/${ORG}/alpha` });
  });

  it('lets operators, not viewers, publish the page and post incident updates, and audits both', async () => {
    const viewer = await createSignedInUser(csoc, `viewer-${target.dialect}@example.org`, ORG, 'viewer');
    expect(
      (await viewer.put(`/api/v1/orgs/${ORG}/commons/alpha/status-page`, { enabled: true })).status,
    ).toBe(403);
    const bad = await csoc.admin.put(`/api/v1/orgs/${ORG}/commons/alpha/status-page`, { enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('enabled');

    const enabled = await csoc.admin.put(`/api/v1/orgs/${ORG}/commons/alpha/status-page`, {
      enabled: true,
      title: 'Alpha Data Commons',
    });
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, title: 'Alpha Data Commons' });

    const incidents = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/incidents?open=true`)).body
      .items;
    const indexd = incidents.find((incident: { service: string }) => incident.service === 'indexd');
    expect(indexd).toBeDefined();
    const posted = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/alpha/incidents/${indexd.id}/updates`, {
      status: 'identified',
      message: 'File downloads fail; the index service is being restarted.',
    });
    expect(posted.status, posted.text).toBe(201);
    const unknownIncident = await csoc.admin.post(
      `/api/v1/orgs/${ORG}/commons/alpha/incidents/0190a000-0000-7000-8000-000000000000/updates`,
      { status: 'identified', message: 'x' },
    );
    expect(unknownIncident.status).toBe(404);

    const audit = (await csoc.admin.get(`/api/v1/orgs/${ORG}/audit?limit=50`)).body.items;
    const targets = audit.map((event: { target: string }) => event.target);
    expect(targets).toContain(`orgs/${ORG}/commons/alpha/status-page`);
    expect(targets).toContain(`orgs/${ORG}/commons/alpha/incidents/${indexd.id}/updates/${posted.body.id}`);
  });

  it('publishes JSON with service groups, 90 days of uptime and the incident with its update', async () => {
    const response = await csoc.anonymous().get(`/api/v1/status/${ORG}/alpha`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('500');
    const page = response.body;
    expect(page.title).toBe('Alpha Data Commons');
    expect(page.state).toBe('degraded');
    expect(page.groups).toEqual(
      expect.arrayContaining([
        { name: 'Data access', state: 'down' },
        { name: 'Sign-in and authorization', state: 'healthy' },
      ]),
    );
    expect(page.uptime.days).toHaveLength(90);
    expect(page.uptime.days.at(-1).uptime).toBe(1);
    expect(page.uptime.days[0].uptime).toBeNull();
    expect(page.incidents[0]).toMatchObject({
      title: 'Data access down',
      affected: 'Data access',
      endedAt: null,
      updates: [
        { status: 'identified', message: 'File downloads fail; the index service is being restarted.' },
      ],
    });
  });

  it('serves HTML without script under a strict CSP, and a valid Atom feed', async () => {
    const html = await csoc.anonymous().get(`/status/${ORG}/alpha`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toBe(STATUS_PAGE_CSP);
    expect(STATUS_PAGE_CSP).not.toContain('unsafe');
    expect(html.text).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(html.text).toContain('Alpha Data Commons');
    expect(html.text).toContain('Data access');
    expect(html.text).toContain('the index service is being restarted');
    expect(html.text.match(/class="bar /g)).toHaveLength(90);

    const feed = await csoc.anonymous().get(`/status/${ORG}/alpha/feed.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const parsed = parseAtom(feed.text);
    expect(parsed.title).toBe('Alpha Data Commons status');
    expect(parsed.entries[0]!.title).toBe('Data access down');
    expect(parsed.entries[0]!.content).toContain('identified: File downloads fail');
  });

  it('never shows the probe hostname, its error or internal ids in any format', async () => {
    const incidents = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/incidents`)).body.items;
    // The canaries are really stored: the internal API shows them to members.
    expect(JSON.stringify(incidents)).toContain(CANARY_HOST);
    const secrets = [CANARY_HOST, 'CANARY-ERR-91b2', 'cluster.local', '_status', commonsId, orgId];
    secrets.push(...incidents.map((incident: { id: string }) => incident.id));
    for (const path of publicPaths('alpha')) {
      const response = await csoc.anonymous().get(path);
      expect(response.status).toBe(200);
      for (const secret of secrets) expect(response.text, `${path} shows ${secret}`).not.toContain(secret);
    }
  });

  it('answers 404 again once withdrawn, exactly as for a commons that does not exist', async () => {
    const disabled = await csoc.admin.put(`/api/v1/orgs/${ORG}/commons/alpha/status-page`, {
      enabled: false,
    });
    expect(disabled.status, disabled.text).toBe(200);
    for (const [index, path] of publicPaths('alpha').entries())
      expect(await notFound(path)).toBe(await notFound(publicPaths('nonexistent')[index]!));
  });
});

describe('public status page rate limit (SQLite)', () => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await testDatabaseTargets[0]!.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_STATUS_PAGE_RATE_LIMIT_PER_MINUTE: '3' },
    });
  }, 60_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('answers 429 past the limit per source address and format, for pages that exist or not', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      statuses.push((await csoc.anonymous().get(`/status/${ORG}/guess-${attempt}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    // Each format counts on its own: the JSON route has its own window.
    const json: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      json.push((await csoc.anonymous().get(`/api/v1/status/${ORG}/alpha`)).status);
    expect(json).toEqual([404, 404, 404, 429]);
    const limited = await csoc.anonymous().get(`/status/${ORG}/alpha/feed.atom`);
    expect(limited.status).toBe(404);
  });
});

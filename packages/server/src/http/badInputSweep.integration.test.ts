// Sends junk to every route as a platform admin (who passes every gate): malformed JSON, wrong types,
// deep nonsense, bad path parameters and query strings. Every answer must be a 4xx in the documented
// error shape — never a 500, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

/** `levels` nested objects around a string: 12 KB of JSON at 2,000 levels. */
function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/** A commons document that is valid except for how deep its Helm value overrides nest. */
function deepCommonsDocument(name: string, levels: number) {
  return simCommonsDocument(
    name,
    {},
    {
      gen3: {
        release: '2025.01',
        hostname: `${name}.example.org`,
        serviceOverrides: { fence: { values: nested(levels) } },
      },
    },
  );
}

const junkBodies: Array<{ label: string; raw: string }> = [
  { label: 'malformed JSON', raw: '{"a": ' },
  { label: 'null', raw: 'null' },
  { label: 'an array', raw: '[1,2,3]' },
  { label: 'a string', raw: '"hello"' },
  { label: 'a number', raw: '42' },
  {
    label: 'wrong types',
    raw: JSON.stringify({ name: 7, email: [], kind: {}, spec: 'x', metadata: 1, role: true, manifest: 'no' }),
  },
  {
    label: 'a NUL character',
    raw: JSON.stringify({ name: 'a\u0000b', email: 'x\u0000@y.z', metadata: { name: 'n\u0000' } }),
  },
  {
    label: 'deep nonsense',
    raw: JSON.stringify({
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'Commons',
      metadata: { name: 'x'.repeat(500) },
      spec: {
        environment: 'moon',
        plugin: { name: '' },
        account: '../../etc',
        inputs: { a: { b: { c: [null] } } },
      },
    }),
  },
  {
    label: 'a commons document nested 2,000 levels deep',
    raw: JSON.stringify(deepCommonsDocument('deep-commons', 2000)),
  },
  { label: '100,000 nested arrays', raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
];

const junkParams = [
  '..%2F..%2Fetc%2Fpasswd',
  "x' OR '1'='1",
  'A'.repeat(300),
  '%00',
  '-1',
  '99999999999999999',
];
const junkQueries = [
  'limit=abc',
  'limit=99999999999999',
  'cursor=%25%25%25',
  'cursor=OTk5OTk5OTk5OTk5OTk5OTk5',
  'after=99999999999999',
  'after=-5',
  'since=yesterday',
  'since=2016-12-31T23:59:60Z',
  'until=2016-12-31T23:59:60%2B00:00',
  'since=2026-06-30t10:00:00z',
  'until=2026-06-30%2010:00:00-0230',
  'from=99999999999&to=1',
  'unknown=1',
];

describe.each(testDatabaseTargets)('bad input sweep on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'sweep-org');
    await createSimAccount(csoc.admin, 'sweep-org');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  const routes = () =>
    csoc.app.routeTable.filter(
      (route) =>
        !route.url.startsWith('/api/docs') &&
        route.url !== '/api/v1/session' &&
        !['LOCK', 'UNLOCK'].includes(route.method),
    );

  function expectClean(response: { status: number; text: string; headers: Headers }, label: string) {
    expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
    expect(response.text, label).not.toMatch(/\n\s+at .+\.(ts|js):\d+/);
    if (
      response.status >= 400 &&
      (response.headers.get('content-type') ?? '').startsWith('application/json')
    ) {
      const body = JSON.parse(response.text);
      expect(body.error?.code, label).toEqual(expect.any(String));
      expect(body.error?.requestId, label).toEqual(expect.any(String));
    }
  }

  it('refuses serviceOverrides nested past the bound on create, update and render, naming the field, limit and fix', async () => {
    const created = await csoc.admin.post(
      '/api/v1/orgs/sweep-org/commons',
      deepCommonsDocument('shallow-commons', 3),
    );
    expect(created.status, created.text).toBe(201);
    const viewer = await createSignedInUser(
      csoc,
      `viewer-${target.dialect}@example.org`,
      'sweep-org',
      'viewer',
    );
    const attempts = [
      () => csoc.admin.post('/api/v1/orgs/sweep-org/commons', deepCommonsDocument('deep-commons', 2000)),
      () =>
        csoc.admin.put(
          '/api/v1/orgs/sweep-org/commons/shallow-commons',
          deepCommonsDocument('shallow-commons', 2000),
          { 'if-match': created.headers.get('etag') ?? '*' },
        ),
      () => viewer.post('/api/v1/orgs/sweep-org/gitops/render', deepCommonsDocument('deep-commons', 2000)),
      () => viewer.post('/api/v1/orgs/sweep-org/gitops/render', deepCommonsDocument('deep-commons', 30)),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.details).toContainEqual({
        field: 'body.spec.gen3.serviceOverrides',
        message: 'nests objects or arrays more than 24 levels deep; flatten it to at most 24 levels',
      });
    }
    const inputs = await csoc.admin.post('/api/v1/orgs/sweep-org/commons', {
      ...deepCommonsDocument('deep-commons', 3),
      spec: { ...deepCommonsDocument('deep-commons', 3).spec, inputs: { deep: nested(2000) } },
    });
    expect(inputs.status, inputs.text).toBe(400);
    expect(inputs.body.error.message).toContain('body.spec.inputs.deep');
    expect(inputs.body.error.message).toContain('more than 64 levels deep; flatten it to at most 64 levels');
    const rendered = await viewer.post(
      '/api/v1/orgs/sweep-org/gitops/render',
      deepCommonsDocument('deep-commons', 20),
    );
    expect(rendered.status, rendered.text).not.toBe(500);
    expect(rendered.text).not.toContain('levels deep');
  }, 60_000);

  it('refuses a deeply nested kubeconfig on every route that takes one, quickly and naming the field', async () => {
    const kubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster: { server: 'https://k8s.example.org:6443' }
`;
    const created = await csoc.admin.post('/api/v1/orgs/sweep-org/accounts', {
      kind: 'kubernetes',
      name: 'sweep-k8s',
      public: { server: 'https://k8s.example.org:6443' },
      secrets: { kubeconfig },
    });
    expect(created.status, created.text).toBe(201);
    const deep = `clusters: ${'['.repeat(131_000)}${']'.repeat(131_000)}`;
    const attempts = {
      create: () =>
        csoc.admin.post('/api/v1/orgs/sweep-org/accounts', {
          kind: 'kubernetes',
          name: 'sweep-k8s-deep',
          public: { server: 'https://k8s.example.org:6443' },
          secrets: { kubeconfig: deep },
        }),
      update: () =>
        csoc.admin.patch('/api/v1/orgs/sweep-org/accounts/sweep-k8s', { secrets: { kubeconfig: deep } }),
      rotate: () =>
        csoc.admin.post('/api/v1/orgs/sweep-org/accounts/sweep-k8s/rotate', {
          secrets: { kubeconfig: deep },
        }),
    };
    for (const [label, attempt] of Object.entries(attempts)) {
      const started = performance.now();
      const response = await attempt();
      const elapsed = performance.now() - started;
      expect(response.status, `${label}: ${response.text}`).toBe(400);
      expect(response.body.error.details, label).toEqual([
        {
          field: 'body.secrets.kubeconfig',
          message:
            'nests [ ] or { } more than 16 levels deep; send it as kubectl writes it (kubectl config view --raw --flatten)',
        },
      ]);
      expect(elapsed, label).toBeLessThan(400);
    }
  });

  it('reads a leap second in since/until as the next second in the audit list and export', async () => {
    const all = await csoc.admin.get('/api/v1/audit?limit=500');
    expect(all.status).toBe(200);
    const times = all.body.items.map((event: { time: string }) => event.time) as string[];
    // The leap second at the end of the day before the newest event: it reads as that day's midnight.
    const midnight = `${times[0]!.slice(0, 10)}T00:00:00.000Z`;
    const dayBefore = new Date(Date.parse(midnight) - 86_400_000).toISOString().slice(0, 10);
    const leapSecond = `${dayBefore}T23:59:60Z`;
    const sameInstant = [leapSecond, `${dayBefore}t23:59:60z`, `${midnight.slice(0, 10)}T00:59:60+01:00`];
    for (const path of [
      '/api/v1/audit',
      '/api/v1/orgs/sweep-org/audit',
      '/api/v1/audit/export',
      '/api/v1/orgs/sweep-org/audit/export',
    ]) {
      for (const field of ['since', 'until']) {
        const response = await csoc.admin.get(`${path}?${field}=${encodeURIComponent(leapSecond)}`);
        expect(response.status, `${path} ${field}: ${response.text}`).toBe(200);
      }
    }
    for (const since of sameInstant) {
      const response = await csoc.admin.get(`/api/v1/audit?limit=500&since=${encodeURIComponent(since)}`);
      expect(response.status, `${since}: ${response.text}`).toBe(200);
      const found = response.body.items.map((event: { time: string }) => event.time) as string[];
      expect(found, since).toEqual(expect.arrayContaining(times.filter((time) => time >= midnight)));
      expect(
        found.every((time) => time >= midnight),
        since,
      ).toBe(true);
    }
    const until = await csoc.admin.get(`/api/v1/audit?limit=500&until=${encodeURIComponent(leapSecond)}`);
    expect(until.status, until.text).toBe(200);
    expect(until.body.items.every((event: { time: string }) => event.time < midnight)).toBe(true);
  });

  it('answers junk bodies on every writing route with a 4xx in the error shape', async () => {
    for (const route of routes().filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method))) {
      const path = route.url
        .replace(':org', 'sweep-org')
        .replace(/:[A-Za-z]+Id\b/g, '01a21f90-ebe4-7000-afbc-4b29e6934913')
        .replace(/:[A-Za-z]+/g, 'sim-account');
      for (const junk of junkBodies) {
        const response = await csoc.admin.request(route.method, path, undefined, {
          headers: { 'content-type': 'application/json' },
          rawBody: junk.raw,
        });
        expectClean(response, `${route.method} ${route.url} with ${junk.label}`);
      }
    }
  }, 120_000);

  it('answers junk path parameters and query strings on every route with a 4xx', async () => {
    for (const route of routes()) {
      if (!route.url.includes(':')) continue;
      for (const junk of junkParams) {
        const path = route.url.replace(':org', 'sweep-org').replace(/:[A-Za-z]+/g, junk);
        const response = await csoc.admin.request(
          route.method,
          path,
          ['GET', 'DELETE'].includes(route.method) ? undefined : {},
        );
        expectClean(response, `${route.method} ${path}`);
      }
    }
  }, 120_000);

  it('answers junk query strings on every reading route with a 4xx (or a normal answer)', async () => {
    for (const route of routes().filter(
      (route) => route.method === 'GET' && !route.url.includes('/stream'),
    )) {
      const path = route.url
        .replace(':org', 'sweep-org')
        .replace(/:[A-Za-z]+Id\b/g, '01a21f90-ebe4-7000-afbc-4b29e6934913')
        .replace(':revision', '99999999999')
        .replace(/:[A-Za-z]+/g, 'sim-account');
      for (const query of junkQueries) {
        const response = await csoc.admin.request('GET', `${path}?${query}`);
        expectClean(response, `GET ${path}?${query}`);
      }
    }
  }, 120_000);
});

// Sends junk to every route as a platform admin (who passes every gate): malformed JSON, wrong types,
// deep nonsense, bad path parameters and query strings. Every answer must be a 4xx in the documented
// error shape — never a 500, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

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

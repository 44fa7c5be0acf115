// The foundation's promises, checked over real HTTP on SQLite and on PostgreSQL: sign-in, the error
// shape for every kind of bad input, pagination, ETag/If-Match, health, metrics and the API document.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import {
  startTestCsoc,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestCsoc,
} from '../testing/startTestCsoc.ts';

function expectErrorShape(body: any, code?: string) {
  expect(body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), requestId: expect.any(String) },
  });
  if (code) expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|stack/);
}

describe.each(testDatabaseTargets)('foundation API on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('answers health and readiness without credentials', async () => {
    const client = csoc.anonymous();
    expect((await client.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database).toBe('ok');
  });

  it('exposes Prometheus metrics with per-route latency', async () => {
    await csoc.anonymous().get('/healthz');
    const metrics = await csoc.anonymous().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/csoc_http_request_duration_seconds_bucket\{.*route="\/healthz"/);
    expect(metrics.text).toContain('csoc_process_cpu_user_seconds_total');
  });

  it('serves a valid OpenAPI 3.1 document with request and response schemas on every route', async () => {
    const response = await csoc.anonymous().get('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const [path, operations] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        expect(operation.responses, `${method} ${path}`).toBeDefined();
        expect(
          Object.keys(operation.responses).some((status) => status.startsWith('2')),
          `${method} ${path} 2xx`,
        ).toBe(true);
        expect(
          operation.responses['4XX'] ?? operation.responses['4xx'],
          `${method} ${path} 4xx`,
        ).toBeDefined();
        // Action endpoints (approve, cancel, restore, ack, test-send, issuing a credential or join token ...) take no input;
        // everything else that writes does.
        const bodiless =
          /\/(approve|discard|cancel|restore|lock|unlock|ack|test|credential|join-token)$/.test(path);
        if (['post', 'put', 'patch'].includes(method) && !bodiless) {
          expect(operation.requestBody, `${method} ${path} request body`).toBeDefined();
        }
      }
    }
    const docs = await csoc.anonymous().get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('swagger');
  });

  it('requires a session on every non-public route, and 401s in the error shape', async () => {
    const response = await csoc.anonymous().get('/api/v1/orgs');
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 'unauthenticated');
  });

  it('signs in and out with the session cookie', async () => {
    const client = csoc.anonymous();
    const login = await client.login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    expect(login.headers.getSetCookie().join(';')).toMatch(/csoc_session=.*HttpOnly/i);
    expect((await client.get('/api/v1/session')).body.user.email).toBe(TEST_ADMIN_EMAIL);
    expect((await client.delete('/api/v1/session')).status).toBe(204);
    expect((await client.get('/api/v1/orgs')).status).toBe(401);
  });

  it('refuses a wrong password with 401 and no hint which part was wrong', async () => {
    const response = await csoc
      .anonymous()
      .post('/api/v1/session', { email: TEST_ADMIN_EMAIL, password: 'wrong-password' });
    expect(response.status).toBe(401);
    expectErrorShape(response.body, 'invalid_credentials');
  });

  it('refuses a cookie-authenticated mutation without its CSRF token', async () => {
    const response = await csoc.admin.post(
      '/api/v1/orgs',
      { slug: 'csrf-test', name: 'x' },
      { 'x-csrf-token': 'forged' },
    );
    expect(response.status).toBe(403);
    expectErrorShape(response.body, 'csrf_token_missing');
  });

  it('pages through a list with cursors', async () => {
    for (let index = 0; index < 7; index++) {
      expect(
        (await csoc.admin.post('/api/v1/orgs', { slug: `page-org-${index}`, name: `Org ${index}` })).status,
      ).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3';
      const page: any = (await csoc.admin.get(`/api/v1/orgs${query}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((org: any) => org.slug));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((slug) => slug.startsWith('page-org-'))).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((index) => `page-org-${index}`),
    );
  });

  it('refuses a stale If-Match with 412 and keeps the newer write', async () => {
    const created = await csoc.admin.post('/api/v1/orgs', { slug: 'etag-org', name: 'First' });
    const etag = created.headers.get('etag')!;
    expect(etag).toBe('"v1"');
    const first = await csoc.admin.patch('/api/v1/orgs/etag-org', { name: 'Second' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"v2"');
    const stale = await csoc.admin.patch(
      '/api/v1/orgs/etag-org',
      { name: 'Lost update' },
      { 'if-match': etag },
    );
    expect(stale.status).toBe(412);
    expectErrorShape(stale.body, 'precondition_failed');
    expect((await csoc.admin.get('/api/v1/orgs/etag-org')).body.name).toBe('Second');
  });

  describe('bad input always gets a 4xx in the documented shape', () => {
    it('malformed JSON', async () => {
      const response = await csoc.admin.request('POST', '/api/v1/orgs', undefined, {
        headers: { 'content-type': 'application/json' },
        rawBody: '{"slug": "x",',
      });
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 'malformed_json');
    });

    it('wrong types, naming each field', async () => {
      const response = await csoc.admin.post('/api/v1/orgs', { slug: 42, name: ['x'] });
      expect(response.status).toBe(400);
      expectErrorShape(response.body, 'invalid_request');
      const fields = response.body.error.details.map((detail: any) => detail.field);
      expect(fields).toEqual(expect.arrayContaining(['body.slug', 'body.name']));
    });

    it('unknown fields', async () => {
      const response = await csoc.admin.post('/api/v1/orgs', { slug: 'ok-slug', name: 'x', colour: 'blue' });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toContainEqual({
        field: 'body.colour',
        message: 'is not a known field; remove it',
      });
    });

    it('missing fields', async () => {
      const response = await csoc.admin.post('/api/v1/orgs', { name: 'x' });
      expect(response.status).toBe(400);
      expect(response.body.error.details).toContainEqual({ field: 'body.slug', message: 'is required' });
    });

    it('oversized bodies', async () => {
      const response = await csoc.admin.post('/api/v1/orgs', {
        slug: 'big-org',
        name: 'x'.repeat(2 * 1024 * 1024),
      });
      expect(response.status).toBe(413);
      expectErrorShape(response.body, 'payload_too_large');
      const login = await csoc
        .anonymous()
        .post('/api/v1/session', { email: 'a@b.c', password: 'x'.repeat(20_000) });
      expect(login.status).toBe(413);
    });

    it('bad ids and bad cursors', async () => {
      const badSlug = await csoc.admin.get('/api/v1/orgs/NOT_A_SLUG!');
      expect(badSlug.status).toBe(400);
      expect(badSlug.body.error.details[0].field).toBe('params.org');
      const missing = await csoc.admin.get('/api/v1/orgs/no-such-org');
      expect(missing.status).toBe(404);
      expectErrorShape(missing.body, 'org_not_found');
      const cursor = await csoc.admin.get('/api/v1/orgs?cursor=garbage');
      expect(cursor.status).toBe(400);
      expect(cursor.body.error.details[0].field).toBe('query.cursor');
      const limit = await csoc.admin.get('/api/v1/orgs?limit=100000');
      expect(limit.status).toBe(400);
    });

    it('unknown routes and wrong media types', async () => {
      const unknown = await csoc.admin.get('/api/v1/nothing-here');
      expect(unknown.status).toBe(404);
      expectErrorShape(unknown.body, 'route_not_found');
      const media = await csoc.admin.request('POST', '/api/v1/orgs', undefined, {
        headers: { 'content-type': 'text/plain' },
        rawBody: 'hello',
      });
      expect(media.status).toBe(415);
      expectErrorShape(media.body);
    });
  });

  it('echoes a sane x-request-id and makes one otherwise', async () => {
    const given = await csoc.anonymous().get('/api/v1/orgs', { 'x-request-id': 'trace-abc-123' });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(given.body.error.requestId).toBe('trace-abc-123');
    const made = await csoc.anonymous().get('/api/v1/orgs', { 'x-request-id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers', async () => {
    const response = await csoc.admin.get('/api/v1/orgs');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never logs the admin password or session cookies', () => {
    const output = csoc.capturedOutput();
    expect(output).not.toContain(TEST_ADMIN_PASSWORD);
    expect(output).not.toMatch(/csoc_session=[A-Za-z0-9_-]{20,}/);
  });
});

// The CLI's API client against a real HTTP server: what goes on the wire (URL, method, headers, body) and
// what a command gets back (data, error, status and headers), as openapi-fetch gave it before.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, encodeQuery, fillPathParams } from './apiClient.ts';
import { createCsocClient } from './createCsocClient.ts';
import { httpFetch } from './httpFetch.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = (response: http.ServerResponse) => void;

describe('the CLI API client', () => {
  const seen: Seen[] = [];
  let reply: Reply = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        reply(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // An untyped client: the tests send paths and options the generated `paths` would not allow.
  function client(headersFor?: (method: string) => Record<string, string>) {
    return createApiClient<Record<string, never>>(
      baseUrl,
      ({ url, ...init }) => httpFetch(url, init),
      headersFor,
    ) as unknown as Record<
      'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      (
        path: string,
        options?: Record<string, unknown>,
      ) => Promise<{
        data?: unknown;
        error?: unknown;
        response: Awaited<ReturnType<typeof httpFetch>>;
      }>
    >;
  }

  function lastRequest(): Seen {
    const last = seen.at(-1);
    if (!last) throw new Error('the server received no request');
    return last;
  }

  it('escapes path parameters and repeats array query values', async () => {
    await client().GET('/api/v1/orgs/{org}/commons/{commons}', {
      params: {
        path: { org: 'a b/c', commons: 'ü?#' },
        query: { state: ['ready', 'failed'], limit: 5, cursor: undefined, q: 'x&y=z', none: [] },
      },
    });
    expect(lastRequest().url).toBe(
      '/api/v1/orgs/a%20b%2Fc/commons/%C3%BC%3F%23?state=ready&state=failed&limit=5&q=x%26y%3Dz',
    );
  });

  it('encodes booleans, numbers and nested objects the way openapi-fetch did', () => {
    expect(encodeQuery({ all: true, page: 0, filter: { kind: 'run', by: 'me' } })).toBe(
      'all=true&page=0&filter%5Bkind%5D=run&filter%5Bby%5D=me',
    );
    expect(encodeQuery({})).toBe('');
    expect(fillPathParams('/orgs/{org}/runs/{run}', { org: 'o' })).toBe('/orgs/o/runs/{run}');
  });

  it('sends a JSON body with its content type and parses the JSON answer', async () => {
    reply = (response) =>
      response
        .writeHead(201, { 'content-type': 'application/json', etag: '"v2"' })
        .end('{"id":"c1","n":[1,2]}');
    const result = await client().POST('/things', { body: { name: 'été', tags: ['a'] } });
    const request = lastRequest();
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ name: 'été', tags: ['a'] });
    expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(request.body));
    expect(result.data).toEqual({ id: 'c1', n: [1, 2] });
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(201);
    expect(result.response.ok).toBe(true);
    expect(result.response.headers.get('ETag')).toBe('"v2"');
  });

  it('sends no body and no content type without a body', async () => {
    await client().DELETE('/things/1');
    expect(lastRequest()).toMatchObject({ method: 'DELETE', body: '' });
    expect(lastRequest().headers['content-type']).toBeUndefined();
  });

  it('returns the API error body as error, with the status, and no data', async () => {
    reply = (response) =>
      response
        .writeHead(409, 'Conflict', { 'content-type': 'application/json', 'x-request-id': 'req-9' })
        .end('{"error":{"code":"conflict","message":"version moved"}}');
    const result = await client().PUT('/things/1', { body: {} });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ error: { code: 'conflict', message: 'version moved' } });
    expect(result.response).toMatchObject({ status: 409, statusText: 'Conflict', ok: false });
    expect(result.response.headers.get('x-request-id')).toBe('req-9');
  });

  it('keeps an error body that is not JSON as text', async () => {
    reply = (response) =>
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    const result = await client().GET('/anything');
    expect(result.error).toBe('<h1>Bad gateway</h1>');
    expect(result.response.status).toBe(502);
  });

  it('reads text or bytes as asked, and nothing from 204, 304 or an empty body', async () => {
    reply = (response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('{"not": parsed');
    expect((await client().GET('/download', { parseAs: 'text' })).data).toBe('{"not": parsed');

    reply = (response) =>
      response.writeHead(200, { 'content-type': 'application/gzip' }).end(Buffer.from([1, 2, 255]));
    const bytes = (await client().GET('/archive', { parseAs: 'arrayBuffer' })).data as ArrayBuffer;
    expect([...new Uint8Array(bytes)]).toEqual([1, 2, 255]);

    reply = (response) => response.writeHead(304, { etag: '"v1"' }).end();
    const unchanged = await client().GET('/things/1', { headers: { 'if-none-match': '"v1"' } });
    expect(unchanged).toMatchObject({ error: '' });
    expect(unchanged.response.status).toBe(304);

    reply = (response) => response.writeHead(204).end();
    const empty = await client().DELETE('/things/2');
    expect(empty).toMatchObject({ data: undefined });
    expect(empty.response.status).toBe(204);

    reply = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('');
    expect((await client().GET('/empty')).data).toBeUndefined();
  });

  it('fails on a 2xx answer that claims JSON but is not', async () => {
    reply = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('<html>');
    await expect(client().GET('/broken')).rejects.toThrow(SyntaxError);
  });

  it('sends per-call headers, lets null remove one, and puts credentials last', async () => {
    reply = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    await client((method) => ({
      authorization: `Bearer for-${method}`,
      'user-agent': 'csoc-cli/test',
    })).PATCH('/things/3', {
      body: { a: 1 },
      headers: { 'If-Match': '"v3"', Authorization: 'Bearer spoofed', 'Content-Type': null },
    });
    const { headers } = lastRequest();
    expect(headers['if-match']).toBe('"v3"');
    expect(headers.authorization).toBe('Bearer for-PATCH');
    expect(headers['user-agent']).toBe('csoc-cli/test');
    expect(headers['content-type']).toBeUndefined();
  });

  it('reads every Set-Cookie header apart', async () => {
    reply = (response) =>
      response
        .writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': ['csoc_session=abc; HttpOnly', 'other=1'],
        })
        .end('{}');
    const { response } = await client().POST('/login', { body: {} });
    expect(response.headers.getSetCookie()).toEqual(['csoc_session=abc; HttpOnly', 'other=1']);
    expect(response.headers.has('SET-COOKIE')).toBe(true);
  });

  it('authenticates a session with the CSRF token on changes only (createCsocClient)', async () => {
    reply = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    const csoc = createCsocClient({ server: baseUrl.replace(/\/$/, ''), session: 's1', csrfToken: 't1' });
    await csoc.GET('/api/v1/orgs');
    expect(lastRequest().headers).toMatchObject({ cookie: 'csoc_session=s1' });
    expect(lastRequest().headers['x-csrf-token']).toBeUndefined();
    await csoc.POST('/api/v1/orgs', { body: { name: 'n', slug: 'n' } });
    expect(lastRequest().headers).toMatchObject({ cookie: 'csoc_session=s1', 'x-csrf-token': 't1' });
  });

  it('names the server when it cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const csoc = createCsocClient({ server: `http://127.0.0.1:${port}`, token: 'csoc_x' });
    await expect(csoc.GET('/api/v1/orgs')).rejects.toThrow(
      `cannot reach CSOC at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });
});

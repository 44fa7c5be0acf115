// The CLI continues the caller's trace: TRACEPARENT/TRACESTATE in its environment become the W3C headers of
// every request it sends to a real HTTP server; anything malformed is left out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCsocClient, traceHeaders } from './createCsocClient.ts';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace headers of the CLI', () => {
  const saved = { parent: process.env.TRACEPARENT, state: process.env.TRACESTATE };
  afterEach(() => {
    if (saved.parent === undefined) delete process.env.TRACEPARENT;
    else process.env.TRACEPARENT = saved.parent;
    if (saved.state === undefined) delete process.env.TRACESTATE;
    else process.env.TRACESTATE = saved.state;
  });

  it('sends traceparent and tracestate from the environment with each request', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      process.env.TRACEPARENT = TRACEPARENT;
      process.env.TRACESTATE = 'vendor=1';
      const client = createCsocClient({
        server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: 'csoc_test',
      });
      await client.GET('/api/v1/orgs');
      expect(seen[0]).toMatchObject({
        traceparent: TRACEPARENT,
        tracestate: 'vendor=1',
        authorization: 'Bearer csoc_test',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('sends nothing without a well-formed TRACEPARENT', () => {
    expect(traceHeaders({})).toEqual({});
    expect(traceHeaders({ TRACEPARENT: 'not-a-trace', TRACESTATE: 'a=b' })).toEqual({});
    expect(traceHeaders({ TRACEPARENT })).toEqual({ traceparent: TRACEPARENT });
  });
});

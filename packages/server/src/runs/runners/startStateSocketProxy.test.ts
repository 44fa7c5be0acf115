import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStateSocketProxy, type StateSocketProxy } from './startStateSocketProxy.ts';

/** One request through the Unix socket, the way the SDK bridge relays Terraform's. */
function viaSocket(socketPath: string, method: string, requestPath: string, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        socketPath,
        method,
        path: requestPath,
        headers: { authorization: 'Basic dXNlcjpwYXNz', host: '127.0.0.1:47480' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('startStateSocketProxy', () => {
  let backend: http.Server;
  let proxy: StateSocketProxy;
  const received: { method?: string; url?: string; host?: string; authorization?: string; body: string }[] =
    [];

  beforeAll(async () => {
    backend = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          method: request.method,
          url: request.url,
          host: request.headers.host,
          authorization: request.headers.authorization,
          body,
        });
        response
          .writeHead(request.method === 'LOCK' && body.includes('taken') ? 423 : 200)
          .end(`backend saw ${request.method}`);
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const port = (backend.address() as AddressInfo).port;
    proxy = await startStateSocketProxy({ stateBackendUrl: `http://127.0.0.1:${port}/api/v1/state/run-a` });
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  it('keeps the socket private to CSOC’s user', () => {
    expect(fs.statSync(proxy.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(proxy.socketPath).isSocket()).toBe(true);
  });

  it('forwards the run’s state requests with their credentials, body and status', async () => {
    expect(await viaSocket(proxy.socketPath, 'GET', '/api/v1/state/run-a')).toEqual({
      status: 200,
      body: 'backend saw GET',
    });
    expect((await viaSocket(proxy.socketPath, 'LOCK', '/api/v1/state/run-a', '{"ID":"taken"}')).status).toBe(
      423,
    );
    expect(
      (await viaSocket(proxy.socketPath, 'POST', '/api/v1/state/run-a?ID=abc', '{"serial":1}')).status,
    ).toBe(200);
    expect((await viaSocket(proxy.socketPath, 'POST', '/api/v1/state/run-a/unlock', '{}')).status).toBe(200);
    expect(received.map((entry) => `${entry.method} ${entry.url} ${entry.body}`)).toEqual([
      'GET /api/v1/state/run-a ',
      'LOCK /api/v1/state/run-a {"ID":"taken"}',
      'POST /api/v1/state/run-a?ID=abc {"serial":1}',
      'POST /api/v1/state/run-a/unlock {}',
    ]);
    expect(received[0]!.authorization).toBe('Basic dXNlcjpwYXNz');
    expect(received[0]!.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(received[0]!.host).not.toBe('127.0.0.1:47480');
  });

  it('refuses every other path and method, so the socket is no way into the rest of CSOC', async () => {
    const before = received.length;
    for (const [method, requestPath] of [
      ['GET', '/api/v1/state/run-b'],
      ['GET', '/api/v1/orgs'],
      ['GET', '/api/v1/state/run-a/../../orgs'],
      ['DELETE', '/api/v1/state/run-a'],
      ['PUT', '/api/v1/state/run-a'],
    ] as const) {
      expect(
        (await viaSocket(proxy.socketPath, method, requestPath)).status,
        `${method} ${requestPath}`,
      ).toBe(403);
    }
    expect(received.length).toBe(before);
    expect(proxy.counts.refused).toBe(5);
  });

  it('answers 502 when CSOC is unreachable, and removes its folder when closed', async () => {
    const lonely = await startStateSocketProxy({ stateBackendUrl: 'http://127.0.0.1:1/api/v1/state/run-c' });
    const answer = await viaSocket(lonely.socketPath, 'GET', '/api/v1/state/run-c');
    expect(answer.status).toBe(502);
    expect(answer.body).toMatch(/unreachable/);
    await lonely.close();
    expect(fs.existsSync(lonely.dir)).toBe(false);
  });
});

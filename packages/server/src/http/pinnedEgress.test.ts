// The shared egress against real HTTP servers on loopback: connections are kept alive and reused per
// checked address, bounded in number, never reused for another address the name resolves to later; bodies
// and time are bounded; internal addresses are refused before any connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPinnedEgress,
  EgressRefusedError,
  idleSocketBudget,
  EgressUnresolvedError,
  pinEgressAddress,
  type EgressRule,
} from './pinnedEgress.ts';

interface Server {
  port: number;
  /** Connections accepted; the most open at once. */
  connections: number;
  maxOpen: number;
  requests: Array<{ host: string | undefined; url: string | undefined; remotePort: number | undefined }>;
  close(): Promise<void>;
}

async function startServer(
  host: string,
  answer: (request: http.IncomingMessage, response: http.ServerResponse) => void,
  port = 0,
): Promise<Server> {
  let open = 0;
  const state: Server = {
    port: 0,
    connections: 0,
    maxOpen: 0,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    state.requests.push({
      host: request.headers.host,
      url: request.url,
      remotePort: request.socket.remotePort,
    });
    answer(request, response);
  });
  // As Gen3's nginx front door: idle connections are kept for 65 s.
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    state.connections++;
    state.maxOpen = Math.max(state.maxOpen, ++open);
    socket.on('close', () => open--);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

const loopbackAllowed: EgressRule = {
  allowedCidrs: ['127.0.0.0/8'],
  refusal: 'tests do not reach internal addresses unless the test allows them',
};

describe('pinEgressAddress', () => {
  const rule: EgressRule = {
    allowedCidrs: [],
    refusal: 'webhooks do not reach internal addresses unless CSOC_ALERT_ALLOWED_CIDRS lists them',
  };

  it('refuses an internal address, or a name with any internal address, naming it and the setting', async () => {
    await expect(pinEgressAddress('169.254.169.254', rule)).rejects.toThrow(
      '169.254.169.254 is a link-local address (cloud metadata lives here); webhooks do not reach internal addresses unless CSOC_ALERT_ALLOWED_CIDRS lists them',
    );
    const mixed = pinEgressAddress('mixed.example.org', {
      ...rule,
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '::ffff:10.0.0.5', family: 6 },
      ],
    });
    await expect(mixed).rejects.toBeInstanceOf(EgressRefusedError);
    await expect(mixed).rejects.toThrow(
      /^mixed\.example\.org resolves to ::ffff:10\.0\.0\.5, which is a private address;/,
    );
  });

  it('pins the first address of a public name, and says when a name does not resolve', async () => {
    const resolve = async () => [{ address: '2606:4700:4700::1111', family: 6 }];
    expect(await pinEgressAddress('[2606:4700:4700::1111]', rule)).toEqual({
      hostname: '2606:4700:4700::1111',
      address: '2606:4700:4700::1111',
      family: 6,
    });
    expect(await pinEgressAddress('one.example.org', { ...rule, resolve })).toMatchObject({
      address: '2606:4700:4700::1111',
      family: 6,
    });
    const missing = pinEgressAddress('no-such-host.invalid', rule);
    await expect(missing).rejects.toBeInstanceOf(EgressUnresolvedError);
    await expect(missing).rejects.toThrow(/^no-such-host\.invalid does not resolve \(/);
  });
});

describe('createPinnedEgress', () => {
  let first: Server;
  let second: Server;
  beforeAll(async () => {
    const answer = (request: http.IncomingMessage, response: http.ServerResponse) => {
      const url = request.url ?? '/';
      if (url === '/large') return void response.end('x'.repeat(200_000));
      if (url === '/hang') return; // never answers
      if (url === '/slow') return void setTimeout(() => response.end('slow'), 100);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ served: request.socket.localAddress }));
    };
    first = await startServer('127.0.0.1', answer);
    // The same port on another loopback address: where the name "rebinds" to.
    second = await startServer('127.0.0.2', answer, first.port);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  const urlOf = (path: string) => new URL(`http://commons.example.org:${first.port}${path}`);
  const pinnedTo = (address: string) => ({ hostname: 'commons.example.org', address, family: 4 as const });

  it('reuses one connection for requests to the same checked address, with the name as Host', async () => {
    const egress = createPinnedEgress();
    const before = first.connections;
    for (let index = 0; index < 5; index++) {
      const response = await egress.request({
        method: 'GET',
        url: urlOf('/_status'),
        pinned: pinnedTo('127.0.0.1'),
        timeoutMs: 5000,
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body.toString())).toEqual({ served: '127.0.0.1' });
    }
    expect(first.connections - before).toBe(1);
    expect(first.requests.at(-1)?.host).toBe(`commons.example.org:${first.port}`);
    expect(egress.stats()).toMatchObject({ addresses: 1, connectionsOpened: 1, requests: 5, openSockets: 1 });
    egress.close();
    expect(egress.stats()).toMatchObject({ addresses: 0, openSockets: 0 });
  });

  it('never reuses a connection for another address the name resolves to later', async () => {
    const egress = createPinnedEgress();
    await egress.request({
      method: 'GET',
      url: urlOf('/_status'),
      pinned: pinnedTo('127.0.0.1'),
      timeoutMs: 5000,
    });
    const moved = await egress.request({
      method: 'GET',
      url: urlOf('/_status'),
      pinned: pinnedTo('127.0.0.2'),
      timeoutMs: 5000,
    });
    expect(JSON.parse(moved.body.toString())).toEqual({ served: '127.0.0.2' });
    expect(second.requests).toHaveLength(1);
    expect(egress.stats().addresses).toBe(2);
    egress.close();
  });

  it('opens at most maxSocketsPerAddress connections at once; the other requests wait for one', async () => {
    const egress = createPinnedEgress({ maxSocketsPerAddress: 3 });
    const connectionsBefore = first.connections;
    first.maxOpen = 0;
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        egress.request({
          method: 'GET',
          url: urlOf('/slow'),
          pinned: pinnedTo('127.0.0.1'),
          timeoutMs: 30_000,
        }),
      ),
    );
    expect(answers.map((answer) => answer.body.toString())).toEqual(Array(12).fill('slow'));
    expect(first.connections - connectionsBefore).toBe(3);
    egress.close();
  });

  it('keeps at most maxIdleSockets idle connections across addresses; the others close and reconnect', async () => {
    const egress = createPinnedEgress({ maxIdleSockets: 2 });
    // Four commons, each its own TLS name on the one test server: four pools, one connection each.
    const names = ['a', 'b', 'c', 'd'].map((name) => `${name}.commons.example.org`);
    const round = async () => {
      for (const hostname of names)
        expect(
          (
            await egress.request({
              method: 'GET',
              url: new URL(`http://${hostname}:${first.port}/_status`),
              pinned: { hostname, address: '127.0.0.1', family: 4 },
              timeoutMs: 5000,
            })
          ).status,
        ).toBe(200);
    };
    await round();
    expect(egress.stats()).toMatchObject({ addresses: 4, connectionsOpened: 4, idleSockets: 2 });
    // The connections beyond the budget close; the two kept are reused, the other two open anew.
    await expect.poll(() => egress.stats().openSockets, { timeout: 10_000 }).toBe(2);
    await round();
    expect(egress.stats()).toMatchObject({ connectionsOpened: 6, idleSockets: 2 });
    egress.close();
    expect(egress.stats()).toMatchObject({ openSockets: 0 });
    await expect.poll(() => egress.stats().idleSockets, { timeout: 10_000 }).toBe(0);
  });

  it('keeps only maxBodyBytes of a long answer and closes that connection; the next request still works', async () => {
    const egress = createPinnedEgress();
    const long = await egress.request({
      method: 'GET',
      url: urlOf('/large'),
      pinned: pinnedTo('127.0.0.1'),
      timeoutMs: 5000,
      maxBodyBytes: 1000,
    });
    expect(long).toMatchObject({ status: 200, truncated: true });
    expect(long.body).toHaveLength(1000);
    const next = await egress.request({
      method: 'GET',
      url: urlOf('/_status'),
      pinned: pinnedTo('127.0.0.1'),
      timeoutMs: 5000,
    });
    expect(next).toMatchObject({ status: 200, truncated: false });
    egress.close();
  });

  it('gives up on a server that does not answer within the timeout, and still serves the others', async () => {
    const egress = createPinnedEgress({ maxSocketsPerAddress: 1 });
    const hung = egress.request({
      method: 'GET',
      url: urlOf('/hang'),
      pinned: pinnedTo('127.0.0.1'),
      timeoutMs: 300,
    });
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    const after = await egress.request({
      method: 'GET',
      url: urlOf('/_status'),
      pinned: pinnedTo('127.0.0.1'),
      timeoutMs: 5000,
    });
    expect(after.status).toBe(200);
    egress.close();
  });

  it('POSTs a body with its length and answers the status, keeping the connection', async () => {
    const received: string[] = [];
    const sink = await startServer('127.0.0.1', (request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push(`${request.headers['content-length']} ${text}`);
        response.statusCode = 202;
        response.end('accepted');
      });
    });
    const egress = createPinnedEgress();
    const url = new URL(`http://hooks.example.org:${sink.port}/hook?x=1`);
    for (const body of ['{"a":1}', '{"b":22}'])
      expect(
        (
          await egress.request({
            method: 'POST',
            url,
            pinned: { ...pinnedTo('127.0.0.1'), hostname: 'hooks.example.org' },
            body,
            timeoutMs: 5000,
          })
        ).status,
      ).toBe(202);
    expect(received).toEqual(['7 {"a":1}', '8 {"b":22}']);
    expect(sink.requests.map((request) => request.url)).toEqual(['/hook?x=1', '/hook?x=1']);
    expect(sink.connections).toBe(1);
    egress.close();
    await sink.close();
  });

  it('pins and requests end to end with a rule: the checked address is the one reached', async () => {
    const egress = createPinnedEgress();
    const pinned = await pinEgressAddress('commons.example.org', {
      ...loopbackAllowed,
      resolve: async () => [{ address: '127.0.0.2', family: 4 }],
    });
    const response = await egress.request({ method: 'GET', url: urlOf('/_status'), pinned, timeoutMs: 5000 });
    expect(JSON.parse(response.body.toString())).toEqual({ served: '127.0.0.2' });
    egress.close();
  });
});

describe('idleSocketBudget', () => {
  it('keeps idle connections to half the descriptors a process may open, within bounds', () => {
    const limits = (soft: string) =>
      `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                1048576              files\n`;
    expect(idleSocketBudget(limits('20000'))).toBe(10_000);
    expect(idleSocketBudget(limits('1024'))).toBe(512);
    expect(idleSocketBudget(limits('unlimited'))).toBe(32_768);
    expect(idleSocketBudget('')).toBe(4096);
  });
});

// The status checks' undici pools against real HTTP and HTTPS servers on loopback (a local CA signs the
// HTTPS one): rounds after the first reuse their connections (counted on the server), the certificate's
// expiry is read from the handshake, and the SSRF guards hold over pooled connections: a name that now
// resolves to an internal address is refused although a connection to its old address is kept alive.
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTestCertificates } from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeGen3Status } from '../gitops/deploys/probeGen3Status.ts';
import { createProbeEgress } from './probeEgress.ts';

const endpoints = [
  { prefix: 'user', chart: 'fence', version: true },
  { prefix: 'index', chart: 'indexd', version: false },
  { prefix: '', chart: 'revproxy', version: true },
];

interface Served {
  port: number;
  /** TCP connections accepted, and (HTTPS) TLS handshakes completed. */
  connections: number;
  handshakes: number;
  requests: string[];
  close(): Promise<void>;
}

async function serve(server: http.Server | https.Server, tlsServer: boolean): Promise<Served> {
  const served: Served = { port: 0, connections: 0, handshakes: 0, requests: [], close: async () => {} };
  server.on('connection', () => served.connections++);
  if (tlsServer) server.on('secureConnection', () => served.handshakes++);
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    served.requests.push(`${request.headers.host} ${request.url}`);
    if (request.url?.startsWith('/hang')) return; // never answers
    if (request.url?.startsWith('/big')) return response.end('x'.repeat(200_000));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(request.url?.endsWith('_version') ? { version: '2025.06' } : { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.port = (server.address() as AddressInfo).port;
  served.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return served;
}

describe('createProbeEgress', () => {
  const certificates = createTestCertificates();
  let secure: Served;
  let plain: Served;

  beforeAll(async () => {
    secure = await serve(
      https.createServer({
        cert: certificates.serverCert,
        key: certificates.serverKey,
        keepAliveTimeout: 60_000,
      }),
      true,
    );
    plain = await serve(http.createServer({ keepAliveTimeout: 60_000 }), false);
  });
  afterAll(async () => {
    await secure.close();
    await plain.close();
  });

  it('probes an HTTPS commons round after round over the same connections, and reads its certificate expiry', async () => {
    const egress = createProbeEgress({ ca: certificates.caCert });
    const rounds = 5;
    const handshakesAfterRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const probes = await probeGen3Status({
        baseUrl: `https://localhost:${secure.port}`,
        endpoints,
        allowedCidrs: ['127.0.0.0/8'],
        resolve: async () => [{ address: '127.0.0.1', family: 4 }],
        timeoutMs: 30_000,
        egress,
      });
      expect(probes.map((probe) => `${probe.service} ${probe.status}`)).toEqual([
        'fence healthy',
        'indexd healthy',
        'revproxy healthy',
      ]);
      expect(probes[0]!.version).toBe('2025.06');
      handshakesAfterRound.push(secure.handshakes);
    }
    // 5 rounds of 3 status checks and 2 version checks; TLS verified `localhost` although it went to the IP.
    expect(secure.requests).toHaveLength(rounds * 5);
    expect(new Set(secure.requests.map((line) => line.split(' ')[0]))).toEqual(
      new Set([`localhost:${secure.port}`]),
    );
    // The first round opened at most one connection per request (5); every later round reused them all.
    expect(handshakesAfterRound[0]).toBeGreaterThan(0);
    expect(handshakesAfterRound[0]).toBeLessThanOrEqual(5);
    expect(handshakesAfterRound.slice(1)).toEqual(new Array(rounds - 1).fill(handshakesAfterRound[0]));
    expect(secure.connections).toBe(secure.handshakes);
    const stats = egress.stats();
    expect(stats.connectionsOpened).toBe(secure.handshakes);
    expect(stats.requests).toBe(rounds * 5);

    // The certificate-expiring alert's input: the notAfter the commons presented, in days from now.
    const notAfter = new Date(new X509Certificate(certificates.serverCert).validTo);
    expect(egress.certificateOf('localhost')).toEqual({
      expiresAt: notAfter.toISOString(),
      daysLeft: Math.floor((notAfter.getTime() - Date.now()) / 86_400_000),
    });
    expect(egress.certificateOf('other.example.org')).toBeUndefined();
    egress.close();
  });

  it('refuses a certificate its CA did not sign, and a name the certificate does not carry', async () => {
    const untrusting = createProbeEgress();
    const [unsigned] = await probeGen3Status({
      baseUrl: `https://localhost:${secure.port}`,
      endpoints: endpoints.slice(0, 1),
      allowedCidrs: ['127.0.0.0/8'],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      egress: untrusting,
    });
    expect(unsigned).toMatchObject({ status: 'unreachable', httpStatus: null });
    expect(unsigned!.detail).toMatch(
      /^no answer \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/,
    );
    untrusting.close();

    // The pinned address is the server's, but TLS checks the name asked for, not the address.
    const trusting = createProbeEgress({ ca: certificates.caCert });
    const [wrongName] = await probeGen3Status({
      baseUrl: `https://commons.example.org:${secure.port}`,
      endpoints: endpoints.slice(0, 1),
      allowedCidrs: ['127.0.0.0/8'],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      egress: trusting,
    });
    expect(wrongName).toMatchObject({
      status: 'unreachable',
      detail: 'no answer (ERR_TLS_CERT_ALTNAME_INVALID)',
    });
    trusting.close();
  });

  it('refuses a name that now resolves to an internal address although a connection to its old address is kept', async () => {
    const egress = createProbeEgress();
    const answers = [[{ address: '127.0.0.1', family: 4 }], [{ address: '169.254.169.254', family: 4 }]];
    let asked = 0;
    const probe = () =>
      probeGen3Status({
        baseUrl: `http://rebind.example.org:${plain.port}`,
        endpoints: endpoints.slice(0, 1),
        allowedCidrs: ['127.0.0.1/32'],
        resolve: async () => answers[Math.min(asked++, 1)]!,
        egress,
      });
    expect((await probe())[0]).toMatchObject({ status: 'healthy', httpStatus: 200 });
    const before = plain.requests.length;
    expect(egress.stats().idleSockets).toBe(1);
    const [refused] = await probe();
    expect(refused).toMatchObject({ status: 'refused', httpStatus: null });
    expect(refused!.detail).toBe(
      'rebind.example.org resolves to 169.254.169.254, a link-local address (cloud metadata lives here); status checks do not reach internal addresses unless CSOC_PROBE_ALLOWED_CIDRS lists them',
    );
    expect(plain.requests.length).toBe(before);
    egress.close();
  });

  it('ends a request that gets no answer at its timeout, while requests to another commons go on', async () => {
    const egress = createProbeEgress();
    const pinned = { hostname: 'slow.example.org', address: '127.0.0.1', family: 4 as const };
    const began = performance.now();
    const hanging = egress
      .request({
        method: 'GET',
        url: new URL(`http://slow.example.org:${plain.port}/hang`),
        pinned,
        timeoutMs: 1500,
      })
      .then(
        () => 'answered',
        (error: Error) => error.name,
      );
    const other = await egress.request({
      method: 'GET',
      url: new URL(`http://fast.example.org:${plain.port}/_status`),
      pinned: { ...pinned, hostname: 'fast.example.org' },
      timeoutMs: 30_000,
    });
    expect(other.status).toBe(200);
    expect(await hanging).toBe('AbortError');
    expect(performance.now() - began).toBeGreaterThanOrEqual(1400);
    egress.close();
  });

  it('lets a request that timed out waiting for a busy connection leave the queue without costing a connection', async () => {
    const egress = createProbeEgress({ maxSocketsPerAddress: 1 });
    const pinned = { hostname: 'queue.example.org', address: '127.0.0.1', family: 4 as const };
    const at = (path: string) => new URL(`http://queue.example.org:${plain.port}${path}`);
    const first = await egress.request({ method: 'GET', url: at('/_status'), pinned, timeoutMs: 30_000 });
    expect(first.status).toBe(200);
    const connectionsBefore = plain.connections;
    const requestsBefore = plain.requests.length;
    // The one connection hangs on a request; the next one waits for it and times out while waiting.
    const hanging = egress
      .request({ method: 'GET', url: at('/hang'), pinned, timeoutMs: 3000 })
      .catch((error: Error) => error.name);
    const queued = await egress
      .request({ method: 'GET', url: at('/_status?queued'), pinned, timeoutMs: 300 })
      .catch((error: Error) => error.name);
    expect(queued).toBe('AbortError');
    expect(await hanging).toBe('AbortError');
    // The timed-out one was never sent; the hung connection was replaced by one new one for the next.
    const after = await egress.request({ method: 'GET', url: at('/_status'), pinned, timeoutMs: 30_000 });
    expect(after.status).toBe(200);
    expect(plain.requests.slice(requestsBefore).map((line) => line.split(' ')[1])).toEqual([
      '/hang',
      '/_status',
    ]);
    expect(plain.connections - connectionsBefore).toBe(1);
    egress.close();
  });

  it('cuts an answer longer than the probe reads and does not reuse its connection', async () => {
    const egress = createProbeEgress();
    const pinned = { hostname: 'big.example.org', address: '127.0.0.1', family: 4 as const };
    const url = new URL(`http://big.example.org:${plain.port}/big`);
    const before = plain.connections;
    for (let index = 0; index < 2; index++) {
      const answer = await egress.request({
        method: 'GET',
        url,
        pinned,
        timeoutMs: 30_000,
        maxBodyBytes: 1000,
      });
      expect(answer).toMatchObject({ status: 200, truncated: true });
      expect(answer.body.length).toBe(1000);
    }
    // Each cut answer's connection closed: the second request could not reuse the first's.
    expect(plain.connections - before).toBeGreaterThanOrEqual(2);
    egress.close();
  });
});

// Status checks against real HTTP servers on loopback: internal addresses are refused before any
// connection, redirects are reported and not followed, and an allowed or trusted endpoint is checked.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAddressProblem, probeGen3Status } from './probeGen3Status.ts';

const fence = { prefix: 'user', chart: 'fence', version: true };
const revproxy = { prefix: '', chart: 'revproxy', version: true };

interface Server {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function startServer(answer: (path: string, response: http.ServerResponse) => void): Promise<Server> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.headers.host} ${request.url}`);
    answer(request.url ?? '/', response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('probeAddressProblem', () => {
  it('refuses loopback, private, link-local and metadata addresses, IPv4-mapped ones too', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '100.100.100.200',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      'fd00:ec2::254',
      'fe80::1%eth0',
    ])
      expect(probeAddressProblem(address), address).toEqual(expect.any(String));
    expect(probeAddressProblem('169.254.169.254')).toContain('cloud metadata');
  });

  it('lets public addresses through, and internal ones the allow-list names', () => {
    for (const address of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(probeAddressProblem(address), address).toBeUndefined();
    expect(probeAddressProblem('10.20.1.2', ['10.20.0.0/16'])).toBeUndefined();
    expect(probeAddressProblem('::ffff:10.20.1.2', ['10.20.0.0/16'])).toBeUndefined();
    expect(probeAddressProblem('10.21.1.2', ['10.20.0.0/16'])).toEqual(expect.any(String));
    expect(probeAddressProblem('fd12:3456::1', ['fd12:3456::/48'])).toBeUndefined();
  });
});

describe('probeGen3Status', () => {
  let healthy: Server;
  let redirecting: Server;
  beforeAll(async () => {
    healthy = await startServer((path, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(path.endsWith('/_version') ? '{"version":"2025.06"}' : '{"status":"ok"}');
    });
    redirecting = await startServer((_path, response) => {
      response.statusCode = 302;
      response.setHeader('location', `${healthy.url}/latest/meta-data/`);
      response.end();
    });
  });
  afterAll(async () => {
    await healthy.close();
    await redirecting.close();
  });

  it('refuses a hostname that resolves to a loopback address, before connecting, and says how to allow it', async () => {
    const port = new URL(healthy.url).port;
    for (const baseUrl of [
      `http://localhost:${port}`,
      `http://127.0.0.1:${port}`,
      `http://[::ffff:127.0.0.1]:${port}`,
    ]) {
      const before = healthy.requests.length;
      const [probe] = await probeGen3Status({ baseUrl, endpoints: [fence] });
      expect(probe, baseUrl).toMatchObject({ service: 'fence', status: 'refused', httpStatus: null });
      expect(probe!.detail).toMatch(
        /a loopback address; status checks do not reach internal addresses unless CSOC_PROBE_ALLOWED_CIDRS lists them$/,
      );
      expect(healthy.requests.length, baseUrl).toBe(before);
    }
  });

  it('checks an allowed address, connecting to the address it checked with the hostname in Host', async () => {
    const port = new URL(healthy.url).port;
    const probes = await probeGen3Status({
      baseUrl: `http://localhost:${port}/base`,
      endpoints: [fence, revproxy],
      allowedCidrs: ['127.0.0.0/8', '::1/128'],
    });
    expect(probes).toEqual([
      { service: 'fence', path: '/user/_status', status: 'healthy', httpStatus: 200, version: '2025.06' },
      { service: 'revproxy', path: '/_status', status: 'healthy', httpStatus: 200, version: '2025.06' },
    ]);
    expect(healthy.requests).toContain(`localhost:${port} /base/user/_version`);
  });

  it('connects to the address it checked: a name that rebinds to another address after the check is not looked up again', async () => {
    const port = new URL(healthy.url).port;
    const answers = [[{ address: '127.0.0.1', family: 4 }], [{ address: '169.254.169.254', family: 4 }]];
    const asked: string[] = [];
    const probes = await probeGen3Status({
      baseUrl: `http://rebind.example.org:${port}`,
      endpoints: [fence, revproxy],
      allowedCidrs: ['127.0.0.1/32'],
      resolve: async (hostname) => {
        asked.push(hostname);
        return answers[Math.min(asked.length - 1, 1)]!;
      },
    });
    expect(asked).toEqual(['rebind.example.org']);
    expect(probes.map((probe) => probe.status)).toEqual(['healthy', 'healthy']);
    expect(healthy.requests).toContain(`rebind.example.org:${port} /user/_version`);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const [probe] = await probeGen3Status({
      baseUrl: 'https://mixed.example.org',
      endpoints: [fence],
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: 'fd00:ec2::254', family: 6 },
      ],
    });
    expect(probe).toMatchObject({ status: 'refused', httpStatus: null });
    expect(probe!.detail).toMatch(/^mixed\.example\.org resolves to fd00:ec2::254, a unique-local address/);
  });

  it('reports a redirect as the result and does not follow it', async () => {
    const before = healthy.requests.length;
    const [probe] = await probeGen3Status({
      baseUrl: redirecting.url,
      endpoints: [fence],
      allowedCidrs: ['127.0.0.1'],
    });
    expect(probe).toEqual({
      service: 'fence',
      path: '/user/_status',
      status: 'redirected',
      httpStatus: 302,
      detail: `answered 302 with a redirect to ${healthy.url}; status checks do not follow redirects, so set spec.gen3.hostname to the name that serves the commons`,
    });
    expect(redirecting.requests).toHaveLength(1);
    expect(healthy.requests.length).toBe(before);
  });

  it("reaches the trusted origin (the simulator's own endpoint) on loopback, and only that origin", async () => {
    const [trusted] = await probeGen3Status({
      baseUrl: `${healthy.url}/sim/org/commons`,
      endpoints: [fence],
      trustedOrigin: healthy.url,
    });
    expect(trusted).toMatchObject({ status: 'healthy', httpStatus: 200, version: '2025.06' });
    const [other] = await probeGen3Status({
      baseUrl: redirecting.url,
      endpoints: [fence],
      trustedOrigin: healthy.url,
    });
    expect(other).toMatchObject({ status: 'refused', httpStatus: null });
  });

  it('says when a hostname does not resolve', async () => {
    const [probe] = await probeGen3Status({ baseUrl: 'https://no-such-host.invalid', endpoints: [fence] });
    expect(probe).toMatchObject({ status: 'unreachable', httpStatus: null });
    expect(probe!.detail).toMatch(/^no-such-host\.invalid does not resolve/);
  });
});

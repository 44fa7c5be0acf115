// The forwarding test-send on both databases: an org admin learns at once whether the destination takes
// OTLP with the sealed headers (it receives one empty metrics export, headers included), and why not when it
// refuses them; the answer, the settings and the audit log never show a header value; a viewer may read
// the destination but not test it; with no destination the answer says how to set one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';

const ORG = 'forward-test-org';
const SECRET = 'Bearer backend-secret-4f1e9a';

/** An OTLP receiver that takes only requests carrying the right Authorization header. */
async function startReceiver() {
  const received: Array<{ path: string; authorization?: string; contentType?: string; body: string }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(request.headers.authorization === SECRET ? 200 : 401).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(r)) };
}

describe.each(testDatabaseTargets)('forwarding test-send on $dialect', (target) => {
  let csoc: TestCsoc | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS: '127.0.0.0/8', CSOC_PROBE_INTERVAL_SECONDS: '0' },
    });
    await ensureOrg(csoc, ORG);
    receiver = await startReceiver();
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await csoc?.stop();
  });

  it('says how to set a destination when there is none', async () => {
    const tested = await csoc!.admin.post(`/api/v1/orgs/${ORG}/telemetry/forwarding/test`, {});
    expect(tested.status).toBe(404);
    expect(tested.body.error.code).toBe('forwarding_not_found');
    expect(tested.body.error.message).toContain(`PUT /api/v1/orgs/${ORG}/telemetry/forwarding`);
  });

  it('delivers an empty OTLP export with the sealed headers, and names the cause when refused', async () => {
    const path = `/api/v1/orgs/${ORG}/telemetry/forwarding`;
    const put = await csoc!.admin.put(path, {
      endpoint: `${receiver!.url}/otlp`,
      headers: { Authorization: SECRET },
      enabled: false,
    });
    expect(put.status, put.text).toBe(200);

    // Disabled forwarding can still be tested before it is turned on.
    const tested = await csoc!.admin.post(`${path}/test`, {});
    expect(tested.status, tested.text).toBe(200);
    expect(tested.body).toEqual({
      delivered: true,
      url: `${receiver!.url}/otlp/v1/metrics`,
      statusCode: 200,
      error: null,
    });
    const last = receiver!.received.at(-1)!;
    expect(last).toMatchObject({ path: '/otlp/v1/metrics', authorization: SECRET });
    expect(last.contentType).toBe('application/json');
    expect(JSON.parse(last.body)).toEqual({ resourceMetrics: [] });

    // The test counts nothing: the delivery counts describe forwarded telemetry only.
    const read = await csoc!.admin.get(path);
    expect(read.body).toMatchObject({ forwarded: 0, failed: 0, headerNames: ['Authorization'] });

    // Replaced with a wrong credential: not delivered, and the answer says what to check.
    await csoc!.admin.put(path, {
      endpoint: `${receiver!.url}/otlp`,
      headers: { Authorization: 'Bearer wrong' },
    });
    const refused = await csoc!.admin.post(`${path}/test`, {});
    expect(refused.status).toBe(200);
    expect(refused.body.delivered).toBe(false);
    expect(refused.body.statusCode).toBe(401);
    expect(refused.body.error).toMatch(/HTTP 401.*credentials/);
    expect(refused.text).not.toContain('wrong');

    const audit = await csoc!.admin.get(`/api/v1/orgs/${ORG}/audit?limit=50`);
    expect(audit.text).toContain(`orgs/${ORG}/telemetry/forwarding/test`);
    expect(audit.text).not.toContain('backend-secret-4f1e9a');
    expect(audit.text).not.toContain('Bearer wrong');
  });

  it('names an unreachable destination without sending anything elsewhere', async () => {
    const path = `/api/v1/orgs/${ORG}/telemetry/forwarding`;
    // A loopback port nothing listens on (the receiver's, once closed, could be reused; port 1 is not).
    await csoc!.admin.put(path, { endpoint: 'http://127.0.0.1:1', headers: { Authorization: SECRET } });
    const tested = await csoc!.admin.post(`${path}/test`, {});
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ delivered: false, statusCode: null });
    expect(tested.body.error).toMatch(/could not reach the destination \(ECONNREFUSED\)/);
  });

  it('lets a viewer read the destination but not test it', async () => {
    const viewer = await createSignedInUser(csoc!, `viewer-${target.dialect}@example.org`, ORG, 'viewer');
    const read = await viewer.get(`/api/v1/orgs/${ORG}/telemetry/forwarding`);
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('backend-secret-4f1e9a');
    const tested = await viewer.post(`/api/v1/orgs/${ORG}/telemetry/forwarding/test`, {});
    expect(tested.status).toBe(403);
  });
});

// The `store-ingest-credential` verb as CSOC's run worker invokes it: src/main.ts with a PluginRequest in
// CSOC_REQUEST_FILE. A local HTTP server stands where api.digitalocean.com would be (the request's
// ingestCredential.endpoint) and answers the cluster list and the cluster credentials; an HTTPS stand-in of
// the cluster's Kubernetes API (test CA, bearer token, server-side apply) receives the Secret. Neither the
// ingest token, the join token nor the API token may appear in the run's output.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCertificates } from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { startFakeApplyApi, type FakeApplyApi } from '../testing/startFakeApplyApi.ts';

const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const INGEST_TOKEN = `csoc_otlp_${'Qw3Er4Ty'.repeat(5)}`;
const JOIN_TOKEN = `csoc_join_${'Zx8Cv7Bn'.repeat(5)}Jt`;
const API_TOKEN = 'dop_v1_apitokenCANARY0123456789';
const CLUSTER_TOKEN = 'doks-cluster-token-CANARY-42';

let doApi: Server;
let doApiUrl: string;
let kubeApi: FakeApplyApi;
let caCert: string;
let dir: string;
const doCalls: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csoc-do-ingest-'));
  const certs = createTestCertificates();
  caCert = certs.caCert;
  kubeApi = await startFakeApplyApi({ cert: certs.serverCert, key: certs.serverKey, token: CLUSTER_TOKEN });
  doApi = createServer((request, response) => {
    doCalls.push(
      `${request.method} ${request.url} ${request.headers.authorization === `Bearer ${API_TOKEN}`}`,
    );
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${API_TOKEN}`)
      return reply(401, { id: 'unauthorized', message: 'Unable to authenticate you' });
    if (request.url === '/v2/kubernetes/clusters?per_page=200')
      return reply(200, {
        kubernetes_clusters: [
          { id: 'c-other', name: 'other' },
          { id: 'c-1', name: 'gen3-dev' },
        ],
      });
    if (request.url === '/v2/kubernetes/clusters/c-1/credentials')
      return reply(200, {
        server: kubeApi.url,
        certificate_authority_data: Buffer.from(caCert).toString('base64'),
        token: CLUSTER_TOKEN,
        expires_at: '2026-12-13T00:00:00Z',
      });
    reply(404, { id: 'not_found', message: 'The resource you were accessing could not be found.' });
  });
  await new Promise<void>((resolve) => doApi.listen(0, '127.0.0.1', resolve));
  doApiUrl = `http://127.0.0.1:${(doApi.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => doApi?.close(resolve));
  await kubeApi?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runVerb(
  inputs: Record<string, unknown>,
  entry: { secretName?: string; token?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const secretsFile = join(dir, 'credentials.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({ token: API_TOKEN, csocIngestToken: entry.token ?? INGEST_TOKEN }),
    { mode: 0o600 },
  );
  const requestFile = join(dir, 'request.json');
  writeFileSync(
    requestFile,
    JSON.stringify({
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'PluginRequest',
      verb: 'store-ingest-credential',
      runId: 'run-1',
      commons: { org: 'ocean', name: 'reef' },
      inputs,
      credentials: { kind: 'digitalocean', public: { region: 'nyc3' }, secretsFile },
      workDir: dir,
      options: {},
      ingestCredential: {
        secretName: entry.secretName ?? `${String(inputs.environment)}-reef-csoc-telemetry-ingest`,
        property: 'token',
        tokenSecretKey: 'csocIngestToken',
        endpoint: doApiUrl,
      },
    }),
    { mode: 0o600 },
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainFile, 'store-ingest-credential'], {
      env: { PATH: process.env.PATH, CSOC_REQUEST_FILE: requestFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('store-ingest-credential on DigitalOcean', { timeout: 120_000 }, () => {
  it('writes the token as the Secret the telemetry agent reads, in the secrets namespace of the commons cluster', async () => {
    const result = await runVerb({
      environment: 'gen3-dev',
      region: 'nyc3',
      secretsNamespace: 'gen3-secrets',
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(doCalls.every((call) => call.endsWith(' true'))).toBe(true);
    const secret = kubeApi.objects.get(
      '/api/v1/namespaces/gen3-secrets/secrets/gen3-dev-reef-csoc-telemetry-ingest',
    );
    expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(INGEST_TOKEN);
    expect(result.stdout).toContain(
      'stored the ingest credential as Secret gen3-secrets/gen3-dev-reef-csoc-telemetry-ingest',
    );
    for (const secretValue of [INGEST_TOKEN, 'CANARY'])
      expect(result.stdout + result.stderr).not.toContain(secretValue);
  });

  it('writes csoc-agent’s join token as the Secret its ExternalSecret reads, beside the telemetry one', async () => {
    const result = await runVerb(
      { environment: 'gen3-dev', region: 'nyc3', secretsNamespace: 'gen3-secrets' },
      { secretName: 'gen3-dev-reef-csoc-agent-join-token', token: JOIN_TOKEN },
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const secret = kubeApi.objects.get(
      '/api/v1/namespaces/gen3-secrets/secrets/gen3-dev-reef-csoc-agent-join-token',
    );
    expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(JOIN_TOKEN);
    expect(result.stdout).toContain(
      'stored the csoc-agent join token as Secret gen3-secrets/gen3-dev-reef-csoc-agent-join-token',
    );
    for (const secretValue of [JOIN_TOKEN, 'CANARY'])
      expect(result.stdout + result.stderr).not.toContain(secretValue);
  });

  it('refuses another commons’ entry, or a token of the other kind, before any API call', async () => {
    const calls = doCalls.length;
    const other = await runVerb(
      { environment: 'gen3-dev', region: 'nyc3' },
      { secretName: 'gen3-dev-coral-csoc-agent-join-token', token: JOIN_TOKEN },
    );
    expect(other.code).not.toBe(0);
    expect(other.stdout).toContain(
      'the digitalocean plugin stores only gen3-dev-reef-csoc-telemetry-ingest or gen3-dev-reef-csoc-agent-join-token (the commons prefix), not gen3-dev-coral-csoc-agent-join-token',
    );
    const swapped = await runVerb(
      { environment: 'gen3-dev', region: 'nyc3' },
      { secretName: 'gen3-dev-reef-csoc-agent-join-token', token: INGEST_TOKEN },
    );
    expect(swapped.code).not.toBe(0);
    expect(swapped.stdout).toContain(
      'the csoc-agent join token is not a csoc-agent join token (csoc_join_…)',
    );
    expect(doCalls.length).toBe(calls);
    for (const output of [other.stdout + other.stderr, swapped.stdout + swapped.stderr])
      for (const secretValue of [JOIN_TOKEN, INGEST_TOKEN, 'CANARY'])
        expect(output).not.toContain(secretValue);
  });

  it('fails with an error event naming the missing cluster when the commons was never applied', async () => {
    const result = await runVerb({ environment: 'gen3-prod', region: 'nyc3' });
    expect(result.code).not.toBe(0);
    const errors = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message?: string })
      .filter((event) => event.type === 'error');
    expect(errors.map((event) => event.message).join('\n')).toMatch(/no DOKS cluster named "gen3-prod"/);
    expect(result.stdout + result.stderr).not.toContain('CANARY');
  });

  it('refuses inputs the manifest refuses (an upper-case environment) before any API call', async () => {
    const calls = doCalls.length;
    const result = await runVerb({ environment: 'Gen3-Bad', region: 'nyc3' });
    expect(result.code).not.toBe(0);
    expect(doCalls.length).toBe(calls);
  });
});

// The sim plugin's store-ingest-credential, run in-process the way the host runs it (a request file, the
// token and the simulator's token in the secrets file): one PUT of {"token": …} to the simulator's secret
// manager, the refusal of the simulator as the error, and the token in no event. A local HTTP server stands
// for the simulator's control API (the whole path, with the real simulator, is ingestDelivery.integration).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PluginIngestCredential, type PluginRequest } from '@csoc/plugin-sdk';
import { runSim } from './runSim.ts';

const TOKEN = `csoc_otlp_${'Sim4Tok9'.repeat(5)}`;
const SIMULATOR_TOKEN = 'simulator-control-token-123';
let root: string;
let server: Server;
let endpoint: string;
const received: Array<{ method: string; url: string; authorization: string; body: string }> = [];
let status = 200;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csoc-sim-ingest-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({
        method: request.method!,
        url: request.url!,
        authorization: String(request.headers.authorization),
        body,
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(status === 200 ? { simulated: true } : { error: 'needs the simulator token' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

async function store(ingestCredential: PluginIngestCredential) {
  const secretsFile = join(root, 'credentials.json');
  await writeFile(secretsFile, JSON.stringify({ csocIngestToken: TOKEN, simulatorToken: SIMULATOR_TOKEN }));
  const request: PluginRequest = {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb: 'store-ingest-credential',
    runId: 'run-1',
    commons: { org: 'acme', name: 'demo' },
    inputs: { name: 'demo' },
    credentials: { kind: 'sim', public: {}, secretsFile },
    workDir: root,
    options: {},
    ingestCredential,
  };
  const requestFile = join(root, 'request.json');
  await writeFile(requestFile, JSON.stringify(request));
  const stdout = new PassThrough();
  let output = '';
  stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await runSim({
    argv: ['node', 'main.ts', 'store-ingest-credential'],
    env: { PATH: process.env.PATH, CSOC_REQUEST_FILE: requestFile },
    stdout,
    handleSignals: false,
  });
  return { code, output };
}

const target = (overrides: Partial<PluginIngestCredential> = {}): PluginIngestCredential => ({
  secretName: 'demo-demo-csoc-telemetry-ingest',
  property: 'token',
  tokenSecretKey: 'csocIngestToken',
  endpoint,
  ...overrides,
});

describe('sim store-ingest-credential', () => {
  it('writes {"token": …} into the simulated secret manager entry with the simulator token', async () => {
    received.length = 0;
    status = 200;
    const { code, output } = await store(target());
    expect(code, output).toBe(0);
    expect(received).toEqual([
      {
        method: 'PUT',
        url: '/sim-control/secret-manager/demo-demo-csoc-telemetry-ingest',
        authorization: `Bearer ${SIMULATOR_TOKEN}`,
        body: JSON.stringify({ token: TOKEN }),
      },
    ]);
    expect(output).toContain(
      '[simulated] wrote the OTLP ingest credential to demo-demo-csoc-telemetry-ingest',
    );
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SIMULATOR_TOKEN);
  });

  it('writes csoc-agent’s join token into its own entry (ADR 0074)', async () => {
    received.length = 0;
    status = 200;
    const { code, output } = await store(target({ secretName: 'demo-demo-csoc-agent-join-token' }));
    expect(code, output).toBe(0);
    expect(received.map((request) => [request.url, request.body])).toEqual([
      ['/sim-control/secret-manager/demo-demo-csoc-agent-join-token', JSON.stringify({ token: TOKEN })],
    ]);
    expect(output).toContain(
      '[simulated] wrote the csoc-agent join token to demo-demo-csoc-agent-join-token',
    );
    expect(output).not.toContain(TOKEN);
  });

  it('fails with the simulator’s refusal, without either token', async () => {
    received.length = 0;
    status = 401;
    const { code, output } = await store(target());
    expect(code).not.toBe(0);
    expect(output).toContain('refused to write demo-demo-csoc-telemetry-ingest (HTTP 401');
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SIMULATOR_TOKEN);
  });

  it('refuses a property the simulated secret manager does not have, and a missing simulator, sending nothing', async () => {
    received.length = 0;
    status = 200;
    const wrongProperty = await store(target({ property: 'password' }));
    expect(wrongProperty.code).not.toBe(0);
    // Events are JSON lines: the quotes come escaped.
    expect(wrongProperty.output).toContain('have no property \\"password\\" (only token)');
    const noEndpoint = await store(target({ endpoint: undefined }));
    expect(noEndpoint.code).not.toBe(0);
    expect(noEndpoint.output).toContain('ingestCredential.endpoint must be the simulator');
    expect(received).toHaveLength(0);
  });
});

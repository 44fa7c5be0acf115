import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginManifest } from './manifestSchema.ts';
import type { PluginRequest } from './requestSchema.ts';
import { runPlugin } from './runPlugin.ts';
import {
  openStateSocketBridge,
  rebaseStateAddresses,
  STATE_BRIDGE_PORT_ENV,
  STATE_SOCKET_ENV,
} from './stateSocketBridge.ts';

let dir: string;
let socketPath: string;
let server: http.Server;
const seen: { method: string; url: string; authorization?: string; body: string }[] = [];

const request: PluginRequest = {
  apiVersion: 'csoc.gen3.org/v1',
  kind: 'PluginRequest',
  verb: 'plan',
  runId: 'run-1',
  commons: { org: 'acme', name: 'demo' },
  inputs: {},
  credentials: { kind: 'sim', public: {} },
  state: {
    address: 'https://csoc.example.org:8443/api/v1/state/run-1',
    lockAddress: 'https://csoc.example.org:8443/api/v1/state/run-1/lock?x=1',
    username: 'run-run-1',
    passwordEnv: 'TOKEN',
  },
  workDir: '/tmp/nowhere',
  options: {},
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csoc-bridge-'));
  socketPath = join(dir, 'state.sock');
  // Plays the host's state proxy: answers every request on the Unix socket with what it received.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('rebaseStateAddresses', () => {
  it('keeps path and query and moves only the origin', () => {
    expect(rebaseStateAddresses(request.state!, 'http://127.0.0.1:47480')).toEqual({
      ...request.state,
      address: 'http://127.0.0.1:47480/api/v1/state/run-1',
      lockAddress: 'http://127.0.0.1:47480/api/v1/state/run-1/lock?x=1',
    });
  });
});

describe('openStateSocketBridge', () => {
  it('does nothing without CSOC_STATE_SOCKET or without a state backend', async () => {
    expect(await openStateSocketBridge(request, {})).toBeUndefined();
    expect(
      await openStateSocketBridge({ ...request, state: undefined }, { [STATE_SOCKET_ENV]: socketPath }),
    ).toBeUndefined();
  });

  it('refuses a path that is not a socket, naming it', async () => {
    await expect(
      openStateSocketBridge(request, { [STATE_SOCKET_ENV]: join(dir, 'missing.sock') }),
    ).rejects.toThrow(/missing\.sock, which is not a socket/);
  });

  it('relays loopback TCP to the socket, for every method Terraform uses, and closes cleanly', async () => {
    const bridge = await openStateSocketBridge(request, {
      [STATE_SOCKET_ENV]: socketPath,
      [STATE_BRIDGE_PORT_ENV]: '0',
    });
    expect(bridge).toBeDefined();
    const address = bridge!.request.state!.address;
    expect(address).toBe(`http://127.0.0.1:${bridge!.port}/api/v1/state/run-1`);
    for (const method of ['GET', 'POST', 'LOCK', 'UNLOCK']) {
      const response = await fetch(address, {
        method,
        headers: { authorization: 'Basic abc' },
        ...(method === 'GET' ? {} : { body: `{"m":"${method}"}` }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ url: '/api/v1/state/run-1' });
    }
    expect(seen.slice(-4).map((entry) => `${entry.method} ${entry.body}`)).toEqual([
      'GET ',
      'POST {"m":"POST"}',
      'LOCK {"m":"LOCK"}',
      'UNLOCK {"m":"UNLOCK"}',
    ]);
    expect(seen.at(-1)!.authorization).toBe('Basic abc');
    await bridge!.close();
    await expect(
      new Promise((resolve, reject) => {
        const socket = net.connect(bridge!.port, '127.0.0.1', () => resolve(socket.destroy()));
        socket.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('is what runPlugin hands the verb handler when the host set CSOC_STATE_SOCKET', async () => {
    const manifest: PluginManifest = {
      apiVersion: 'csoc.gen3.org/v1',
      kind: 'IacPlugin',
      name: 'bridge-test',
      version: '0.0.1',
      contract: '^1.0.0',
      clouds: ['sim'],
      tier: 'community',
      maintainers: [{ name: 'tests' }],
      permissions: [],
      inputs: { type: 'object' },
      outputs: { type: 'object' },
      capabilities: ['plan'],
      network: 'none',
      runtime: { command: ['node', 'main.mjs'] },
    };
    const requestFile = join(dir, 'request.json');
    await writeFile(requestFile, JSON.stringify(request));
    let stateSeen: unknown;
    let bodySeen: unknown;
    const code = await runPlugin({
      pluginDir: dir,
      manifest,
      argv: ['node', 'main', 'plan'],
      env: {
        CSOC_REQUEST_FILE: requestFile,
        TOKEN: 'secret-token',
        [STATE_SOCKET_ENV]: socketPath,
        [STATE_BRIDGE_PORT_ENV]: '0',
      },
      stdout: new PassThrough(),
      handleSignals: false,
      handlers: {
        plan: async ({ request: handed }) => {
          stateSeen = handed.state;
          bodySeen = await (await fetch(handed.state!.address)).json();
        },
      },
    });
    expect(code).toBe(0);
    expect((stateSeen as { address: string }).address).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/state\/run-1$/,
    );
    expect(bodySeen).toEqual({ url: '/api/v1/state/run-1' });
  });
});

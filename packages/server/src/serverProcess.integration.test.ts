// The server as an operator runs it: a real `csoc-server` process. Bad configuration stops it with the
// key, the problem and the fix (no stack trace); SIGTERM lets in-flight requests finish and exits
// within 10 s; OTEL_* variables switch on OTLP/HTTP trace export.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findFreePort } from './testing/startThrowawayPostgres.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/csoc-server.mjs');

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitUntilReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

const tempDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-proc-'));

describe('the csoc-server process', () => {
  it('refuses bad configuration with the key, the problem and the fix, and no stack trace', async () => {
    const server = startServer({
      CSOC_DATA_DIR: tempDataDir(),
      CSOC_PORT: 'eighty',
      CSOC_MASTER_KEY: 'not-base64-canary',
      CSOC_LOG_LEVEL: 'chatty',
    });
    const { code } = await server.exited;
    const { stderr, stdout } = server.output();
    expect(code).toBe(2);
    expect(stderr).toMatch(/CSOC_PORT = "eighty": is not a whole number\. Fix: /);
    expect(stderr).toMatch(/CSOC_LOG_LEVEL = "chatty": is not one of/);
    expect(stderr).toContain('CSOC_MASTER_KEY = (secret value hidden)');
    expect(stderr + stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(stderr + stdout).not.toContain('canary');
  }, 30_000);

  it('prints the one-time admin password once, at first start only', async () => {
    const dataDir = tempDataDir();
    const port = await findFreePort();
    const first = startServer({ CSOC_DATA_DIR: dataDir, CSOC_PORT: String(port) });
    await waitUntilReady(`http://127.0.0.1:${port}`);
    first.child.kill('SIGTERM');
    await first.exited;
    const password = /One-time password: (\S+)/.exec(first.output().stdout)?.[1];
    expect(password).toBeTruthy();
    expect(first.output().stdout.split('One-time password').length).toBe(2);
    const login = async () => {
      const second = startServer({ CSOC_DATA_DIR: dataDir, CSOC_PORT: String(port) });
      await waitUntilReady(`http://127.0.0.1:${port}`);
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@csoc.local', password }),
      });
      second.child.kill('SIGTERM');
      await second.exited;
      return { status: response.status, output: second.output().stdout };
    };
    const again = await login();
    expect(again.status).toBe(200);
    expect(again.output).not.toContain('One-time password');
    expect(again.output).not.toContain(password!);
  }, 60_000);

  it('finishes in-flight requests on SIGTERM and exits within 10 s', async () => {
    const port = await findFreePort();
    const server = startServer({
      CSOC_DATA_DIR: tempDataDir(),
      CSOC_PORT: String(port),
      CSOC_ADMIN_EMAIL: 'admin@example.org',
      CSOC_ADMIN_PASSWORD: 'correct-horse-battery',
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url);
    // A sign-in (argon2 verification, tens of ms) is in flight when the signal arrives.
    const inFlight = fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.org', password: 'correct-horse-battery' }),
    });
    // Signal once the server has the request (its "incoming request" log line), not after a guessed
    // delay: on a busy machine the request may not have arrived yet, and a request arriving after the
    // signal is rightly answered 503.
    const deadline = Date.now() + 10_000;
    while (
      !/"msg":"incoming request".*?"url":"\/api\/v1\/session"|"url":"\/api\/v1\/session".*?"msg":"incoming request"/.test(
        server.output().stdout,
      )
    ) {
      if (Date.now() > deadline) throw new Error('the sign-in never reached the server');
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    const { code, at } = await server.exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('exports traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const received: { url: string; bytes: number }[] = [];
    const collector = http.createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        received.push({ url: request.url ?? '', bytes });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const collectorPort = (collector.address() as { port: number }).port;
    const port = await findFreePort();
    const server = startServer({
      CSOC_DATA_DIR: tempDataDir(),
      CSOC_PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_SERVICE_NAME: 'csoc-test',
    });
    try {
      await waitUntilReady(`http://127.0.0.1:${port}`);
      await fetch(`http://127.0.0.1:${port}/api/v1/orgs`);
      const deadline = Date.now() + 15_000;
      while (!received.some((entry) => entry.url === '/v1/traces') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const traces = received.filter((entry) => entry.url === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      expect(traces[0]!.bytes).toBeGreaterThan(100);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      collector.close();
    }
  }, 60_000);
});

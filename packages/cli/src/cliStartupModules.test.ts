// `csoc commons list` from the bundle must not load Node's internal undici (fetch, Request, Headers,
// Response, FormData): loading it was about a quarter of the CPU of a one-request command (ADR 0045).
// A child node runs the real bundle against a real HTTP server and reports the internal modules it loaded.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../bin/cliBundle.mjs';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-modules-'));

/** Runs `script` (an ES module) in a fresh node; its stderr's last line is the JSON it reports. */
function runNode(script: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; report: unknown }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, stdout, report: JSON.parse(stderr.trim().split('\n').at(-1) ?? '') as unknown });
      } catch {
        reject(new Error(`node exited ${code} without a report: ${stderr}`));
      }
    });
  });
}

const REPORT_MODULES = `process.stderr.write('\\n' + JSON.stringify(process.moduleLoadList) + '\\n');`;
const undiciModules = (report: unknown) => (report as string[]).filter((name) => /undici/.test(name));

describe('the modules csoc loads', () => {
  let server: http.Server;
  let entry: string;
  const requests: string[] = [];

  beforeAll(async () => {
    entry = await buildCliBundle(path.join(work, 'dist'));
    server = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ items: [{ slug: 'c-one', name: 'One' }], nextCursor: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const configDir = path.join(work, 'xdg', 'csoc');
    fs.mkdirSync(configDir, { recursive: true });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fs.writeFileSync(
      path.join(configDir, 'config.yaml'),
      `currentContext: ci\ncontexts:\n  ci:\n    server: ${url}\n    org: acme\n    token: csoc_modules\n`,
      { mode: 0o600 },
    );
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('does not load undici for csoc commons list', async () => {
    const result = await runNode(
      `const { runCli } = await import(${JSON.stringify(entry)});
       process.exitCode = await runCli(['commons', 'list', '-o', 'json']);
       ${REPORT_MODULES}`,
      { XDG_CONFIG_HOME: path.join(work, 'xdg') },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('c-one');
    expect(requests.at(-1)).toBe('GET /api/v1/orgs/acme/commons?limit=50 Bearer csoc_modules');
    expect(undiciModules(result.report)).toEqual([]);
  }, 60_000);

  it('keeps the yaml library out of the entry file, and loads it for -o yaml', async () => {
    const yamlMessage = 'Implicit keys need to be on a single line';
    expect(fs.readFileSync(entry, 'utf8')).not.toContain(yamlMessage);
    const chunks = fs.readdirSync(path.join(path.dirname(entry), 'chunks'));
    expect(
      chunks.filter((chunk) =>
        fs.readFileSync(path.join(path.dirname(entry), 'chunks', chunk), 'utf8').includes(yamlMessage),
      ),
    ).toHaveLength(1);
    const result = await runNode(
      `const { runCli } = await import(${JSON.stringify(entry)});
       process.exitCode = await runCli(['commons', 'list', '-o', 'yaml']);
       ${REPORT_MODULES}`,
      { XDG_CONFIG_HOME: path.join(work, 'xdg') },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('- slug: c-one');
  }, 60_000);

  it('would see undici if the standard Headers were touched (the check can fail)', async () => {
    const result = await runNode(`new Headers(); ${REPORT_MODULES}`);
    expect(undiciModules(result.report).length).toBeGreaterThan(0);
  }, 60_000);
});

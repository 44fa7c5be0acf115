// The `store-ingest-credential` verb as CSOC's run worker invokes it (contract 1.1.0): a PluginRequest in
// CSOC_REQUEST_FILE names the entry (the telemetry one or csoc-agent's join token) and the secrets-file key
// of the token; the account's keys and the token are in the 0600 secrets file, nowhere else. A local HTTP
// server stands where secretsmanager.<region>.amazonaws.com would be and records every call (AWS cannot be
// called here); the run's output is the contract's event stream, which never carries the token.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const manifest = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../manifest.json', import.meta.url)), 'utf8'),
) as { examples: { inputs: Record<string, unknown> } };
const TOKEN = `csoc_otlp_${'Zy9Xw8Vu'.repeat(5)}`;
const JOIN_TOKEN = `csoc_join_${'Qm4Rt7Yp'.repeat(5)}x1`;

let server: Server;
let endpoint: string;
let dir: string;
const bodies: Array<{ target: string; body: string }> = [];
let status = 200;
/** Entries the fake Secrets Manager holds: PutSecretValue to another answers ResourceNotFoundException. */
let existing = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csoc-ingest-request-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']);
      bodies.push({ target, body });
      const secretId = (JSON.parse(body) as { SecretId?: string }).SecretId;
      if (status === 200 && target === 'secretsmanager.PutSecretValue' && !existing.has(secretId ?? '')) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          }),
        );
        return;
      }
      if (target === 'secretsmanager.CreateSecret') existing.add((JSON.parse(body) as { Name: string }).Name);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          status === 200
            ? { VersionId: 'v-7' }
            : { __type: 'AccessDeniedException', message: 'not authorized to PutSecretValue' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function runVerbWithRequest(
  secretName = 'gen3-dev-brain-csoc-telemetry-ingest',
  token = TOKEN,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const secretsFile = join(dir, 'credentials.json');
  writeFileSync(
    secretsFile,
    JSON.stringify({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      csocIngestToken: token,
    }),
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
      commons: { org: 'org-1', name: 'brain' },
      inputs: manifest.examples.inputs,
      credentials: { kind: 'aws', public: {}, secretsFile },
      workDir: dir,
      options: {},
      ingestCredential: {
        secretName,
        property: 'token',
        tokenSecretKey: 'csocIngestToken',
      },
    }),
    { mode: 0o600 },
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainFile, 'store-ingest-credential'], {
      env: {
        PATH: process.env.PATH,
        CSOC_REQUEST_FILE: requestFile,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('store-ingest-credential through the host request', { timeout: 120_000 }, () => {
  it('puts the token from the secrets file into the entry the request names, in the commons region', async () => {
    bodies.length = 0;
    status = 200;
    existing = new Set(['gen3-dev-brain-csoc-telemetry-ingest']);
    const result = await runVerbWithRequest();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.target).toBe('secretsmanager.PutSecretValue');
    const body = JSON.parse(bodies[0]!.body) as { SecretId: string; SecretString: string };
    expect(body.SecretId).toBe('gen3-dev-brain-csoc-telemetry-ingest');
    expect(JSON.parse(body.SecretString)).toEqual({ token: TOKEN });
    // Contract events only, naming the entry, never the token.
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(
      events.some((event) =>
        event.message?.includes('wrote the OTLP ingest credential to gen3-dev-brain-csoc-telemetry-ingest'),
      ),
    ).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('fails with AWS’s refusal as an error event, without the token', async () => {
    bodies.length = 0;
    status = 400;
    const result = await runVerbWithRequest();
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('AccessDeniedException');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('writes csoc-agent’s join token into its own entry, creating the entry the first time', async () => {
    bodies.length = 0;
    status = 200;
    existing = new Set(['gen3-dev-brain-csoc-telemetry-ingest']);
    const first = await runVerbWithRequest('gen3-dev-brain-csoc-agent-join-token', JOIN_TOKEN);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // No IaC makes this entry: the Put finds nothing, so the entry is created holding the token.
    expect(bodies.map((call) => call.target)).toEqual([
      'secretsmanager.PutSecretValue',
      'secretsmanager.CreateSecret',
    ]);
    const created = JSON.parse(bodies[1]!.body) as {
      Name: string;
      SecretString: string;
      Tags: Array<{ Key: string; Value: string }>;
    };
    expect(created.Name).toBe('gen3-dev-brain-csoc-agent-join-token');
    expect(JSON.parse(created.SecretString)).toEqual({ token: JOIN_TOKEN });
    expect(created.Tags).toContainEqual({ Key: 'csoc:creator', Value: 'csoc' });
    expect(first.stdout).toContain('wrote the csoc-agent join token to gen3-dev-brain-csoc-agent-join-token');
    // The telemetry entry is untouched; a later token is a new version of the same entry.
    bodies.length = 0;
    const second = await runVerbWithRequest('gen3-dev-brain-csoc-agent-join-token', `${JOIN_TOKEN}2`);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(bodies.map((call) => call.target)).toEqual(['secretsmanager.PutSecretValue']);
    expect(JSON.parse(bodies[0]!.body).SecretId).toBe('gen3-dev-brain-csoc-agent-join-token');
    for (const output of [first.stdout + first.stderr, second.stdout + second.stderr]) {
      expect(output).not.toContain(JOIN_TOKEN);
    }
  });

  it('refuses an entry of another commons or a token of the wrong kind, sending nothing', async () => {
    bodies.length = 0;
    status = 200;
    const other = await runVerbWithRequest('gen3-dev-other-csoc-agent-join-token', JOIN_TOKEN);
    expect(other.code).not.toBe(0);
    expect(other.stdout).toContain(
      'the aws plugin stores only gen3-dev-brain-csoc-telemetry-ingest or gen3-dev-brain-csoc-agent-join-token, not gen3-dev-other-csoc-agent-join-token',
    );
    // An OTLP token is not a join token: the join token's entry never receives it.
    const swapped = await runVerbWithRequest('gen3-dev-brain-csoc-agent-join-token', TOKEN);
    expect(swapped.code).not.toBe(0);
    expect(swapped.stdout).toContain('is not a csoc-agent join token');
    expect(bodies).toHaveLength(0);
    for (const output of [other.stdout + other.stderr, swapped.stdout + swapped.stderr]) {
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain(JOIN_TOKEN);
    }
  });
});

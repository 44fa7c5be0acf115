// The `store-ingest-credential` verb up to the AWS boundary: the plugin's entry point, run as CSOC runs it
// (names in CSOC_INGEST_*, the token in a 0600 file, the account's keys in the AWS variables), sends exactly
// one signed Secrets Manager PutSecretValue to the endpoint it is given. A local HTTP server stands where
// secretsmanager.<region>.amazonaws.com would be and records the request; AWS itself cannot be called here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAwsRequest } from '../bootstrap/signAwsRequest.ts';

const mainFile = fileURLToPath(new URL('../main.ts', import.meta.url));
const TOKEN = `csoc_otlp_${'A1b2C3d4'.repeat(5)}`;
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let endpoint: string;
let dir: string;
const recorded: Recorded[] = [];
/** What the fake endpoint answers next. */
let answer: { status: number; body: object } = { status: 200, body: {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csoc-ingest-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      recorded.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function runVerb(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string; argv: string[] }> {
  const argv = ['--import', 'tsx', mainFile, 'store-ingest-credential'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, output, argv }));
  });
}

function verbEnv(tokenFile: string): NodeJS.ProcessEnv {
  return {
    CSOC_INGEST_REGION: 'us-east-1',
    CSOC_INGEST_SECRET_PREFIX: 'c1-brain',
    CSOC_INGEST_TOKEN_FILE: tokenFile,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  };
}

describe('store-ingest-credential', { timeout: 120_000 }, () => {
  it('sends one signed PutSecretValue of {"token": …} to <environment>-<namespace>-csoc-telemetry-ingest', async () => {
    recorded.length = 0;
    answer = {
      status: 200,
      body: { ARN: 'arn:x', Name: 'c1-brain-csoc-telemetry-ingest', VersionId: 'v-1' },
    };
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const result = await runVerb(verbEnv(tokenFile));
    expect(result.code, result.output).toBe(0);
    expect(recorded).toHaveLength(1);
    const [request] = recorded;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/');
    expect(request!.headers['x-amz-target']).toBe('secretsmanager.PutSecretValue');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1');
    const body = JSON.parse(request!.body) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['ClientRequestToken', 'SecretId', 'SecretString']);
    expect(body.SecretId).toBe('c1-brain-csoc-telemetry-ingest');
    expect(JSON.parse(body.SecretString!)).toEqual({ token: TOKEN });
    expect(body.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    // SigV4 for Secrets Manager in the region, over exactly this body: recomputing it gives the same header.
    const amzDate = request!.headers['x-amz-date'] as string;
    expect(request!.headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${amzDate.slice(0, 8)}/us-east-1/secretsmanager/aws4_request, `,
      ),
    );
    const resigned = signAwsRequest({
      method: 'POST',
      url: `${endpoint}/`,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.PutSecretValue',
      },
      body: request!.body,
      service: 'secretsmanager',
      region: 'us-east-1',
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      now: new Date(
        `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
      ),
    });
    expect(resigned.authorization).toBe(request!.headers.authorization);
    // Names only in what it prints; the token is in no argument either.
    expect(result.output).toContain('wrote the OTLP ingest credential to c1-brain-csoc-telemetry-ingest');
    expect(result.output).not.toContain(TOKEN);
    expect(result.argv.join(' ')).not.toContain(TOKEN);
  });

  it('fails with AWS’s error, never the token, when the entry does not exist', async () => {
    recorded.length = 0;
    answer = {
      status: 400,
      body: {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      },
    };
    const tokenFile = join(dir, 'token2');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
    const result = await runVerb(verbEnv(tokenFile));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/storing the ingest credential failed: .*ResourceNotFoundException/);
    expect(result.output).not.toContain(TOKEN);
  });

  it('refuses a file that does not hold a CSOC OTLP token, sending nothing', async () => {
    recorded.length = 0;
    const tokenFile = join(dir, 'token3');
    writeFileSync(tokenFile, 'not-a-token', { mode: 0o600 });
    const result = await runVerb(verbEnv(tokenFile));
    expect(result.code).toBe(1);
    expect(result.output).toContain('is not a CSOC OTLP token');
    expect(result.output).not.toContain('not-a-token');
    expect(recorded).toHaveLength(0);
  });

  it('names the variable to set when one is missing', async () => {
    const result = await runVerb({ ...verbEnv(join(dir, 'token')), CSOC_INGEST_SECRET_PREFIX: '' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('CSOC_INGEST_SECRET_PREFIX is not set');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRequestSecrets, PluginRequestError, readRequest } from './readRequest.ts';
import type { PluginRequest } from './requestSchema.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csoc-request-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function request(overrides: Partial<PluginRequest> = {}): PluginRequest {
  return {
    apiVersion: 'csoc.gen3.org/v1',
    kind: 'PluginRequest',
    verb: 'plan',
    runId: 'run-1',
    commons: { org: 'acme', name: 'demo' },
    inputs: { name: 'demo' },
    credentials: { kind: 'sim', public: {} },
    workDir: join(dir, 'work'),
    options: { timeoutSeconds: 60 },
    ...overrides,
  };
}

async function write(name: string, document: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof document === 'string' ? document : JSON.stringify(document));
  return path;
}

describe('readRequest', () => {
  it('reads and validates the request named in CSOC_REQUEST_FILE', async () => {
    const path = await write('ok.json', request());
    const read = await readRequest({ env: { CSOC_REQUEST_FILE: path }, argv: ['node', 'main.ts', 'plan'] });
    expect(read.commons).toEqual({ org: 'acme', name: 'demo' });
  });

  it('carries where store-ingest-credential writes, and names a wrong entry field', async () => {
    const ingestCredential = {
      secretName: 'env-demo-csoc-telemetry-ingest',
      property: 'token',
      tokenSecretKey: 'csocIngestToken',
    };
    const path = await write('ingest.json', request({ verb: 'store-ingest-credential', ingestCredential }));
    const read = await readRequest({
      env: { CSOC_REQUEST_FILE: path },
      argv: ['node', 'main.ts', 'store-ingest-credential'],
    });
    expect(read.ingestCredential).toEqual(ingestCredential);
    const wrong = await write(
      'ingest-wrong.json',
      request({
        verb: 'store-ingest-credential',
        ingestCredential: { ...ingestCredential, secretName: 'fence-config' },
      }),
    );
    await expect(readRequest({ env: { CSOC_REQUEST_FILE: wrong }, argv: [] })).rejects.toThrow(
      /ingestCredential\/secretName|ingestCredential\.secretName/,
    );
  });

  it('explains what is missing or wrong', async () => {
    await expect(readRequest({ env: {}, argv: [] })).rejects.toThrow(/CSOC_REQUEST_FILE is not set/);
    const notJson = await write('bad.json', '{');
    await expect(readRequest({ env: { CSOC_REQUEST_FILE: notJson }, argv: [] })).rejects.toThrow(
      /is not JSON/,
    );
    const path = await write('plan.json', request());
    await expect(
      readRequest({ env: { CSOC_REQUEST_FILE: path }, argv: ['node', 'main.ts', 'apply'] }),
    ).rejects.toThrow("The verb in argv (apply) differs from the request's verb (plan)");
    const invalid = await write('invalid.json', {
      ...request(),
      verb: 'explode',
      kind: 'Request',
      password: 'x',
    });
    const error = await readRequest({ env: { CSOC_REQUEST_FILE: invalid }, argv: [] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PluginRequestError);
    expect((error as PluginRequestError).problems.map((p) => p.path).sort()).toEqual([
      'kind',
      'password',
      'verb',
    ]);
  });

  it('finds the secrets it was handed (for redaction) in env and files, never in the request', async () => {
    const secretsFile = await write('secrets.json', { accessKey: 'AKIA-SECRET-1', other: 'another-secret' });
    const passwordFile = await write('password', 'state-token-from-file\n');
    const fromFile = request({
      credentials: { kind: 'aws', public: { region: 'us-east-1' }, secretsFile },
      state: { address: 'http://csoc/state', username: 'run', passwordFile },
    });
    expect((await collectRequestSecrets(fromFile, {})).sort()).toEqual(
      ['AKIA-SECRET-1', 'another-secret', 'state-token-from-file'].sort(),
    );
    const fromEnv = request({ state: { address: 'http://csoc/state', passwordEnv: 'CSOC_STATE_TOKEN' } });
    expect(await collectRequestSecrets(fromEnv, { CSOC_STATE_TOKEN: 'state-token-env' })).toEqual([
      'state-token-env',
    ]);
    await expect(collectRequestSecrets(fromEnv, {})).rejects.toThrow(/CSOC_STATE_TOKEN, which is not set/);
  });
});

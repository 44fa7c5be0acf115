// Master key rotation with CSOC running, through the real `csoc-server rotate-master-key` command: the
// running server keeps reading and writing secrets throughout, and a fresh start reads them with the new
// key alone. Also the CSOC_MASTER_KEY flow: --new-key-file, the swap, and the catch-up run.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStateVersion, writeStateVersion } from '../state/stateStore.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase, testDatabaseTargets } from '../testing/testDatabases.ts';
import { MasterKeyMissingError } from './createVault.ts';
import { formatKeyringText, generateMasterKey, readKeyringFile } from './masterKeyring.ts';
import { readAccountSecrets } from './readAccountSecrets.ts';

const CANARY = `canary${randomBytes(12).toString('hex')}`;
const launcher = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/csoc-server.mjs');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// A CLI run that takes longer than this is killed, so a hang fails with its output rather than as a
// silent test timeout. Alone a run takes ~1.5 s; CI has seen a loaded suite stretch tsx starts to ~50 s.
const CLI_KILL_AFTER_MS = 150_000;

/** Runs `csoc-server <args>` in its own process, with only the given CSOC_* settings. */
function runCli(args: string[], settings: Record<string, string>): Promise<CliResult> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CSOC_')));
  const startedAt = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [launcher, ...args],
      { env: { ...env, ...settings }, timeout: CLI_KILL_AFTER_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const killed = error && (error as { killed?: boolean }).killed;
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr: killed
            ? `${stderr}\n[killed after ${Date.now() - startedAt} ms: csoc-server ${args.join(' ')}]`
            : stderr,
        });
      },
    );
  });
}

function simAccount(name: string, token: string) {
  return { kind: 'sim', name, public: { region: 'sim-east-1' }, secrets: { token } };
}

describe.each(testDatabaseTargets)('master key rotation on $dialect', (target) => {
  let csoc: TestCsoc;
  let fresh: TestCsoc | undefined;
  let databaseUrl: string;
  let orgId: string;
  const base = '/api/v1/orgs/rotation-org/accounts';

  beforeAll(async () => {
    databaseUrl = await target.create();
    csoc = await startTestCsoc({ databaseUrl });
    orgId = (await csoc.admin.post('/api/v1/orgs', { slug: 'rotation-org', name: 'Rotation' })).body.id;
    for (let index = 0; index < 5; index++)
      expect((await csoc.admin.post(base, simAccount(`acct-${index}`, `${CANARY}-${index}`))).status).toBe(
        201,
      );
  });
  afterAll(async () => {
    await fresh?.stop();
    await csoc?.stop();
  });

  // The rotation is a child process through tsx: ~3 s alone, up to ~50 s while the suite loads two cores
  // (and one CI run exceeded 120 s), hence the generous timeout.
  it('rotates the key file while the server keeps writing, and both servers read every secret after', async () => {
    const keyFile = path.join(csoc.dataDir, 'master.key');
    const oldKeyId = csoc.context.vault.keyring.primary.id;
    // A sealed Terraform state version must survive the rotation too.
    const stateBody = Buffer.from(
      JSON.stringify({ version: 4, serial: 1, lineage: 'rotation-lineage', resources: [], canary: CANARY }),
    );
    const stateVersion = await writeStateVersion(csoc.context.database, csoc.context.vault, {
      commonsId: 'rotation-commons',
      body: stateBody,
      writtenBy: 'test',
      runId: null,
    });
    const fingerprintBefore = (await csoc.admin.get(`${base}/acct-1`)).body.secretFingerprint;
    const rotation = runCli(['rotate-master-key', '--settle-ms', '300'], {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: databaseUrl,
    });
    // Keep replacing one account's secrets while the rotation runs; every write must succeed.
    let finished = false;
    void rotation.then(() => (finished = true));
    let writes = 0;
    while (!finished) {
      const response = await csoc.admin.post(`${base}/acct-0/rotate`, {
        secrets: { token: `${CANARY}-w${writes}` },
      });
      expect(response.status).toBe(200);
      writes += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = await rotation;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`Master key rotated: ${oldKeyId} -> [0-9a-f]{8}`));
    expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);

    const keys = readKeyringFile(keyFile);
    expect(keys).toHaveLength(1);
    const newKeyId = keys[0]!.id;
    expect(newKeyId).not.toBe(oldKeyId);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const rows = await csoc.context.database.db
      .selectFrom('cloud_accounts')
      .select('secret_key_id')
      .execute();
    expect(new Set(rows.map((row) => row.secret_key_id))).toEqual(new Set([newKeyId]));
    const stateRows = await csoc.context.database.db
      .selectFrom('state_versions')
      .select('sealed_key_id')
      .execute();
    expect(new Set(stateRows.map((row) => row.sealed_key_id))).toEqual(new Set([newKeyId]));

    // The running server: reads through the re-read key file, and writes with the new primary.
    const expected = (index: number) => (index === 0 ? `${CANARY}-w${writes - 1}` : `${CANARY}-${index}`);
    for (let index = 0; index < 5; index++)
      expect((await readAccountSecrets(csoc.context, orgId, `acct-${index}`)).secrets).toEqual({
        token: expected(index),
      });
    expect((await csoc.admin.post(base, simAccount('after-rotation', `${CANARY}-after`))).status).toBe(201);
    expect(csoc.context.vault.keyring.ids()).toEqual([newKeyId]);

    // A fresh start on the same data dir and database holds only the new key, and reads everything.
    fresh = await startTestCsoc({ databaseUrl, env: { CSOC_DATA_DIR: csoc.dataDir } });
    expect(fresh.context.vault.keyring.ids()).toEqual([newKeyId]);
    for (let index = 0; index < 5; index++)
      expect((await readAccountSecrets(fresh.context, orgId, `acct-${index}`)).secrets).toEqual({
        token: expected(index),
      });
    expect((await readAccountSecrets(fresh.context, orgId, 'after-rotation')).secrets).toEqual({
      token: `${CANARY}-after`,
    });
    expect(fresh.capturedOutput()).not.toContain('master keys this process does not hold');
    const stateAfter = await readStateVersion(
      fresh.context.database,
      fresh.context.vault,
      'rotation-commons',
      stateVersion.id,
    );
    expect(stateAfter?.body.equals(stateBody)).toBe(true);
    // Fingerprints were recomputed under the new key: setting the same secret again gives the same one.
    const recomputed = (await fresh.admin.get(`${base}/acct-1`)).body.secretFingerprint;
    expect(recomputed).not.toBe(fingerprintBefore);
    const again = await fresh.admin.post(`${base}/acct-1/rotate`, { secrets: { token: `${CANARY}-1` } });
    expect(again.body.secretFingerprint).toBe(recomputed);

    expect([...csoc.admin.transcript, ...fresh.admin.transcript].join('\n')).not.toContain(CANARY);
    expect(csoc.capturedOutput() + fresh.capturedOutput()).not.toContain(CANARY);
  }, 300_000);
});

describe('master key rotation with CSOC_MASTER_KEY (sqlite)', () => {
  let csoc: TestCsoc;
  const started: TestCsoc[] = [];
  const databaseUrl = createSqliteTestDatabase();
  const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-keys-'));
  const oldKey = generateMasterKey();
  const oldKeyFile = path.join(secretsDir, 'old.key');
  const newKeyFile = path.join(secretsDir, 'new.key');
  const base = '/api/v1/orgs/env-org/accounts';
  let orgId: string;
  let oldServerStopped = false;

  beforeAll(async () => {
    fs.writeFileSync(oldKeyFile, formatKeyringText([oldKey]), { mode: 0o600 });
    csoc = await startTestCsoc({ databaseUrl, env: { CSOC_MASTER_KEY: oldKey.key.toString('base64') } });
    orgId = (await csoc.admin.post('/api/v1/orgs', { slug: 'env-org', name: 'Env' })).body.id;
    expect((await csoc.admin.post(base, simAccount('before', `${CANARY}-before`))).status).toBe(201);
  });
  afterAll(async () => {
    for (const server of started) await server.stop();
    if (!oldServerStopped) await csoc?.stop();
  });

  // Four tsx child processes: ~6 s alone, ~50 s under a loaded suite, more on a slow CI machine.
  it('needs --new-key-file, re-wraps to it, explains the swap, and catches up after it', async () => {
    const settings = {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: databaseUrl,
      CSOC_MASTER_KEY: oldKey.key.toString('base64'),
    };
    const refused = await runCli(['rotate-master-key'], settings);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--new-key-file');

    const rotated = await runCli(['rotate-master-key', '--new-key-file', newKeyFile], settings);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(fs.statSync(newKeyFile).mode & 0o777).toBe(0o600);
    const [newKey] = readKeyringFile(newKeyFile);
    expect(rotated.stdout).toContain(`wrapped by master key ${newKey!.id}`);
    expect(rotated.stdout).toContain(`CSOC_MASTER_KEY_FILE=${newKeyFile}`);
    expect(rotated.stdout).not.toContain(newKey!.key.toString('base64'));

    // Until restarted, the old server cannot read (a clear 503-class error) and still writes with the old key.
    await expect(readAccountSecrets(csoc.context, orgId, 'before')).rejects.toBeInstanceOf(
      MasterKeyMissingError,
    );
    expect((await csoc.admin.post(base, simAccount('straggler', `${CANARY}-straggler`))).status).toBe(201);
    // The old server is replaced, as in a real swap. Two servers in one test process would share it with
    // two SQLite connections, whose synchronous busy wait can deadlock against the other's open
    // transaction (separate processes, as in production, cannot).
    await csoc.stop();
    oldServerStopped = true;

    // The swap: a process with the new key reads what was re-wrapped, and reports the straggler's key.
    const swapped = await startTestCsoc({ databaseUrl, env: { CSOC_MASTER_KEY_FILE: newKeyFile } });
    started.push(swapped);
    expect(swapped.context.vault.keyring.ids()).toEqual([newKey!.id]);
    expect((await readAccountSecrets(swapped.context, orgId, 'before')).secrets).toEqual({
      token: `${CANARY}-before`,
    });
    await expect(readAccountSecrets(swapped.context, orgId, 'straggler')).rejects.toThrow(oldKey.id);

    // The catch-up run, with the new key in place and the old one passed as --old-key-file.
    const newSettings = {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: databaseUrl,
      CSOC_MASTER_KEY_FILE: newKeyFile,
    };
    const withoutOld = await runCli(['rotate-master-key', '--new-key-file', newKeyFile], newSettings);
    expect(withoutOld.code).toBe(1);
    expect(withoutOld.stderr).toContain(`1 by ${oldKey.id}`);
    const caughtUp = await runCli(
      ['rotate-master-key', '--new-key-file', newKeyFile, '--old-key-file', oldKeyFile],
      newSettings,
    );
    expect(caughtUp.code).toBe(0);
    expect(caughtUp.stdout).toContain('1 re-wrapped');
    expect((await readAccountSecrets(swapped.context, orgId, 'straggler')).secrets).toEqual({
      token: `${CANARY}-straggler`,
    });
    for (const output of [refused, rotated, withoutOld, caughtUp])
      expect(output.stdout + output.stderr).not.toContain(CANARY);
    expect(csoc.capturedOutput() + swapped.capturedOutput()).not.toContain(CANARY);
  }, 300_000);
});

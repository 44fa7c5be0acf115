// The master keyring: where the key comes from, the generated file's permissions, several processes
// generating at once, and a running keyring following its file through a rotation.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  formatKeyringText,
  generateMasterKey,
  keyIdOf,
  loadMasterKeyring,
  MasterKeyError,
  replaceKeyFile,
} from './masterKeyring.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-keyring-'));
}

describe('master keyring', () => {
  it('generates DATA_DIR/master.key with mode 0600 at first start, and reuses it after', () => {
    const dataDir = tempDir();
    const first = loadMasterKeyring({ dataDir });
    expect(first.generated).toBe(true);
    const file = path.join(dataDir, 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(first.keyring.primary.id).toBe(keyIdOf(Buffer.from(text.trim(), 'base64')));
    expect(first.keyring.primary.id).toMatch(/^[0-9a-f]{8}$/);

    const second = loadMasterKeyring({ dataDir });
    expect(second.generated).toBe(false);
    expect(second.keyring.primary.key.equals(first.keyring.primary.key)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual(['master.key']);
  });

  it('uses the configured key and writes no file', () => {
    const dataDir = tempDir();
    const key = generateMasterKey();
    const { keyring, generated } = loadMasterKeyring({ masterKey: key.key.toString('base64'), dataDir });
    expect(generated).toBe(false);
    expect(keyring.primary.id).toBe(key.id);
    expect(keyring.source).toEqual({ kind: 'config' });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('agrees on one key when several processes start at once', async () => {
    const dataDir = tempDir();
    // Every process loads tsx first, then waits for the same instant, so they really race.
    const startAt = Date.now() + 2500;
    const script = `
      const { loadMasterKeyring } = await import(${JSON.stringify(path.join(here, 'masterKeyring.ts'))});
      while (Date.now() < ${startAt}) await new Promise((resolve) => setTimeout(resolve, 1));
      const { keyring, generated } = loadMasterKeyring({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ id: keyring.primary.id, generated }));`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: here }),
      ),
    );
    const outcomes = results.map(
      (result) => JSON.parse(result.stdout.trim()) as { id: string; generated: boolean },
    );
    expect(new Set(outcomes.map((outcome) => outcome.id)).size).toBe(1);
    expect(outcomes.filter((outcome) => outcome.generated).length).toBe(1);
    expect(outcomes[0]!.id).toBe(loadMasterKeyring({ dataDir }).keyring.primary.id);
    expect(fs.readdirSync(dataDir)).toEqual(['master.key']);
  });

  it('reads a keyring file with several keys, primary first, and warns about loose permissions', () => {
    const dataDir = tempDir();
    const [a, b] = [generateMasterKey(), generateMasterKey()];
    const file = path.join(dataDir, 'master.key');
    fs.writeFileSync(file, `# comment\n${formatKeyringText([a, b])}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    const { keyring } = loadMasterKeyring({ dataDir, onWarning: (message) => warnings.push(message) });
    expect(keyring.ids()).toEqual([a.id, b.id]);
    expect(warnings.join()).toContain('chmod 600');
  });

  it('refuses a damaged key file instead of replacing it, without echoing its content', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'master.key'), 'not-a-key-CANARY\n', { mode: 0o600 });
    expect(() => loadMasterKeyring({ dataDir })).toThrow(MasterKeyError);
    expect(() => loadMasterKeyring({ dataDir })).toThrow(/line 1 is not base64 of 32 bytes/);
    expect(() => loadMasterKeyring({ dataDir })).not.toThrow(/CANARY/);
    fs.writeFileSync(path.join(dataDir, 'master.key'), '\n');
    expect(() => loadMasterKeyring({ dataDir })).toThrow(/holds no key/);
    expect(() => loadMasterKeyring({ masterKey: 'c2hvcnQ=', dataDir })).toThrow(/not base64 of 32 bytes/);
  });

  it('follows its file: a new primary on refresh, an unknown id re-reads it once', async () => {
    const dataDir = tempDir();
    const { keyring } = loadMasterKeyring({ dataDir });
    const file = path.join(dataDir, 'master.key');
    const old = keyring.primary;
    const next = generateMasterKey();
    replaceKeyFile(file, [next, old]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await keyring.refresh();
    expect(keyring.ids()).toEqual([next.id, old.id]);

    const third = generateMasterKey();
    replaceKeyFile(file, [third]);
    expect(await keyring.resolve(third.id)).toMatchObject({ id: third.id });
    expect(keyring.find(old.id)).toBeUndefined();
    expect(await keyring.resolve(generateMasterKey().id)).toBeUndefined();
  });
});

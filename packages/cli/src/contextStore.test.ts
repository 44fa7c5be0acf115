// The config file: written with mode 0600 by the yaml library, read back the same whether the fast reader
// takes it (as written) or the yaml library does (a hand edit), and a broken file named with its fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configPath, readConfig, writeConfig, type CliConfig } from './contextStore.ts';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-context-store-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: path.join(home, 'xdg') };

const config: CliConfig = {
  currentContext: 'admin@127.0.0.1:8080',
  contexts: {
    'admin@127.0.0.1:8080': { server: 'http://127.0.0.1:8080', org: 'acme', session: 's3', csrfToken: 'c3' },
    'ci@csoc.example.org': { server: 'https://csoc.example.org', token: 'csoc_token with spaces #1' },
  },
};

describe('the CLI config file', () => {
  it('reads back what it wrote, from a file only its owner can read', async () => {
    await writeConfig(env, config);
    expect(fs.statSync(configPath(env)).mode & 0o777).toBe(0o600);
    expect(await readConfig(env)).toEqual(config);
  });

  it('reads a hand-edited file with comments and quotes', async () => {
    fs.writeFileSync(
      configPath(env),
      '# mine\ncurrentContext: "me"\ncontexts:\n  me: { server: "http://h:1", org: acme } # flow\n',
    );
    expect(await readConfig(env)).toEqual({
      currentContext: 'me',
      contexts: { me: { server: 'http://h:1', org: 'acme' } },
    });
  });

  it('names the file and the fix when it is not YAML', async () => {
    fs.writeFileSync(configPath(env), 'contexts: [unclosed\n');
    await expect(readConfig(env)).rejects.toThrow(
      /config\.yaml is not valid YAML .*fix it or delete it and log in again/,
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from './loadConfig.ts';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(path.join(process.cwd(), '.csoc-data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.corsOrigins).toEqual([]);
  });

  it('names the key, the problem and the fix for a bad value', () => {
    const problems = problemsOf({
      CSOC_PORT: 'eighty',
      CSOC_DATABASE_URL: 'mysql://x',
      CSOC_LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/CSOC_PORT = "eighty": is not a whole number\. Fix: use a port number/);
    expect(problems.join('\n')).toMatch(/CSOC_LOG_LEVEL = "loud": is not one of/);
  });

  it('never echoes a secret value in an error', () => {
    const problems = problemsOf({
      CSOC_MASTER_KEY: 'canary-not-a-key-123',
      CSOC_ADMIN_EMAIL: 'a@b.c',
      CSOC_ADMIN_PASSWORD: 'short-canary',
    });
    const text = problems.join('\n');
    expect(text).toContain('CSOC_MASTER_KEY = (secret value hidden)');
    expect(text).not.toContain('canary');
  });

  it('reads secrets from *_FILE and settings from a YAML file, the environment winning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-config-'));
    fs.writeFileSync(path.join(dir, 'password'), 'a-long-enough-password\n');
    fs.writeFileSync(
      path.join(dir, 'csoc.yaml'),
      'port: 9090\nhost: 0.0.0.0\ncorsOrigins: [https://a.example]\n',
    );
    const config = loadConfig({
      CSOC_CONFIG: path.join(dir, 'csoc.yaml'),
      CSOC_HOST: '127.0.0.2',
      CSOC_ADMIN_EMAIL: 'admin@example.org',
      CSOC_ADMIN_PASSWORD_FILE: path.join(dir, 'password'),
    });
    expect(config.port).toBe(9090);
    expect(config.host).toBe('127.0.0.2');
    expect(config.adminPassword).toBe('a-long-enough-password');
    expect(config.corsOrigins).toEqual(['https://a.example']);
    expect(JSON.stringify(redactConfig(config))).not.toContain('a-long-enough-password');
  });

  it('refuses unknown settings and unreadable files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-config-'));
    fs.writeFileSync(path.join(dir, 'csoc.yaml'), 'prot: 9090\n');
    expect(problemsOf({ CSOC_CONFIG: path.join(dir, 'csoc.yaml') })[0]).toMatch(/unknown setting "prot"/);
    expect(problemsOf({ CSOC_MASTER_KEY_FILE: '/nonexistent/key' })[0]).toMatch(
      /CSOC_MASTER_KEY_FILE .*cannot be read \(ENOENT\)/,
    );
  });

  it('resolves every path once, against the working directory at load, so a later chdir changes nothing', () => {
    const start = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-config-cwd-'));
    fs.writeFileSync(path.join(start, 'password'), 'a-long-enough-password\n');
    fs.writeFileSync(path.join(start, 'csoc.yaml'), 'tfPluginMirror: mirror\n');
    const previous = process.cwd();
    process.chdir(start);
    let config;
    try {
      config = loadConfig({
        CSOC_CONFIG: 'csoc.yaml',
        CSOC_DATA_DIR: 'data',
        CSOC_DATABASE_URL: 'sqlite:db/csoc.db',
        CSOC_ADMIN_EMAIL: 'admin@example.org',
        CSOC_ADMIN_PASSWORD_FILE: 'password',
      });
    } finally {
      process.chdir(previous);
    }
    // macOS-style /tmp symlinks: compare with the directory as the process saw it.
    const seen = fs.realpathSync(start);
    expect([config.dataDir, config.tfPluginMirror, config.databaseUrl]).toEqual([
      path.join(seen, 'data'),
      path.join(seen, 'mirror'),
      `sqlite:${path.join(seen, 'db', 'csoc.db')}`,
    ]);
    expect(config.adminPassword).toBe('a-long-enough-password');
    expect(loadConfig({ CSOC_DATA_DIR: '/srv/csoc/', CSOC_DATABASE_URL: 'sqlite::memory:' })).toMatchObject({
      dataDir: '/srv/csoc',
      databaseUrl: 'sqlite::memory:',
    });
    expect(loadConfig({ CSOC_DATABASE_URL: 'postgres://u:p@db/csoc' }).databaseUrl).toBe(
      'postgres://u:p@db/csoc',
    );
  });

  it('names the absolute path it tried when a relative file cannot be read', () => {
    expect(problemsOf({ CSOC_MASTER_KEY_FILE: 'no-such-dir/key' })[0]).toContain(
      `CSOC_MASTER_KEY_FILE = "no-such-dir/key" (${path.join(process.cwd(), 'no-such-dir', 'key')}): the file cannot be read (ENOENT)`,
    );
    expect(problemsOf({ CSOC_DATABASE_URL: 'sqlite:' })[0]).toMatch(
      /CSOC_DATABASE_URL = \(secret value hidden\): names no database file after sqlite:/,
    );
  });
});

// The bundled server (packages/server/scripts/bundleServer.mjs) on its own, without tsx: the commands answer,
// and `serve` starts on SQLite, runs every migration, installs the sim plugin and serves the API and portal.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '@csoc/server/testing/ApiClient.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(repoRoot, 'packages/server/dist/csoc-server.mjs');
const ADMIN = { email: 'bundle-admin@example.org', password: 'bundled-server-password-1' };

describe('the bundled csoc-server', { timeout: 240_000 }, () => {
  let dataDir: string;
  let server: ReturnType<typeof spawn> | undefined;
  let output = '';

  beforeAll(() => {
    const built = spawnSync(process.execPath, ['packages/server/scripts/bundleServer.mjs'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(built.status, built.stderr).toBe(0);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-'));
  }, 200_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is one ES module that needs neither tsx nor TypeScript sources', () => {
    const text = fs.readFileSync(bundle, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(text).not.toMatch(/from ["']tsx/);
    // Every migration is inside the bundle, not read from db/migrations/*.ts at run time.
    expect(text).not.toContain('readdirSync(migrationsDir)');
  });

  it('prints the commands with plain node', () => {
    const help = spawnSync(process.execPath, [bundle, 'help'], { encoding: 'utf8', timeout: 60_000 });
    expect(help.status, help.stderr).toBe(0);
    for (const command of ['serve', 'worker', 'rotate-master-key']) expect(help.stdout).toContain(command);
    const unknown = spawnSync(process.execPath, [bundle, 'no-such-command'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "no-such-command"');
  });

  it('serves on SQLite: migrations, the first admin, the sim plugin, the API and the portal', async () => {
    server = spawn(process.execPath, [bundle, 'serve'], {
      cwd: dataDir,
      env: {
        PATH: process.env.PATH,
        HOME: dataDir,
        CSOC_DATA_DIR: dataDir,
        CSOC_PORT: '0',
        CSOC_ADMIN_EMAIL: ADMIN.email,
        CSOC_ADMIN_PASSWORD: ADMIN.password,
        CSOC_SIM_ARGOCD: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await waitFor(
      'the bundled server to listen',
      () => {
        if (server!.exitCode !== null) throw new Error(`the server exited: ${output}`);
        return /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      },
      180_000,
    );
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const applied = /"applied":(\[[^\]]*\])/.exec(output)?.[1];
    const migrations = fs
      .readdirSync(path.join(repoRoot, 'packages/server/src/db/migrations'))
      .filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(JSON.parse(applied ?? '[]')).toEqual(migrations);

    const admin = new ApiClient(url);
    await admin.login(ADMIN.email, ADMIN.password);
    const plugins = await admin.get('/api/v1/plugins');
    expect(plugins.status).toBe(200);
    expect(JSON.stringify(plugins.body)).toContain('"sim"');

    const portal = await fetch(`${url}/`);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('<!doctype html>');
  });
});

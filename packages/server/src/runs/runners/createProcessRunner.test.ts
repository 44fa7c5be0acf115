// The process runner with real processes: a plugin gets its state token as a 0600 file and never in its
// environment, and cannot find another run's token (processes and their environments — Terraform's
// included —, secret and work folders).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { PluginManifest } from '@csoc/plugin-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstalledPlugin } from '../../plugins/pluginRegistry.ts';
import { createProcessRunner } from './createProcessRunner.ts';
import type { RunnerInvocation } from './PluginRunner.ts';

// A plugin that either holds its token while running, or searches the host for a token it is told to find.
const PROBE = String.raw`
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
const request = JSON.parse(fs.readFileSync(process.env.CSOC_REQUEST_FILE, 'utf8'));
const tokenFile = request.state.passwordFile;
const own = tokenFile ? fs.readFileSync(tokenFile, 'utf8') : process.env[request.state.passwordEnv];
const ownFileMode = tokenFile ? (fs.statSync(tokenFile).mode & 0o777).toString(8) : 'no file';
if (request.inputs.mode === 'hold') {
  // Like the Terraform driver, which hands Terraform the token as TF_HTTP_PASSWORD.
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], {
    env: { ...process.env, TF_HTTP_PASSWORD: own },
    stdio: 'ignore',
  });
  console.log(JSON.stringify({ ready: true }));
  setTimeout(() => {}, 120000);
} else {
  const needle = request.inputs.find;
  const found = [];
  const check = (where, read) => {
    try {
      if (read().includes(needle)) found.push(where);
    } catch {}
  };
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    check('/proc/' + pid + '/environ', () => fs.readFileSync('/proc/' + pid + '/environ', 'latin1'));
    check('/proc/' + pid + '/cmdline', () => fs.readFileSync('/proc/' + pid + '/cmdline', 'latin1'));
  }
  // Bounded so that a machine whose /tmp holds whole checkouts (CI clones, other tests) is searched in
  // seconds: a token file is never inside node_modules or .git, nor six folders deep.
  const walk = (dir, depth = 0) => {
    let entries = [];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      // Its own request names the token it searches for.
      if (full === request.workDir) continue;
      if (entry.isDirectory()) {
        if (depth < 6 && entry.name !== 'node_modules' && entry.name !== '.git') walk(full, depth + 1);
      }
      // A token file or a request is small; skipping large files (other tests' databases and provider
      // binaries share /tmp) keeps the search bounded on a busy machine.
      else if (entry.isFile() && fs.statSync(full).size <= 256 * 1024) check(full, () => fs.readFileSync(full, 'latin1'));
    }
  };
  for (const dir of request.inputs.search) walk(dir);
  const envHasOwn = Object.values(process.env).some((value) => value && value.includes(own));
  console.log(JSON.stringify({ found, ownLength: own.length, ownFileMode, envHasOwn }));
}
`;

describe('process runner', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-process-runner-'));
  const pluginDir = path.join(base, 'plugin');
  fs.mkdirSync(pluginDir);
  fs.writeFileSync(path.join(pluginDir, 'probe.mjs'), PROBE);
  const runsDir = path.join(base, 'runs');
  const secretsBase = path.join(base, 'secrets');
  const plugin: InstalledPlugin = {
    id: 'probe',
    name: 'probe',
    version: '0.0.1',
    tier: 'community',
    manifest: { runtime: { command: [process.execPath, 'probe.mjs'] } } as unknown as PluginManifest,
    sourceKind: 'directory',
    source: pluginDir,
    enabled: true,
    builtin: false,
    installedAt: new Date().toISOString(),
    etagVersion: 1,
  };
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  function invocation(
    runId: string,
    stateToken: string,
    inputs: Record<string, unknown>,
    onStdout: (chunk: Buffer) => void,
    signal = new AbortController().signal,
  ): RunnerInvocation {
    return {
      runId,
      verb: 'plan',
      plugin,
      request: {
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'PluginRequest',
        verb: 'plan',
        runId,
        commons: { org: 'org', name: 'demo' },
        inputs,
        credentials: { kind: 'sim', public: {} },
        options: {},
      },
      workDir: path.join(runsDir, runId, 'work'),
      secrets: {},
      secretsBase,
      stateBackendUrl: `http://127.0.0.1:1/api/v1/state/${runId}`,
      stateUsername: `run-${runId}`,
      stateToken,
      timeoutMs: 100_000,
      signal,
      onStdout,
      onStderr: () => {},
    };
  }

  it("hands the token over as a 0600 file only, and a plugin cannot find another run's token", async () => {
    const runner = createProcessRunner({});
    const holderToken = randomBytes(32).toString('base64url');
    const stop = new AbortController();
    let announceReady: () => void;
    const ready = new Promise<void>((resolve) => (announceReady = resolve));
    const holder = runner.run(
      invocation(
        randomUUID(),
        holderToken,
        { mode: 'hold' },
        (chunk) => {
          if (chunk.toString().includes('"ready"')) announceReady();
        },
        stop.signal,
      ),
    );
    await ready;
    let output = '';
    const probeToken = randomBytes(32).toString('base64url');
    const probe = await runner.run(
      invocation(
        randomUUID(),
        probeToken,
        { mode: 'probe', find: holderToken, search: [runsDir, secretsBase, os.tmpdir()] },
        (chunk) => (output += chunk.toString()),
      ),
    );
    stop.abort();
    await holder;
    expect(probe.exitCode, output).toBe(0);
    const result = JSON.parse(output.trim()) as Record<string, unknown>;
    expect(result).toEqual({ found: [], ownLength: probeToken.length, ownFileMode: '600', envHasOwn: false });
  }, 150_000);

  it("hands the plugin the run's trace context as TRACEPARENT and TRACESTATE", async () => {
    const runner = createProcessRunner({ sandbox: 'none' });
    const printer: InstalledPlugin = {
      ...plugin,
      manifest: {
        runtime: {
          command: [
            process.execPath,
            '-e',
            'console.log(JSON.stringify({ parent: process.env.TRACEPARENT, state: process.env.TRACESTATE }))',
          ],
        },
      } as unknown as PluginManifest,
    };
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    let stdout = '';
    const result = await runner.run({
      ...invocation(randomUUID(), 'token', {}, (chunk) => (stdout += chunk.toString())),
      plugin: printer,
      traceEnv: { TRACEPARENT: traceparent, TRACESTATE: 'csoc=1' },
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ parent: traceparent, state: 'csoc=1' });
  });

  it.each(['bwrap', 'isolate'] as const)(
    "gives a plugin (sandbox %s) its version's provider cache, writable, at the host path, and hides the others",
    async (sandbox) => {
      const runner = createProcessRunner({ sandbox });
      const cacheDir = path.join(base, 'tf-plugin-cache', 'probe', '0.0.1');
      fs.rmSync(path.join(cacheDir, 'filled'), { force: true });
      // Another plugin's cache: neither readable nor writable from this plugin's runs.
      const otherCache = path.join(base, 'tf-plugin-cache', 'other', '1.0.0');
      fs.mkdirSync(otherCache, { recursive: true });
      fs.writeFileSync(path.join(otherCache, 'provider'), 'theirs');
      const writer: InstalledPlugin = {
        ...plugin,
        // The checkout may itself lie under /tmp, which the strict sandbox makes private: its plugin folder
        // must stay readable there all the same.
        source: process.cwd(),
        manifest: {
          runtime: {
            command: [
              process.execPath,
              '-e',
              "const fs = require('node:fs'); const dir = process.env.CSOC_TF_PLUGIN_CACHE_DIR; fs.writeFileSync(dir + '/filled', 'by the plugin'); console.log(dir); console.log(fs.existsSync(process.argv[1]))",
              path.join(otherCache, 'provider'),
            ],
          },
        } as unknown as PluginManifest,
      };
      let stdout = '';
      const result = await runner.run({
        ...invocation(randomUUID(), 'token', {}, (chunk) => (stdout += chunk.toString())),
        plugin: writer,
        pluginCacheDir: cacheDir,
        onStderr: (chunk) => (stdout += chunk.toString()),
      });
      expect(result.exitCode, stdout).toBe(0);
      expect(stdout.trim().split('\n')).toEqual([cacheDir, 'false']);
      // The write went through to the host folder the next run of this plugin version is given.
      expect(fs.readFileSync(path.join(cacheDir, 'filled'), 'utf8')).toBe('by the plugin');
    },
    60_000,
  );

  it('says so at creation when plugins run without isolation', () => {
    const warnings: string[] = [];
    createProcessRunner({ sandbox: 'none', onWarning: (message) => warnings.push(message) });
    expect(warnings).toEqual([expect.stringContaining('not isolated from each other')]);
    createProcessRunner({ onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(1);
  });
});

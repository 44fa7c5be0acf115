// The bundled csoc (ADR 0045): built by esbuild from the real sources, it runs the same commands as the
// sources do, counts as stale as soon as one of its inputs changes, and the bin runs it (or tsx on
// request) with the same output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCliBundle, freshCliBundle } from '../bin/cliBundle.mjs';
import type { runCli as RunCli } from './runCli.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/csoc.mjs');
const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-cli-bundle-'));
afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }));

function runBin(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', XDG_CONFIG_HOME: path.join(distDir, 'xdg'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the csoc bundle', () => {
  it('is one entry file with lazy chunks, runs the commands, and goes stale when an input changes', async () => {
    const entry = await buildCliBundle(distDir);
    expect(freshCliBundle(distDir)).toBe(entry);
    // The schemas and the document differ load only with the commands that need them.
    expect(fs.readdirSync(path.join(path.dirname(entry), 'chunks')).length).toBeGreaterThan(0);

    const { runCli } = (await import(entry)) as { runCli: typeof RunCli };
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: {} };
    expect(await runCli(['commons', 'list', '--help'], io)).toBe(0);
    expect(printed).toMatch(/^Usage: csoc commons list/);

    // An input edited after the build: its recorded time no longer matches.
    const manifestPath = path.join(distDir, 'csoc.build.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    expect(Object.keys(manifest.inputs)).toContain('packages/cli/src/runCli.ts');
    expect(Object.keys(manifest.inputs)).toContain('node_modules/yaml/package.json');
    manifest.inputs['packages/cli/src/runCli.ts'] -= 1000;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(freshCliBundle(distDir)).toBeUndefined();

    // A rebuild points at the new build and keeps the previous one for a csoc still running from it.
    const rebuilt = await buildCliBundle(distDir);
    expect(rebuilt).not.toBe(entry);
    expect(freshCliBundle(distDir)).toBe(rebuilt);
    expect(fs.existsSync(entry)).toBe(true);
  });

  it('the bin answers the same from the bundle as from the sources through tsx', async () => {
    const bundled = await runBin(['commons', '--help'], { CSOC_CLI_ENTRY: 'bundle' });
    const sources = await runBin(['commons', '--help'], { CSOC_CLI_ENTRY: 'sources' });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(bundled.stdout).toMatch(/commons list +List an organization's commons/);
    expect(sources).toEqual(bundled);
  });

  it('refuses an unknown CSOC_CLI_ENTRY in one line that names the fix', async () => {
    const result = await runBin(['--help'], { CSOC_CLI_ENTRY: 'fast' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'csoc: CSOC_CLI_ENTRY is "fast"; use auto (the bundle, rebuilt when stale), bundle (fail without one) or sources (tsx), or unset it',
    );
  });
});

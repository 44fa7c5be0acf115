import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePluginBundle } from './repoPluginBundles.ts';

describe('ensurePluginBundle', () => {
  it('bundles src/main.ts into dist/main.mjs that runs with plain node, and rebuilds only when a source changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'greeting.ts'), "export const greeting: string = 'first';\n");
    fs.writeFileSync(
      path.join(dir, 'src', 'main.ts'),
      "import { greeting } from './greeting.ts';\nimport os from 'node:os';\nconsole.log(`${greeting} ${typeof os.cpus}`);\n",
    );
    const bundle = await ensurePluginBundle(dir);
    expect(bundle).toBe(path.join(dir, 'dist', 'main.mjs'));
    expect(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }).trim()).toBe('first function');

    const builtAt = fs.statSync(bundle).mtimeMs;
    await ensurePluginBundle(dir);
    expect(fs.statSync(bundle).mtimeMs).toBe(builtAt);

    fs.writeFileSync(path.join(dir, 'src', 'greeting.ts'), "export const greeting: string = 'second';\n");
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(path.join(dir, 'src', 'greeting.ts'), later, later);
    await ensurePluginBundle(dir);
    expect(execFileSync(process.execPath, [bundle], { encoding: 'utf8' }).trim()).toBe('second function');
    // No temporary file is left beside the bundle.
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['main.mjs']);
  });
});

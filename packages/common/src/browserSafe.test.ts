// The portal bundles @csoc/common: every public entry must build for the browser with no Node built-in
// reachable (no node:crypto, no Buffer), or the portal would break in the browser, not in the build.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = new Set(builtinModules);

/** Bundles an entry for the browser; resolves to the Node built-ins its import graph reaches. */
async function nodeImportsOf(entry: { path: string } | { contents: string }): Promise<string[]> {
  const reached: string[] = [];
  const refuseNode: Plugin = {
    name: 'refuse-node',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        const bare = args.path.replace(/^node:/, '').split('/')[0]!;
        if (args.path.startsWith('node:') || nodeBuiltins.has(bare)) {
          reached.push(`${args.path} (from ${args.importer.replace(packageDir, '')})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: packageDir, loader: 'ts' } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    plugins: [refuseNode],
  });
  const code = result.outputFiles.map((file) => file.text).join('\n');
  if (/\bBuffer\./.test(code)) reached.push('Buffer (a Node global)');
  return reached;
}

describe('@csoc/common in the browser', () => {
  const entries = Object.entries(packageJson.exports);

  it.each(entries)('export "%s" reaches no Node built-in', async (_name, file) => {
    expect(await nodeImportsOf({ path: fileURLToPath(new URL(`../${file}`, import.meta.url)) })).toEqual([]);
  });

  it('names a Node built-in that an entry would pull in', async () => {
    const reached = await nodeImportsOf({
      contents: "export * from './src/index.ts'; export { randomBytes } from 'node:crypto';",
    });
    expect(reached).toEqual(['node:crypto (from <stdin>)']);
  });

  it('names Buffer used as a global', async () => {
    expect(await nodeImportsOf({ contents: "export const hex = Buffer.from('a').toString('hex');" })).toEqual(
      ['Buffer (a Node global)'],
    );
  });
});

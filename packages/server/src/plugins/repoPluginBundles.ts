// The plugins that ship in this repository (plugins/sim, plugins/aws) run as one bundled ES module each
// (dist/main.mjs, built by esbuild from src/main.ts and the SDK), not through tsx: starting tsx and
// compiling the sources took about 0.85 s of every plugin invocation, and a run invokes its plugin at
// least twice. The bundle is rebuilt when any source is newer, at CSOC start and by `npm run build`.
// Container images bundle the same way (plugins/*/Containerfile).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './pluginRegistry.ts';

export const REPO_PLUGIN_DIRS = ['sim', 'aws', 'azure', 'digitalocean', 'existing-cluster', 'gcp'].map(
  (name) => path.join(repoRoot, 'plugins', name),
);

/** Folders whose TypeScript ends up in a plugin bundle. */
const SHARED_SOURCES = [
  path.join(repoRoot, 'packages', 'plugin-sdk', 'src'),
  path.join(repoRoot, 'packages', 'common', 'src'),
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Path of the plugin's bundle; rebuilds it first when missing or older than a source. */
export async function ensurePluginBundle(pluginDir: string): Promise<string> {
  const entry = path.join(pluginDir, 'src', 'main.ts');
  const outfile = path.join(pluginDir, 'dist', 'main.mjs');
  const built = fs.statSync(outfile, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = [path.join(pluginDir, 'src'), ...SHARED_SOURCES].filter((dir) => fs.existsSync(dir));
  if (built > Math.max(...sources.map(newestSource))) return outfile;
  // The bundle is dated when its build started, not when it ended: a source saved during the build is then
  // newer than the bundle, and the next call builds again instead of keeping a bundle without that change.
  const startedAt = new Date();
  // Build beside the target and rename: processes starting together never see half a file.
  const temporary = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  try {
    await build({
      entryPoints: [entry],
      outfile: temporary,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      // Bundled CommonJS dependencies may call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __csocCreateRequire } from 'node:module'; const require = __csocCreateRequire(import.meta.url);",
      },
    });
    fs.utimesSync(temporary, startedAt, startedAt);
    fs.renameSync(temporary, outfile);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return outfile;
}

/** Builds every repository plugin's bundle that is missing or stale. */
export async function ensureRepoPluginBundles(): Promise<string[]> {
  return Promise.all(
    REPO_PLUGIN_DIRS.filter((dir) => fs.existsSync(path.join(dir, 'src', 'main.ts'))).map(ensurePluginBundle),
  );
}

// The bundled `csoc` (ADR 0045): esbuild turns src/runCli.ts and what it imports into dist/build-*/csoc.mjs
// plus lazily loaded chunks, and dist/csoc.build.json records every input file with its modification
// time. The bundle counts as fresh only while every recorded input still has that time, so an edited
// source, a `git pull` or an upgraded dependency is never served stale. Plain JavaScript: the bin reads
// this before anything could compile TypeScript.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(CLI_ROOT, '..', '..');
export const DEFAULT_DIST_DIR = path.join(CLI_ROOT, 'dist');
const MANIFEST_NAME = 'csoc.build.json';

/**
 * Path of the bundle's entry when it was built from exactly the files on disk now; undefined when it
 * is missing, unreadable or any input changed, appeared or vanished since.
 */
export function freshCliBundle(distDir = DEFAULT_DIST_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, MANIFEST_NAME), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof manifest?.entry !== 'string' || typeof manifest.inputs !== 'object') return undefined;
  for (const [input, modifiedMs] of Object.entries(manifest.inputs)) {
    const stat = fs.statSync(path.join(REPO_ROOT, input), { throwIfNoEntry: false });
    if (stat?.mtimeMs !== modifiedMs) return undefined;
  }
  const entry = path.join(distDir, manifest.entry);
  return fs.existsSync(entry) ? entry : undefined;
}

/**
 * Bundles the CLI into a new build folder and then points the manifest at it (written beside and
 * renamed, so a csoc starting meanwhile sees the old build or the new one, never half of one). Keeps the
 * previous build, and any made in the last minutes: a csoc still running from one may yet load one of its
 * lazy chunks, and a build started at the same time by another csoc may be about to name its own.
 */
export async function buildCliBundle(distDir = DEFAULT_DIST_DIR) {
  const { build } = await import('esbuild');
  const buildName = `build-${Date.now()}-${process.pid}`;
  const buildDir = path.join(distDir, buildName);
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { csoc: path.join(CLI_ROOT, 'src', 'runCli.ts') },
    outdir: buildDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    // Dynamic imports (the document differ and its schemas) become chunks loaded only by the commands
    // that need them, so `csoc --help` does not compile them.
    splitting: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'silent',
    // Bundled CommonJS dependencies (yaml) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __csocCreateRequire } from 'node:module'; const require = __csocCreateRequire(import.meta.url);",
    },
  });
  const inputs = {};
  for (const input of new Set(Object.keys(result.metafile.inputs).map(recordedInput))) {
    const stat = fs.statSync(path.join(REPO_ROOT, input), { throwIfNoEntry: false });
    if (stat) inputs[input] = stat.mtimeMs;
  }
  const manifestPath = path.join(distDir, MANIFEST_NAME);
  const previous = readManifestEntry(manifestPath);
  const temporary = `${manifestPath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ entry: `${buildName}/csoc.mjs`, inputs }, null, 1)}\n`);
  fs.renameSync(temporary, manifestPath);
  removeOlderBuilds(distDir, [buildName, previous?.split('/')[0]]);
  return path.join(buildDir, 'csoc.mjs');
}

/** The fresh bundle's entry, building it first when it is missing or stale. */
export async function ensureCliBundle(distDir = DEFAULT_DIST_DIR) {
  return freshCliBundle(distDir) ?? (await buildCliBundle(distDir));
}

/**
 * A dependency stands for itself by its package.json, rewritten whenever npm installs another version:
 * a few dozen files to check at each start instead of hundreds.
 */
function recordedInput(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? `${match[1]}/package.json` : input;
}

function readManifestEntry(manifestPath) {
  try {
    return JSON.parse(fs.readFileSync(manifestPath, 'utf8')).entry;
  } catch {
    return undefined;
  }
}

const KEEP_RECENT_BUILDS_MS = 10 * 60_000;

function removeOlderBuilds(distDir, keep) {
  for (const name of fs.readdirSync(distDir)) {
    if (!name.startsWith('build-') || keep.includes(name)) continue;
    const folder = path.join(distDir, name);
    const age = Date.now() - (fs.statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age > KEEP_RECENT_BUILDS_MS) fs.rmSync(folder, { recursive: true, force: true });
  }
}

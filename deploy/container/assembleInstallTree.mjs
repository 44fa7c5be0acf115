// Assembles what the CSOC image installs under /opt/csoc, from a repository whose dependencies are installed
// (`npm ci`) and whose portal is built: the server bundle, the production node_modules the bundle leaves
// outside (native add-ons and the few packages that read their own files), the portal, the sim plugin
// prebuilt, and the health check. Both builds use it: the Containerfile's build stage and
// buildLocalImage.sh (ADR 0061). Nothing here is TypeScript, tsx, npm or a compiler.
//
//   node deploy/container/assembleInstallTree.mjs OUT_DIR     # OUT_DIR/opt/csoc/... is the image's tree
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the bundle sits under the installation root (its depth is how it finds the root). */
const BUNDLE_PATH = 'packages/server/dist/csoc-server.mjs';

/** Where the tree goes inside the image. */
export const INSTALL_ROOT = '/opt/csoc';

/** Assembles OUT_DIR/opt/csoc; returns the external packages copied, by name. */
export async function assembleInstallTree(outDir) {
  const root = path.join(outDir, INSTALL_ROOT);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });

  const portalIndex = path.join(REPO_ROOT, 'packages/web/dist/index.html');
  if (!fs.existsSync(portalIndex)) {
    throw new Error(`${portalIndex} is missing: build the portal first (npm run build -w @csoc/web).`);
  }
  // The sim plugin ships prebuilt (plugins/sim/dist/main.mjs), as the bundled server cannot bundle it.
  execFileSync(process.execPath, ['--import', 'tsx', 'packages/server/scripts/bundleRepoPlugins.ts'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  // The bundler writes csoc-server.install.json beside the bundle: its external imports and runtime files.
  const outfile = path.join(root, BUNDLE_PATH);
  execFileSync(process.execPath, ['packages/server/scripts/bundleServer.mjs', '--outfile', outfile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const installManifestFile = outfile.replace(/\.mjs$/, '.install.json');
  const { externalImports, runtimeFiles } = JSON.parse(fs.readFileSync(installManifestFile, 'utf8'));
  fs.rmSync(installManifestFile);
  fs.chmodSync(outfile, 0o755);
  for (const relative of runtimeFiles) {
    fs.cpSync(path.join(REPO_ROOT, relative), path.join(root, relative), {
      recursive: true,
      // Only the module's .tf files: no local state or provider caches from a developer's runs.
      filter: (source) =>
        !source.includes(`${path.sep}.terraform`) && !/\.(tfstate|tfstate\.backup)$/.test(source),
    });
  }
  // A plugin bundle is split into chunks (main.mjs imports them, some only when needed): each listed
  // module takes the chunks it imports along, and no other file of its folder (older chunks kept for
  // processes still running them, or anything else left there).
  for (const relative of runtimeFiles.filter((file) => file.endsWith('.mjs'))) {
    copyImportedChunks(relative, root);
  }
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.copyFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'healthcheck.mjs'),
    path.join(root, 'bin', 'healthcheck.mjs'),
  );
  const copied = copyProductionModules(externalImports, root);
  fs.writeFileSync(
    path.join(root, 'package.json'),
    `${JSON.stringify({ name: 'csoc-install', private: true, type: 'module' }, null, 2)}\n`,
  );
  return copied;
}

/**
 * Copies, from the repository to ROOT, every module `relative` imports by a relative path (`from
 * "./chunk-X.mjs"`, `import("./chunk-Y.mjs")`), and theirs in turn.
 */
function copyImportedChunks(relative, root) {
  const pending = [relative];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const file = pending.pop();
    const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.\.?\/[^"']+\.m?js)["']/g)) {
      const imported = path.join(path.dirname(file), match[1]);
      if (seen.has(imported)) continue;
      seen.add(imported);
      if (!fs.existsSync(path.join(REPO_ROOT, imported))) {
        throw new Error(`${file} imports ${match[1]}, which is missing: rebuild the plugin bundles.`);
      }
      fs.mkdirSync(path.dirname(path.join(root, imported)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, imported), path.join(root, imported));
      pending.push(imported);
    }
  }
}

/** The package a bare import names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Copies each external package and everything it depends on (dependencies and installed optional
 * dependencies, such as the platform build of @node-rs/argon2) from the repository's node_modules, as
 * installed and tested, to the same relative places under ROOT, so Node resolves the same versions there
 * (nested copies included).
 */
function copyProductionModules(specifiers, root) {
  const copied = new Set();
  const names = new Set(specifiers.map(packageNameOf));
  // esbuild is imported lazily, for a plugin bundle a release never builds (bundleServer.mjs).
  names.delete('esbuild');
  const queue = [...names].map((name) => ({
    name,
    from: path.join(REPO_ROOT, 'packages/server/package.json'),
  }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    if (name.startsWith('@types/')) continue; // declarations some packages list as dependencies
    const packageDir = findPackageDir(name, from);
    if (!packageDir || copied.has(packageDir)) continue; // not installed: an optional one for another platform
    const relative = path.relative(REPO_ROOT, packageDir);
    if (relative.startsWith('..') || !relative.split(path.sep).includes('node_modules')) {
      throw new Error(`${name} resolves to ${packageDir}, outside the repository's node_modules.`);
    }
    copied.add(packageDir);
    fs.cpSync(packageDir, path.join(root, relative), {
      recursive: true,
      // Nested node_modules come through the queue (only what is needed). Build leftovers of native
      // add-ons (sources, object files) stay behind, the .node binary goes; so do type declarations,
      // TypeScript sources, source maps and docs, which nothing loads.
      filter: (source) =>
        source === packageDir ||
        !/[/\\](node_modules|obj\.target|\.deps)$|\.(c|cc|cpp|h|o|gyp|mk|ts|mts|cts|map|md)$/.test(source),
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys({
      ...manifest.dependencies,
      ...manifest.optionalDependencies,
    })) {
      queue.push({ name: dependency, from: path.join(packageDir, 'package.json') });
    }
  }
  return [...copied].map((dir) => path.relative(REPO_ROOT, dir)).sort();
}

/** The folder Node would load `name` from for a module at `from`, or undefined when it is not installed. */
function findPackageDir(name, from) {
  const require = createRequire(from);
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = path.join(base, name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
  }
  return undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node deploy/container/assembleInstallTree.mjs OUT_DIR');
    process.exit(2);
  }
  const copied = await assembleInstallTree(path.resolve(outDir));
  process.stdout.write(
    `assembled ${path.join(outDir, INSTALL_ROOT)} with ${copied.length} production packages\n`,
  );
}

// Bundles the `csoc-server` command (bin/csoc-server.mjs → src/cli/serverCommands.ts, everything it imports,
// and the workspace packages) into one ES module, packages/server/dist/csoc-server.mjs, so a release runs
// plain `node` with no tsx and no TypeScript sources (ADR 0061). `npm start` still runs the sources.
//
//   node packages/server/scripts/bundleServer.mjs [--outfile FILE]   # default packages/server/dist/csoc-server.mjs
//
// What stays outside the bundle, as production node_modules beside it (EXTERNAL_PACKAGES): native add-ons
// (better-sqlite3, @node-rs/argon2), pg (OpenTelemetry's pg instrumentation patches it when it loads) and
// what resolves files of its own at run time. The runtime data files keep the repository's layout under
// the installation root (RUNTIME_FILES): the bundle finds them where the sources would.
import { build, transform } from 'esbuild';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_DIR = path.join(REPO_ROOT, 'packages', 'server');
const MIGRATIONS_DIR = path.join(SERVER_DIR, 'src', 'db', 'migrations');

/** Packages loaded from node_modules at run time (install them with `npm ci --omit=dev`). */
export const EXTERNAL_PACKAGES = [
  'better-sqlite3',
  '@node-rs/argon2',
  'pg',
  'pg-native',
  // OpenTelemetry loads lazily (only with OTEL_EXPORTER_OTLP_ENDPOINT) and patches modules as they load.
  '@opentelemetry/*',
  // protobufjs reads the OTLP .proto files and requires its own helpers by path.
  'protobufjs',
  // The API docs serve Swagger UI's static files from beside its own modules.
  '@fastify/swagger',
  '@fastify/swagger-ui',
];

/**
 * Files the server reads at run time, relative to the installation root (the repository root here,
 * /opt/csoc in the image). The bundle resolves each source file's `import.meta.url` to where that
 * source sat in the repository, so these are found at the same relative places.
 */
export const RUNTIME_FILES = [
  // backupManifest.ts records CSOC's version from it.
  'packages/server/package.json',
  'packages/web/dist',
  'packages/server/src/telemetry-ingest/otlp-proto',
  'plugins/sim/manifest.json',
  'plugins/sim/dist/main.mjs',
  'plugins/sim/terraform',
];

/** The bundle's path relative to the installation root; its depth fixes how the root is found. */
export const BUNDLE_PATH = 'packages/server/dist/csoc-server.mjs';

const BANNER = [
  // Bundled CommonJS dependencies call require() for Node built-ins.
  "import { createRequire as __csocCreateRequire } from 'node:module';",
  'const require = __csocCreateRequire(import.meta.url);',
  // The installation root: the bundle sits at packages/server/dist/ under it.
  "const __csocInstallRoot = new URL('../../../', import.meta.url);",
].join(' ');

/**
 * Each repository source that asks for its own location gets the URL it had in the repository, under the
 * installation root, instead of the bundle's URL (which every module would otherwise share).
 */
function sourceLocationPlugin() {
  return {
    name: 'csoc-source-location',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = await fs.promises.readFile(args.path, 'utf8');
        const relative = path.relative(REPO_ROOT, args.path).split(path.sep).join('/');
        if (relative === 'packages/server/src/db/migrate.ts') contents = bundleMigrations(contents);
        if (!contents.includes('import.meta.url')) return { contents, loader: 'ts' };
        // On the syntax tree (define), so a string that merely mentions import.meta.url stays as it is.
        const compiled = await transform(contents, {
          loader: 'ts',
          format: 'esm',
          sourcefile: args.path,
          define: { 'import.meta.url': '__csocSourceUrl' },
        });
        const location = `const __csocSourceUrl = new URL(${JSON.stringify(relative)}, __csocInstallRoot).href;`;
        return { contents: `${location}\n${compiled.code}`, loader: 'js' };
      });
    },
  };
}

/**
 * migrate.ts lists db/migrations/*.ts and imports each file at run time; a bundle has no such files, so
 * the listing becomes the names known now and the import a glob import esbuild bundles. Fails loudly when
 * migrate.ts no longer has the shape this expects, rather than building a server without migrations.
 */
function bundleMigrations(source) {
  const names = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.ts$/.test(file))
    .sort();
  const listing = /fs\s*\.readdirSync\(migrationsDir\)/g;
  const importing = /import\(pathToFileURL\(path\.join\(migrationsDir, file\)\)\.href\)/g;
  const listings = source.match(listing)?.length ?? 0;
  const imports = source.match(importing)?.length ?? 0;
  if (listings !== 1 || imports !== 1) {
    throw new Error(
      `bundleServer: packages/server/src/db/migrate.ts changed shape (found ${listings} readdirSync(migrationsDir) and ${imports} import(pathToFileURL(...)) where 1 of each was expected). Update bundleMigrations() in packages/server/scripts/bundleServer.mjs to match.`,
    );
  }
  return source.replace(listing, JSON.stringify(names)).replace(importing, 'import(`./migrations/${file}`)');
}

/**
 * `esbuild` is imported by the plugin bundler (plugins/repoPluginBundles.ts), which a release never calls:
 * its plugins ship prebuilt (plugins/<name>/dist/main.mjs) without sources. The import is made lazy, so
 * the image needs no esbuild, and a call without it says why.
 */
function lazyEsbuildPlugin() {
  return {
    name: 'csoc-lazy-esbuild',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^esbuild$/ }, (args) =>
        args.namespace === 'csoc-lazy-esbuild'
          ? { path: 'esbuild', external: true }
          : { path: 'esbuild', namespace: 'csoc-lazy-esbuild' },
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: 'csoc-lazy-esbuild' }, () => ({
        contents: `export async function build(options) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('This CSOC is a bundled release without esbuild: plugins must ship prebuilt (plugins/<name>/dist/main.mjs).');
  }
  return esbuild.build(options);
}`,
        loader: 'js',
        resolveDir: SERVER_DIR,
      }));
    },
  };
}

/** `csoc-server.mjs` → `csoc-server.install.json`: the bundle's external imports and runtime files. */
export function installManifestPath(outfile) {
  return outfile.replace(/\.mjs$/, '.install.json');
}

/** Builds the bundle and its install manifest; returns its path and the bare imports left to node_modules. */
export async function bundleServer({ outfile = path.join(REPO_ROOT, BUNDLE_PATH) } = {}) {
  const temporary = `${outfile}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  try {
    const result = await build({
      // bin/csoc-server.mjs without tsx: the same commands, from the sources esbuild compiles.
      stdin: {
        contents: [
          '#!/usr/bin/env node',
          "import { runServerCommand } from '../src/cli/serverCommands.ts';",
          'const exitCode = await runServerCommand(process.argv.slice(2));',
          'if (exitCode !== undefined) process.exitCode = exitCode;',
        ].join('\n'),
        resolveDir: path.join(SERVER_DIR, 'bin'),
        sourcefile: 'csoc-server-entry.ts',
        loader: 'ts',
      },
      outfile: temporary,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: EXTERNAL_PACKAGES,
      plugins: [sourceLocationPlugin(), lazyEsbuildPlugin()],
      banner: { js: BANNER },
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    });
    fs.renameSync(temporary, outfile);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
    const externalImports = [
      ...new Set(
        imports.filter((entry) => entry.external && !isBuiltin(entry.path)).map((entry) => entry.path),
      ),
    ].sort();
    // What an installation needs besides the bundle, for deploy/container/assembleInstallTree.mjs.
    fs.writeFileSync(
      installManifestPath(outfile),
      `${JSON.stringify({ bundle: BUNDLE_PATH, externalImports, runtimeFiles: RUNTIME_FILES }, null, 2)}\n`,
    );
    return { outfile, inputs: Object.keys(result.metafile.inputs).length, externalImports };
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
  const { outfile, inputs } = await bundleServer({
    outfile: values.outfile ? path.resolve(values.outfile) : undefined,
  });
  const size = (fs.statSync(outfile).size / 1024 / 1024).toFixed(1);
  console.log(`server bundle ${path.relative(process.cwd(), outfile)} (${inputs} inputs, ${size} MiB)`);
}

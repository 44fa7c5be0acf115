// The plugins that ship in this repository (plugins/sim, plugins/aws) run as one bundled ES module each
// (dist/main.mjs, built by esbuild from src/main.ts and the SDK), not through tsx: starting tsx and
// compiling the sources took about 0.85 s of every plugin invocation, and a run invokes its plugin at
// least twice. The bundle is rebuilt when any source (or manifest.json) is newer, at CSOC start and by
// `npm run build`. Container images bundle the same way (plugins/*/Containerfile), without the two
// start-up savings below (ADR 0068): their plugins compile their validators at start, as before.
//
// Three things keep a plugin's start light (ADR 0068, ADR 0084): the validators of every verb (manifest
// shape, request, the plugin's inputs) come precompiled in the bundle (Ajv standalone code, generated here);
// what a plan or apply does not load (the OpenTelemetry SDK, imported only to export a span; Ajv's compiler,
// needed only for a schema the bundle did not precompile) is split into chunks beside main.mjs that node
// parses only when imported; and the SDK's contract schemas arrive as the JSON they are, without TypeBox
// (about 210 KB of code that only builds them).
import { build, type Metafile, type Plugin } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { standaloneValidators } from '@csoc/plugin-sdk/standalone-validators';
import { repoRoot } from './pluginRegistry.ts';

export const REPO_PLUGIN_DIRS = ['sim', 'aws', 'azure', 'digitalocean', 'existing-cluster', 'gcp'].map(
  (name) => path.join(repoRoot, 'plugins', name),
);

/** Folders whose TypeScript ends up in a plugin bundle. */
const SHARED_SOURCES = [
  path.join(repoRoot, 'packages', 'plugin-sdk', 'src'),
  path.join(repoRoot, 'packages', 'common', 'src'),
];

/** The SDK module the generated entry registers the precompiled validators with (the one the plugin uses). */
const PRECOMPILED_REGISTRY = path.join(repoRoot, 'packages', 'plugin-sdk', 'src', 'precompiledValidators.ts');

/**
 * The SDK modules that only declare contract schemas (TypeBox) and constants: a bundle gets each as a module
 * of JSON constants, evaluated here at build time. TypeBox's own marks (`~kind`, `~optional`) are not
 * enumerable, so the JSON is exactly the schema Ajv and the precompiled validators' keys see.
 */
const SCHEMA_MODULES = ['requestSchema.ts', 'eventSchema.ts', 'manifestSchema.ts'].map((name) =>
  path.join(repoRoot, 'packages', 'plugin-sdk', 'src', name),
);

/** True for what JSON.stringify writes back as the same value: no function, undefined, class or symbol. */
function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonData);
  if (typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (
    Object.getOwnPropertySymbols(value).some((symbol) =>
      Object.prototype.propertyIsEnumerable.call(value, symbol),
    )
  )
    return false;
  return Object.values(value).every(isJsonData);
}

/** Schema modules already written as JSON in this process, by path and modification time. */
const schemaJsonCache = new Map<string, Promise<string>>();

/**
 * A schema module's exports as `export const name = <JSON>;` lines; throws naming an export that is not
 * data. Made once per version of the file in a process: every plugin bundle has the same three.
 */
export function schemaModuleAsJson(file: string, scratchDir: string): Promise<string> {
  const key = `${file}\u0000${mtimeOf(file)}`;
  let json = schemaJsonCache.get(key);
  if (!json) {
    json = evaluateSchemaModule(file, scratchDir);
    schemaJsonCache.set(key, json);
    // A failure is not kept: the next build tries again (after the file is fixed, its time differs anyway).
    json.catch(() => schemaJsonCache.delete(key));
  }
  return json;
}

async function evaluateSchemaModule(file: string, scratchDir: string): Promise<string> {
  const bundled = await build({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const scratch = path.join(scratchDir, `${path.basename(file, '.ts')}.mjs`);
  fs.writeFileSync(scratch, bundled.outputFiles[0]!.text);
  const exported = (await import(`${pathToFileURL(scratch).href}?${Date.now()}`)) as Record<string, unknown>;
  return Object.entries(exported)
    .map(([name, value]) => {
      if (!isJsonData(value))
        throw new Error(
          `${path.relative(repoRoot, file)} exports ${name}, which is not plain data: a schema module is bundled as JSON (ADR 0084), so move ${name} to another module`,
        );
      return `export const ${name} = ${JSON.stringify(value)};`;
    })
    .join('\n');
}

/** An esbuild plugin that loads the SDK's schema modules as their JSON. */
function schemaModulesAsJson(scratchDir: string): Plugin {
  return {
    name: 'csoc-schema-modules-as-json',
    setup(builder) {
      builder.onLoad({ filter: /Schema\.ts$/ }, async (args) =>
        SCHEMA_MODULES.includes(args.path)
          ? { contents: await schemaModuleAsJson(args.path, scratchDir), loader: 'js' }
          : undefined,
      );
    },
  };
}

/**
 * SDK modules a plugin process loads only on demand, each a registration a host relies on when it loads:
 * Ajv's compiler (createAjv.ts: a schema the bundle did not precompile) and the semver library
 * (semverLibrary.ts: a manifest whose version or range is not plain). With the names a stub of each exports.
 */
const ON_DEMAND_MODULES = new Map<string, string[]>([
  [
    path.join(repoRoot, 'packages', 'plugin-sdk', 'src', 'createAjv.ts'),
    ['createAjv', 'cachedCompileOptions'],
  ],
  [path.join(repoRoot, 'packages', 'plugin-sdk', 'src', 'semverLibrary.ts'), []],
]);
const ON_DEMAND_STUB_NAMESPACE = 'csoc-on-demand-stub';

/**
 * An esbuild plugin that keeps the on-demand modules out of what a plugin process loads at start. Each is
 * reached statically too (the SDK's index re-exports or imports it), and esbuild would put it in a chunk
 * main.mjs imports. So only the SDK's dynamic import reaches the real module (a chunk of its own); static
 * imports get a stub whose functions say so. A bundle whose code calls one of them is refused at build time
 * (stubInUse).
 */
function sdkModulesOnDemand(): Plugin {
  return {
    name: 'csoc-sdk-modules-on-demand',
    setup(builder) {
      builder.onResolve({ filter: /\/(createAjv|semverLibrary)\.ts$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path);
        if (!ON_DEMAND_MODULES.has(resolved)) return undefined;
        return args.kind === 'dynamic-import'
          ? { path: resolved }
          : { path: resolved, namespace: ON_DEMAND_STUB_NAMESPACE };
      });
      builder.onLoad({ filter: /.*/, namespace: ON_DEMAND_STUB_NAMESPACE }, (args) => ({
        contents: [
          'const onDemand = () => {',
          `  throw new Error('${path.basename(args.path)} is not in a plugin bundle at start: await loadSchemaCompiler() or loadSemver() from @csoc/plugin-sdk first');`,
          '};',
          ...ON_DEMAND_MODULES.get(args.path)!.map((name) => `export const ${name} = onDemand;`),
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

/** Whether a bundle's code uses a stub (a plugin that calls createAjv directly at run time). */
function stubInUse(metafile: Metafile): boolean {
  return Object.values(metafile.outputs).some((output) =>
    Object.entries(output.inputs).some(
      ([input, { bytesInOutput }]) => input.startsWith(`${ON_DEMAND_STUB_NAMESPACE}:`) && bytesInOutput > 0,
    ),
  );
}

/** Chunks a replaced bundle may still import (a plugin process that started on it) are kept this long. */
const OLD_CHUNK_GRACE_MS = 60 * 60 * 1000;

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

const mtimeOf = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/**
 * An esbuild plugin whose module `csoc-plugin-entry` registers the plugin's precompiled validators, then
 * runs src/main.ts. Without a readable manifest nothing is precompiled (the plugin reports it at start).
 */
function entryWithPrecompiledValidators(pluginDir: string, entry: string): Plugin {
  const manifestFile = path.join(pluginDir, 'manifest.json');
  let validators: ReturnType<typeof standaloneValidators> = [];
  if (fs.existsSync(manifestFile)) {
    try {
      validators = standaloneValidators(JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as object);
    } catch {
      // An unreadable manifest or inputs schema: the plugin compiles, and reports, it at run time.
      validators = standaloneValidators({});
    }
  }
  return {
    name: 'csoc-plugin-entry',
    setup(builder) {
      builder.onResolve({ filter: /^csoc-(plugin-entry|precompiled|validator:\d+)$/ }, (args) => ({
        path: args.path,
        namespace: 'csoc-plugin-entry',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'csoc-plugin-entry' }, (args) => {
        // Standalone code requires Ajv's small runtime helpers: resolved from the SDK's dependencies.
        const resolveDir = path.dirname(PRECOMPILED_REGISTRY);
        if (args.path.startsWith('csoc-validator:'))
          return { contents: validators[Number(args.path.split(':')[1])]!.source, loader: 'js', resolveDir };
        if (args.path === 'csoc-precompiled')
          return {
            contents: [
              `import { registerPrecompiledValidators } from ${JSON.stringify(PRECOMPILED_REGISTRY)};`,
              ...validators.map((_, index) => `import v${index} from 'csoc-validator:${index}';`),
              `registerPrecompiledValidators([${validators
                .map((validator, index) => `{ key: ${JSON.stringify(validator.key)}, validate: v${index} }`)
                .join(', ')}]);`,
            ].join('\n'),
            loader: 'js',
            resolveDir,
          };
        // Imports are evaluated in order: the validators are registered before the plugin's code runs.
        const contents = `${validators.length ? "import 'csoc-precompiled';\n" : ''}import ${JSON.stringify(entry)};\n`;
        return { contents, loader: 'js', resolveDir };
      });
    },
  };
}

/** Path of the plugin's bundle; rebuilds it first when missing or older than a source. */
export async function ensurePluginBundle(pluginDir: string): Promise<string> {
  const entry = path.join(pluginDir, 'src', 'main.ts');
  const distDir = path.join(pluginDir, 'dist');
  const outfile = path.join(distDir, 'main.mjs');
  const built = mtimeOf(outfile);
  const sources = [path.join(pluginDir, 'src'), ...SHARED_SOURCES].filter((dir) => fs.existsSync(dir));
  const newest = Math.max(...sources.map(newestSource), mtimeOf(path.join(pluginDir, 'manifest.json')));
  if (built > newest) return outfile;
  // The bundle is dated when its build started, not when it ended: a source saved during the build is then
  // newer than the bundle, and the next call builds again instead of keeping a bundle without that change.
  const startedAt = new Date();
  // Build into a folder of its own, then move the chunks (named by their content) and main.mjs last, by
  // rename: processes starting meanwhile never see half a file or a main without its chunks.
  const temporary = path.join(distDir, `.build-${process.pid}-${Date.now()}`);
  // The schema modules are evaluated from here: outside dist, which holds only what the bundle needs.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-bundle-schemas-'));
  fs.mkdirSync(distDir, { recursive: true });
  try {
    const result = await build({
      entryPoints: { main: 'csoc-plugin-entry' },
      outdir: temporary,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      splitting: true,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      metafile: true,
      plugins: [
        entryWithPrecompiledValidators(pluginDir, entry),
        schemaModulesAsJson(scratch),
        sdkModulesOnDemand(),
      ],
      // Bundled CommonJS dependencies may call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __csocCreateRequire } from 'node:module'; const require = __csocCreateRequire(import.meta.url);",
      },
    });
    if (result.errors.length) throw new Error(result.errors.map((error) => error.text).join('\n'));
    if (stubInUse(result.metafile))
      throw new Error(
        `${path.relative(repoRoot, pluginDir)}: the plugin calls createAjv or cachedCompileOptions itself; a plugin bundle loads Ajv only on demand (ADR 0084): compile with compileCached after await loadSchemaCompiler()`,
      );
    const chunks = fs.readdirSync(temporary).filter((name) => name !== 'main.mjs');
    for (const chunk of chunks) fs.renameSync(path.join(temporary, chunk), path.join(distDir, chunk));
    fs.utimesSync(path.join(temporary, 'main.mjs'), startedAt, startedAt);
    fs.renameSync(path.join(temporary, 'main.mjs'), outfile);
    removeOldChunks(distDir, new Set(chunks));
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return outfile;
}

/** Chunks of earlier bundles, once no plugin process started on those bundles can still import them. */
function removeOldChunks(distDir: string, current: Set<string>): void {
  for (const name of fs.readdirSync(distDir)) {
    if (!/^chunk-.*\.mjs$/.test(name) || current.has(name)) continue;
    const file = path.join(distDir, name);
    if (Date.now() - mtimeOf(file) > OLD_CHUNK_GRACE_MS) fs.rmSync(file, { force: true });
  }
}

/** Builds every repository plugin's bundle that is missing or stale. */
export async function ensureRepoPluginBundles(): Promise<string[]> {
  return Promise.all(
    REPO_PLUGIN_DIRS.filter((dir) => fs.existsSync(path.join(dir, 'src', 'main.ts'))).map(ensurePluginBundle),
  );
}

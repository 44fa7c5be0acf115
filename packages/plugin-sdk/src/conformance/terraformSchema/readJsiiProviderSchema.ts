// Reads a provider schema from a cdktf .jsii assembly, through a cache: parsing an 88 MB assembly takes
// seconds, the derived schema (about 1 MB) loads in milliseconds. The cache key is the assembly's name,
// version and fingerprint, read without parsing the whole file.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, parse as parsePath, sep } from 'node:path';
import { deriveJsiiProviderSchema, type JsiiAssembly } from './deriveJsiiProviderSchema.ts';
import type { ProviderSchema } from './providerSchema.ts';

/** Bump when the derived shape changes: old cache files are then ignored. */
const CACHE_FORMAT = 2;
const TAIL_BYTES = 4096;

export interface ReadJsiiProviderSchemaOptions {
  /** Where derived schemas are kept; default node_modules/.cache/csoc-provider-schemas above the assembly, else the temp dir. */
  cacheDir?: string;
}

/** The node_modules folder holding the assembly, if any: its .cache is where tools keep derived files. */
function defaultCacheDir(jsiiPath: string): string {
  const parts = dirname(jsiiPath).split(sep);
  const index = parts.lastIndexOf('node_modules');
  if (index >= 0) return join(parts.slice(0, index + 1).join(sep) || sep, '.cache', 'csoc-provider-schemas');
  return join(tmpdir(), 'csoc-provider-schemas');
}

/**
 * The identity of an assembly: name and version from its package.json when beside it, and the jsii
 * fingerprint, which jsii writes as the last key (read from the file's tail). Falls back to a hash of the
 * whole file when the tail holds no fingerprint.
 */
async function assemblyKey(jsiiPath: string): Promise<string> {
  const file = await open(jsiiPath, 'r');
  let tail: string;
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    tail = buffer.toString('utf8');
  } finally {
    await file.close();
  }
  const fingerprint = /"fingerprint"\s*:\s*"([^"]+)"/.exec(tail)?.[1];
  let identity = '';
  try {
    const pkg = JSON.parse(await readFile(join(dirname(jsiiPath), 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    identity = `${pkg.name}@${pkg.version}`;
  } catch {
    identity = parsePath(jsiiPath).dir;
  }
  const digest =
    fingerprint ??
    createHash('sha256')
      .update(await readFile(jsiiPath))
      .digest('base64');
  return createHash('sha256').update(`${CACHE_FORMAT}\n${identity}\n${digest}`).digest('hex').slice(0, 32);
}

function isProviderSchema(value: unknown): value is ProviderSchema {
  const schema = value as ProviderSchema | null;
  return (
    typeof schema === 'object' &&
    schema !== null &&
    typeof schema.source === 'string' &&
    typeof schema.name === 'string' &&
    typeof schema.resources === 'object' &&
    typeof schema.dataSources === 'object'
  );
}

/**
 * Reads the provider schema in a cdktf provider assembly (e.g. node_modules/@cdktf/provider-azurerm/.jsii).
 * The first read derives and caches it; later reads load the cache. A missing or corrupt cache file is
 * rebuilt; cache writes are atomic (temp file + rename), so concurrent test workers never read half a file.
 *
 * @example const azurerm = await readJsiiProviderSchema('node_modules/@cdktf/provider-azurerm/.jsii');
 */
export async function readJsiiProviderSchema(
  jsiiPath: string,
  options: ReadJsiiProviderSchemaOptions = {},
): Promise<ProviderSchema> {
  await stat(jsiiPath).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read the provider assembly ${jsiiPath} (${error.code ?? error.message}): install the matching @cdktf/provider-* package as a dev dependency`,
    );
  });
  const cacheDir = options.cacheDir ?? defaultCacheDir(jsiiPath);
  const cacheFile = join(cacheDir, `${await assemblyKey(jsiiPath)}.json`);
  try {
    const cached: unknown = JSON.parse(await readFile(cacheFile, 'utf8'));
    if (isProviderSchema(cached)) return cached;
  } catch {
    // Missing or corrupt: rebuilt below.
  }
  let assembly: JsiiAssembly;
  try {
    assembly = JSON.parse(await readFile(jsiiPath, 'utf8')) as JsiiAssembly;
  } catch (error) {
    throw new Error(`${jsiiPath} is not a jsii assembly (JSON): ${(error as Error).message}`);
  }
  const schema = deriveJsiiProviderSchema(assembly);
  try {
    await mkdir(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(schema));
    await rename(temporary, cacheFile).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  } catch {
    // A read-only cache place only costs speed.
  }
  return schema;
}

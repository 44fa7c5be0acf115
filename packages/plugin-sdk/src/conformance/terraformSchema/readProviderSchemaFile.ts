// One loader for every schema source the conformance kit accepts: a cdktf assembly (`.jsii`, or the
// package folder holding it) or the output of `terraform providers schema -json`.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProviderSchema } from './providerSchema.ts';
import { readJsiiProviderSchema } from './readJsiiProviderSchema.ts';
import { readTerraformProvidersSchema } from './readTerraformProvidersSchema.ts';

/**
 * Reads the provider schemas in `path`: a folder (its `.jsii`), a `.jsii` assembly, or a JSON file that is
 * either a jsii assembly or a `terraform providers schema -json` dump. Throws a message naming the path
 * and what it should be.
 *
 * @example await readProviderSchemaFile('node_modules/@cdktf/provider-google') // [google 6.50.0]
 */
export async function readProviderSchemaFile(path: string): Promise<ProviderSchema[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new Error(
      `${path} does not exist: pass a .jsii assembly or a \`terraform providers schema -json\` file`,
    );
  const file = info.isDirectory() ? join(path, '.jsii') : path;
  if (file.endsWith('.jsii')) return [await readJsiiProviderSchema(file)];
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${path} is not JSON (${(error as Error).message}): pass a .jsii assembly or a \`terraform providers schema -json\` file`,
    );
  }
  if (typeof document.provider_schemas === 'object') return readTerraformProvidersSchema(document, path);
  if (typeof document.types === 'object' && typeof document.jsiiVersion === 'string') {
    return [await readJsiiProviderSchema(file)];
  }
  throw new Error(`${path} is neither a jsii assembly nor a \`terraform providers schema -json\` dump`);
}

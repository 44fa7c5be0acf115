// The real AWS provider schema (`terraform providers schema -json` after an offline `terraform init` of
// plugins/aws/terraform from the local provider mirror), cached: the dump takes ~20 s, a cached read ~2 s.
// The cache key is the module's lock file and the Terraform version, so a provider upgrade re-dumps.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertTerraformAvailable,
  createTerraformWorkspace,
} from '@csoc/plugin-aws/testing/createTerraformWorkspace.ts';
import { findProviderMirror } from '@csoc/plugin-aws/testing/findProviderMirror.ts';
import type { ProviderSchema } from '../providerSchema.ts';
import { readTerraformProvidersSchema } from '../readTerraformProvidersSchema.ts';

export const REPO_ROOT = join(import.meta.dirname, '../../../../../..');
export const AWS_TERRAFORM_DIR = join(REPO_ROOT, 'plugins/aws/terraform');
const CACHE_DIR = join(REPO_ROOT, 'node_modules/.cache/csoc-provider-schemas');

/** The `providers schema -json` text for plugins/aws/terraform, from the cache or a fresh dump. */
export async function dumpAwsProvidersSchema(): Promise<string> {
  const terraformVersion = assertTerraformAvailable();
  const lock = await readFile(join(AWS_TERRAFORM_DIR, '.terraform.lock.hcl'), 'utf8');
  const key = createHash('sha256').update(`${terraformVersion}\n${lock}`).digest('hex').slice(0, 32);
  const cacheFile = join(CACHE_DIR, `terraform-aws-${key}.json`);
  try {
    const cached = await readFile(cacheFile, 'utf8');
    JSON.parse(cached);
    return cached;
  } catch {
    // Missing or corrupt: dump again.
  }
  const workspace = await createTerraformWorkspace({
    moduleDir: AWS_TERRAFORM_DIR,
    mirror: findProviderMirror(),
  });
  try {
    const init = await workspace.run(['init', '-backend=false', '-input=false', '-no-color']);
    if (init.code !== 0) throw new Error(`terraform init failed: ${init.stderr || init.stdout}`);
    const dump = await workspace.run(['providers', 'schema', '-json']);
    if (dump.code !== 0) throw new Error(`terraform providers schema -json failed: ${dump.stderr}`);
    await mkdir(CACHE_DIR, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, dump.stdout);
    await rename(temporary, cacheFile);
    return dump.stdout;
  } finally {
    await workspace.remove();
  }
}

/**
 * The AWS (and built-in terraform) provider schemas the AWS plugin is checked with. The derived
 * schemas are cached beside the dump (keyed by the dump's hash): the 14 MB dump is parsed once.
 */
export async function readAwsProviderSchemas(): Promise<ProviderSchema[]> {
  const dump = await dumpAwsProvidersSchema();
  const key = createHash('sha256').update(dump).digest('hex').slice(0, 32);
  const derivedFile = join(CACHE_DIR, `terraform-aws-derived-${key}.json`);
  try {
    const cached = JSON.parse(await readFile(derivedFile, 'utf8')) as ProviderSchema[];
    if (
      Array.isArray(cached) &&
      cached.every((s) => typeof s.source === 'string' && typeof s.resources === 'object')
    ) {
      return cached;
    }
  } catch {
    // Missing or corrupt: derived again.
  }
  const schemas = readTerraformProvidersSchema(
    dump,
    'hashicorp/aws 5.100.0 (terraform providers schema -json)',
  );
  await mkdir(CACHE_DIR, { recursive: true });
  const temporary = `${derivedFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(schemas));
  await rename(temporary, derivedFile);
  return schemas;
}

// The digitalocean plugin's Terraform against the provider's published schema (digitalocean 2.71.0, from the
// cdktf assembly installed as test data): every resource and data source type, argument and nested block
// exists, and every required one is set. This replaces `terraform validate`, which needs the provider.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTerraformSchema, readJsiiProviderSchema } from '@csoc/plugin-sdk/terraform-schema';
import { describe, expect, it } from 'vitest';

const repoDir = fileURLToPath(new URL('../../../', import.meta.url));
const terraformDir = fileURLToPath(new URL('../terraform', import.meta.url));
const jsiiPath = join(repoDir, 'node_modules', '@cdktf', 'provider-digitalocean', '.jsii');

describe('digitalocean plugin Terraform against the published provider schema', () => {
  it('has no unknown type, argument or block, and no missing required one', async () => {
    const schema = await readJsiiProviderSchema(jsiiPath);
    const problems = await checkTerraformSchema({ terraformDir, schemas: [schema], strict: true });
    expect(problems).toEqual([]);
  }, 300_000);

  it('sees this module: a misspelled argument and a dropped required one in a copy are named at file:line', async () => {
    const schema = await readJsiiProviderSchema(jsiiPath);
    const copy = await mkdtemp(join(tmpdir(), 'csoc-do-schema-'));
    try {
      await cp(terraformDir, copy, { recursive: true });
      const postgres = join(copy, 'postgres.tf');
      const text = await readFile(postgres, 'utf8');
      await writeFile(
        postgres,
        text.replace(
          '  node_count           = local.tier.database_nodes\n',
          '  node_cuont           = local.tier.database_nodes\n',
        ),
      );
      const line = text.split('\n').findIndex((row) => row.startsWith('  node_count ')) + 1;
      const problems = await checkTerraformSchema({ terraformDir: copy, schemas: [schema], strict: true });
      expect(problems.map((problem) => `${problem.file}:${problem.line}`)).toContain(`postgres.tf:${line}`);
      expect(problems.some((problem) => problem.suggestion === 'node_count')).toBe(true);
      expect(
        problems.some((problem) => /node_count/.test(problem.message) && /required/i.test(problem.message)),
      ).toBe(true);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 300_000);
});

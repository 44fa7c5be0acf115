// The gcp plugin's Terraform against the provider's published schema (google 6.50.0, from the cdktf
// assembly installed as test data): every resource and data source type, argument and nested block exists,
// and every required one is set. This replaces `terraform validate`, which needs the provider (not
// installable here).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTerraformSchema, readJsiiProviderSchema } from '@csoc/plugin-sdk/terraform-schema';
import { describe, expect, it } from 'vitest';

const repoDir = fileURLToPath(new URL('../../../', import.meta.url));
const terraformDir = fileURLToPath(new URL('../terraform', import.meta.url));
const jsiiPath = join(repoDir, 'node_modules', '@cdktf', 'provider-google', '.jsii');

describe('gcp plugin Terraform against the published google provider schema', () => {
  it('has no unknown type, argument or block, and no missing required one', async () => {
    const schema = await readJsiiProviderSchema(jsiiPath);
    const problems = await checkTerraformSchema({ terraformDir, schemas: [schema], strict: true });
    expect(problems).toEqual([]);
  }, 300_000);

  it('sees this module: a misspelled nested argument and a dropped required one in a copy are named at file:line', async () => {
    const schema = await readJsiiProviderSchema(jsiiPath);
    const copy = await mkdtemp(join(tmpdir(), 'csoc-gcp-schema-'));
    try {
      await cp(terraformDir, copy, { recursive: true });
      const gke = await readFile(join(copy, 'gke.tf'), 'utf8');
      const gkeLine = gke.split('\n').findIndex((row) => row.trim().startsWith('enable_private_nodes')) + 1;
      await writeFile(
        join(copy, 'gke.tf'),
        gke.replace('enable_private_nodes    = true', 'enable_privte_nodes     = true'),
      );
      const sql = await readFile(join(copy, 'cloudsql.tf'), 'utf8');
      await writeFile(join(copy, 'cloudsql.tf'), sql.replace(/^\s*tier\s+= local\.postgres_tier\n/m, ''));
      const problems = await checkTerraformSchema({ terraformDir: copy, schemas: [schema], strict: true });
      expect(problems.map((problem) => `${problem.file}:${problem.line}`)).toContain(`gke.tf:${gkeLine}`);
      expect(problems.some((problem) => problem.suggestion === 'enable_private_nodes')).toBe(true);
      expect(
        problems.some(
          (problem) =>
            problem.file === 'cloudsql.tf' &&
            /\btier\b/.test(problem.message) &&
            /required/i.test(problem.message),
        ),
      ).toBe(true);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 300_000);
});

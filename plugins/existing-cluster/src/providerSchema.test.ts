// The existing-cluster module against the provider schemas with the SDK's checker: its only resource type is
// Terraform's built-in terraform_data, so strict mode (every resource checked, no provider left unchecked)
// must find nothing; and a misspelt argument is caught, so the check is not empty.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeTerraformSchema, checkTerraformSchema } from '@csoc/plugin-sdk/terraform-schema';
import { describe, expect, it } from 'vitest';

const terraformDir = fileURLToPath(new URL('../terraform', import.meta.url));

describe('existing-cluster terraform against the provider schemas', () => {
  it('passes the schema checker in strict mode with no provider schema at all', async () => {
    expect(await checkTerraformSchema({ terraformDir, schemas: [], strict: true })).toEqual([]);
    const analysis = await analyzeTerraformSchema({ terraformDir, schemas: [] });
    expect(analysis.unchecked).toEqual([]);
  });

  it('would name a misspelt terraform_data argument', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'csoc-existing-cluster-schema-'));
    try {
      cpSync(terraformDir, copy, { recursive: true });
      const main = join(copy, 'main.tf');
      writeFileSync(
        main,
        readFileSync(main, 'utf8').replace(
          'resource "terraform_data" "search" {\n  input',
          'resource "terraform_data" "search" {\n  inputs',
        ),
      );
      const problems = await checkTerraformSchema({ terraformDir: copy, schemas: [] });
      expect(problems.map((problem) => problem.message).join('\n')).toMatch(/main\.tf:\d+: .*inputs/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

// The azure plugin's Terraform against azurerm 4.55.0's published schema (the cdktf assembly installed as test
// data), through the SDK's provider-schema checker: every resource and data source type, argument and nested
// block exists and every required argument is set. This stands in for `terraform validate`, which needs the
// provider binary this machine cannot install. strict: a resource of any other provider is a problem too.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTerraformSchema, readJsiiProviderSchema } from '@csoc/plugin-sdk/terraform-schema';
import { AZURE_TERRAFORM_DIR } from './testing/readTerraformModule.ts';

const require = createRequire(import.meta.url);
const azurermAssembly = join(dirname(require.resolve('@cdktf/provider-azurerm/package.json')), '.jsii');

describe('azure plugin Terraform against the azurerm 4.55.0 schema', () => {
  it('has no unknown type, argument or block, and no required argument missing', async () => {
    const schema = await readJsiiProviderSchema(azurermAssembly);
    const problems = await checkTerraformSchema({
      terraformDir: AZURE_TERRAFORM_DIR,
      schemas: [schema],
      strict: true,
    });
    expect(problems).toEqual([]);
  }, 300_000);
});

// The checker with the real AWS provider schema (terraform providers schema -json, from an offline init
// against the local hashicorp/aws 5.100.0 mirror): the AWS plugin's own Terraform passes, and mistakes —
// including setting a read-only attribute, which the jsii schemas cannot see — are named at file:line.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { checkTerraformSchema } from './checkTerraformSchema.ts';
import type { ProviderSchema } from './providerSchema.ts';
import { AWS_TERRAFORM_DIR, readAwsProviderSchemas } from './testing/readAwsProviderSchema.ts';

const testdata = join(import.meta.dirname, 'testdata/aws');

describe('the real hashicorp/aws schema', { timeout: 300_000 }, () => {
  let schemas: ProviderSchema[];
  beforeAll(async () => {
    schemas = await readAwsProviderSchemas();
  }, 300_000);

  it('comes from terraform with the AWS provider and the built-in terraform provider', () => {
    expect(schemas.map((s) => s.source).sort()).toEqual(['hashicorp/aws', 'terraform.io/builtin/terraform']);
    expect(schemas.find((s) => s.name === 'aws')!.resources.aws_eks_cluster!.attributes.role_arn).toBe(
      'required',
    );
  });

  it('passes the AWS plugin (plugins/aws/terraform)', async () => {
    expect(await checkTerraformSchema({ terraformDir: AWS_TERRAFORM_DIR, schemas, strict: true })).toEqual(
      [],
    );
  });

  it('passes a module that uses it correctly', async () => {
    expect(await checkTerraformSchema({ terraformDir: join(testdata, 'good'), schemas })).toEqual([]);
  });

  it('names a misspelling, a read-only attribute, a nested misspelling and the missing required arguments', async () => {
    const problems = await checkTerraformSchema({ terraformDir: join(testdata, 'bad'), schemas });
    expect(problems.map((p) => p.message)).toEqual([
      'main.tf:1: aws_eks_cluster.main: the required argument "role_arn" is missing; set it',
      'main.tf:3: aws_eks_cluster.main: unsupported argument or block "enabled_cluster_log_type"; did you mean "enabled_cluster_log_types"?',
      'main.tf:4: aws_eks_cluster.main: "arn" is read-only (the provider computes it); remove it',
      'main.tf:6: aws_eks_cluster.main.vpc_config: the required argument "subnet_ids" is missing; set it',
      'main.tf:7: aws_eks_cluster.main.vpc_config: unsupported argument or block "subnet_id"; did you mean "subnet_ids"?',
    ]);
    expect(problems[1]!.suggestion).toBe('enabled_cluster_log_types');
  });
});

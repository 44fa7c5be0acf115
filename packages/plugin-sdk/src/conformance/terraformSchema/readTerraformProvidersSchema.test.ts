// Terraform's own schema format: required/optional/computed attributes, nesting modes and item limits.
import { describe, expect, it } from 'vitest';
import { readTerraformProvidersSchema } from './readTerraformProvidersSchema.ts';

describe('readTerraformProvidersSchema', () => {
  it('maps each provider, its attributes and its nested blocks', () => {
    const schemas = readTerraformProvidersSchema(
      JSON.stringify({
        format_version: '1.0',
        provider_schemas: {
          'registry.terraform.io/hashicorp/aws': {
            provider: { block: { attributes: { region: { type: 'string', optional: true } } } },
            resource_schemas: {
              aws_thing: {
                version: 0,
                block: {
                  attributes: {
                    name: { type: 'string', required: true },
                    tags: { type: ['map', 'string'], optional: true },
                    arn: { type: 'string', computed: true },
                    id: { type: 'string', optional: true, computed: true },
                  },
                  block_types: {
                    vpc: {
                      nesting_mode: 'list',
                      min_items: 1,
                      max_items: 1,
                      block: { attributes: { subnet_ids: { required: true } } },
                    },
                    rule: { nesting_mode: 'set', block: {} },
                    settings: { nesting_mode: 'single', block: {} },
                  },
                },
              },
            },
            data_source_schemas: {
              aws_region: { block: { attributes: { name: { optional: true, computed: true } } } },
            },
          },
          'terraform.io/builtin/terraform': { resource_schemas: { terraform_data: { block: {} } } },
        },
      }),
    );
    expect(schemas.map((s) => [s.source, s.name])).toEqual([
      ['hashicorp/aws', 'aws'],
      ['terraform.io/builtin/terraform', 'terraform'],
    ]);
    expect(schemas[0]!.provider).toEqual({ attributes: { region: 'optional' }, blocks: {} });
    expect(schemas[0]!.resources.aws_thing).toEqual({
      attributes: { name: 'required', tags: 'optional', arn: 'computed', id: 'optional' },
      blocks: {
        vpc: { minItems: 1, maxItems: 1, block: { attributes: { subnet_ids: 'required' }, blocks: {} } },
        rule: { minItems: 0, block: { attributes: {}, blocks: {} } },
        settings: { minItems: 0, maxItems: 1, block: { attributes: {}, blocks: {} } },
      },
    });
    expect(schemas[0]!.dataSources.aws_region!.attributes).toEqual({ name: 'optional' });
  });

  it('says what it expected when given something else', () => {
    expect(() => readTerraformProvidersSchema('{"types": {}}', 'schema.json')).toThrow(
      'schema.json: not the output of `terraform providers schema -json` (no provider_schemas); run it in an initialised module',
    );
  });
});

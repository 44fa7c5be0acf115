// The provider-schema checker of the conformance kit: checks a plugin's Terraform against published
// provider schemas without installing the providers. Imported as `@csoc/plugin-sdk/terraform-schema`
// (never from the SDK index: plugin bundles must not pull the HCL parser in).
export type { AttributeMode, BlockSchema, NestedBlockSchema, ProviderSchema } from './providerSchema.ts';
export { BUILTIN_TERRAFORM_SCHEMA } from './providerSchema.ts';
export { readJsiiProviderSchema, type ReadJsiiProviderSchemaOptions } from './readJsiiProviderSchema.ts';
export { readTerraformProvidersSchema } from './readTerraformProvidersSchema.ts';
export {
  analyzeTerraformSchema,
  checkTerraformSchema,
  type CheckTerraformSchemaOptions,
  type SchemaProblem,
  type TerraformSchemaAnalysis,
  type UncheckedProvider,
} from './checkTerraformSchema.ts';
export { nearestName } from './nearestName.ts';
export { readProviderSchemaFile } from './readProviderSchemaFile.ts';
export { providerSchemaCheck, type ProviderSchemaCheckOptions } from './providerSchemaCheck.ts';

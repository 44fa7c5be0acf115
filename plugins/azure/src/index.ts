// The azure plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's input, its
// placeholders, and how its inputs become Terraform variables.
export { toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export {
  placeholderGuid,
  placeholderOutputs,
  SERVICE_ACCOUNTS,
  type PlaceholderOutputsOptions,
} from './placeholderOutputs.ts';
export { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';
export { applyAzureCredentials } from './applyAzureCredentials.ts';

// The aws plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's input.
export { toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export {
  PLACEHOLDER_ACCOUNT_ID,
  placeholderOutputs,
  type PlaceholderOutputsOptions,
} from './placeholderOutputs.ts';
export { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';

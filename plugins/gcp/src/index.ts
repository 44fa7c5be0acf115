// The gcp plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's input.
export { toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export {
  COMMONS_SECRET_NAMES,
  DEFAULT_DATABASE_SERVICES,
  WORKLOAD_IDENTITIES,
  placeholderOutputs,
  type PlaceholderOutputsOptions,
} from './placeholderOutputs.ts';
export { commonsNamespace, toSnakeCase, toTerraformVariables } from './toTerraformVariables.ts';

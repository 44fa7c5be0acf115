// The digitalocean plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's input.
export { toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export {
  DEFAULT_DATABASE_SERVICES,
  placeholderOutputs,
  type PlaceholderOutputsOptions,
} from './placeholderOutputs.ts';
export { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';
export { generatedSecrets, type GeneratedSecretsOptions } from './cluster-secrets/generatedSecrets.ts';

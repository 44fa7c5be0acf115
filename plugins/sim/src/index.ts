// The sim plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's input.
export { SIM_ACCOUNT_ID, toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export { toTerraformVariables } from './toTerraformVariables.ts';
export { simulatedInventoryOutputs, type SimulatedInventoryOutputs } from './simulatedInventory.ts';

// The CSOC IaC plugin contract, v1: manifest schema and validator, request and event schemas, the event
// stream parser the host uses, helpers for plugin authors (event writer, request reader, Terraform driver),
// and the conformance kit.
export * from './contractVersion.ts';
// Hosts check any version and range a manifest may give: the library comes with the index.
import './semverLibrary.ts';
export * from './compileCached.ts';
export * from './schemaProblems.ts';
export * from './createAjv.ts';
export * from './precompiledValidators.ts';
export * from './manifestSchema.ts';
export * from './supportTier.ts';
export * from './validateManifest.ts';
export * from './requestSchema.ts';
export * from './readRequest.ts';
export * from './eventSchema.ts';
export * from './parseEventLine.ts';
export * from './createEventWriter.ts';
export * from './pluginErrors.ts';
export * from './runPlugin.ts';
export * from './stateSocketBridge.ts';
export * from './terraform/findTerraformBinary.ts';
export * from './terraform/translateTerraformUi.ts';
export * from './terraform/summarizePlan.ts';
export * from './terraform/createTerraformDriver.ts';
export * from './terraform/runTerraformVerb.ts';
export * from './terraform/providerCache.ts';
export * from './conformance/runConformance.ts';

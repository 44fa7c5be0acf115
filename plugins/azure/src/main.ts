// Entry point of the CSOC Azure plugin: `node --import tsx src/main.ts <verb>` in this folder (or the bundle
// dist/main.mjs); every verb is Terraform's, through the SDK's runTerraformPlugin.
import { runAzure } from './runAzure.ts';

process.exitCode = await runAzure();

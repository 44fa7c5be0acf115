// The Azure plugin as a function: main.ts runs it for the host. Real Terraform against hashicorp/azurerm only,
// with the cloud account's service principal in the provider's ARM_* environment variables.
import { fileURLToPath } from 'node:url';
import { runTerraformPlugin, type TerraformPluginOptions } from '@csoc/plugin-sdk';
import { applyAzureCredentials } from './applyAzureCredentials.ts';
import { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';

/** The plugin folder: `$CSOC_AZURE_PLUGIN_DIR` (container image) or the folder above src/. */
export const AZURE_PLUGIN_DIR =
  process.env.CSOC_AZURE_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

export function runAzure(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  return runTerraformPlugin({
    pluginDir: AZURE_PLUGIN_DIR,
    variables: (inputs, request) => toTerraformVariables(inputs, request),
    before: async ({ events, request, env }) => {
      await applyAzureCredentials(request.credentials, env);
      const namespace = commonsNamespace(request);
      if (typeof request.inputs.namespace === 'string' && request.inputs.namespace !== namespace) {
        events.warn(
          `input namespace "${request.inputs.namespace}" is not used: CSOC deploys Gen3 to namespace "${namespace}" ` +
            '(the commons name), so the federated credentials trust that one',
        );
      }
    },
    ...options,
  });
}

// The Google Cloud plugin as a function: main.ts runs it for the host. Real Terraform against
// hashicorp/google only; the service account key reaches the provider through GOOGLE_CREDENTIALS.
import { fileURLToPath } from 'node:url';
import { runTerraformPlugin, type TerraformPluginOptions } from '@csoc/plugin-sdk';
import { applyGcpCredentials } from './applyGcpCredentials.ts';
import { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';

/** The plugin folder: `$CSOC_GCP_PLUGIN_DIR` (container image) or the folder above src/. */
export const GCP_PLUGIN_DIR =
  process.env.CSOC_GCP_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

export function runGcp(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  return runTerraformPlugin({
    pluginDir: GCP_PLUGIN_DIR,
    variables: (inputs, request) => toTerraformVariables(inputs, request),
    before: async ({ events, request, env }) => {
      await applyGcpCredentials(request.credentials, env);
      const namespace = commonsNamespace(request);
      if (typeof request.inputs.namespace === 'string' && request.inputs.namespace !== namespace) {
        events.warn(
          `input namespace "${request.inputs.namespace}" is not used: CSOC deploys Gen3 to namespace "${namespace}" ` +
            '(the commons name), so the Workload Identity bindings and secret names are made for that one',
        );
      }
    },
    ...options,
  });
}

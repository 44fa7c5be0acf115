// The DigitalOcean plugin as a function: main.ts runs it for the host. Real Terraform against
// digitalocean/digitalocean 2.71.0 only; the credentials reach the provider through the environment.
import { fileURLToPath } from 'node:url';
import { runTerraformPlugin, type TerraformPluginOptions } from '@csoc/plugin-sdk';
import { applyDigitalOceanCredentials } from './applyDigitalOceanCredentials.ts';
import { runStoreIngestCredentialFromRequest } from './telemetry/runStoreIngestCredentialFromRequest.ts';
import { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';

/** The plugin folder: `$CSOC_DO_PLUGIN_DIR` (container image) or the folder above src/. */
export const DIGITALOCEAN_PLUGIN_DIR =
  process.env.CSOC_DO_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

export function runDigitalOcean(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  return runTerraformPlugin({
    pluginDir: DIGITALOCEAN_PLUGIN_DIR,
    variables: (inputs, request) => toTerraformVariables(inputs, request),
    before: async ({ events, request, env, verb }) => {
      await applyDigitalOceanCredentials(request.credentials, env, verb);
      const namespace = commonsNamespace(request);
      if (typeof request.inputs.namespace === 'string' && request.inputs.namespace !== namespace) {
        events.warn(
          `input namespace "${request.inputs.namespace}" is not used: CSOC deploys Gen3 to namespace "${namespace}" ` +
            '(the commons name), so databases, buckets and secrets are named for that one',
        );
      }
    },
    // Not Terraform: one Secret in the cluster through the Kubernetes API (ADR 0057).
    otherVerbs: { 'store-ingest-credential': runStoreIngestCredentialFromRequest },
    ...options,
  });
}

// The AWS plugin as a function: main.ts runs it for the host. Real Terraform against hashicorp/aws only;
// `CSOC_AWS_PLAN_OFFLINE=true` in the plugin's environment plans without any AWS API call (previews,
// tests, air-gapped installs) — an apply in that mode is refused by the provider's skipped checks.
import { fileURLToPath } from 'node:url';
import { runTerraformPlugin, type TerraformPluginOptions } from '@csoc/plugin-sdk';
import { applyAwsCredentials } from './applyAwsCredentials.ts';
import { commonsNamespace, toTerraformVariables } from './toTerraformVariables.ts';
import { runStoreIngestCredentialFromRequest } from './telemetry/runStoreIngestCredentialFromRequest.ts';

/** The plugin folder: `$CSOC_AWS_PLUGIN_DIR` (container image) or the folder above src/. */
export const AWS_PLUGIN_DIR =
  process.env.CSOC_AWS_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

export function runAws(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  const offline = /^(1|true|yes)$/i.test(process.env.CSOC_AWS_PLAN_OFFLINE ?? '');
  return runTerraformPlugin({
    pluginDir: AWS_PLUGIN_DIR,
    variables: (inputs, request) => ({
      ...toTerraformVariables(inputs, request),
      ...(offline ? { plan_offline: true } : {}),
    }),
    before: async ({ events, request, env, verb }) => {
      await applyAwsCredentials(request.credentials, env);
      const namespace = commonsNamespace(request);
      if (typeof request.inputs.namespace === 'string' && request.inputs.namespace !== namespace) {
        events.warn(
          `input namespace "${request.inputs.namespace}" is not used: CSOC deploys Gen3 to namespace "${namespace}" ` +
            '(the commons name), so the roles and secret names are made for that one',
        );
      }
      if (offline) events.warn(`offline mode: ${verb} makes no AWS API call; outputs are placeholders`);
    },
    // Not Terraform: one Secrets Manager call (docs/adr/0040).
    otherVerbs: { 'store-ingest-credential': runStoreIngestCredentialFromRequest },
    ...options,
  });
}

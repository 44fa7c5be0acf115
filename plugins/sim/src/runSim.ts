// The simulated cloud plugin as a function: main.ts runs it for the host; tests run it in-process with their
// own argv, request and stdout (still real Terraform).
import { fileURLToPath } from 'node:url';
import { runTerraformPlugin, type TerraformPluginOptions } from '@csoc/plugin-sdk';
import { traceparentOfEnvironment, withSimVerbSpan } from './simVerbSpan.ts';
import { storeSimIngestCredential } from './storeSimIngestCredential.ts';
import { toTerraformVariables } from './toTerraformVariables.ts';

/** The plugin folder: `$CSOC_SIM_PLUGIN_DIR` (container image) or the folder above src/. */
export const SIM_PLUGIN_DIR =
  process.env.CSOC_SIM_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

/** Prefix of every log line the simulator writes, so nobody mistakes it for a real cloud. */
export const SIMULATED_PREFIX = '[simulated] ';

/**
 * Runs the verb in `argv[2]` and returns the exit code. The verb continues CSOC's trace: it names the trace
 * id in its output, and exports its span when an OTLP endpoint is configured (simVerbSpan.ts).
 */
export function runSim(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  const env = options.env ?? process.env;
  const verb = (options.argv ?? process.argv)[2] ?? '';
  return withSimVerbSpan(verb, env, () =>
    runTerraformPlugin({
      pluginDir: SIM_PLUGIN_DIR,
      variables: toTerraformVariables,
      before: ({ events, verb }) => {
        events.info(
          `${SIMULATED_PREFIX}CSOC simulated cloud: ${verb}; no real cloud resource is created, changed or read`,
        );
        const traceId = traceIdOfEnvironment(env);
        if (traceId) events.info(`${SIMULATED_PREFIX}continuing CSOC trace ${traceId} (TRACEPARENT)`);
      },
      otherVerbs: {
        'store-ingest-credential': (context) => storeSimIngestCredential(context, SIMULATED_PREFIX),
      },
      ...options,
      driver: { logPrefix: SIMULATED_PREFIX, ...options.driver },
    }),
  );
}

/** The trace id of TRACEPARENT, or undefined. */
export function traceIdOfEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  return traceparentOfEnvironment(env)?.traceId;
}

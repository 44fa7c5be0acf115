// One call per verb for Terraform-based plugins: prepare, init, run the verb, and return the exit code
// the contract expects (drift: 2 when drift was found).
import type { PluginContext, RequestVerb } from '../runPlugin.ts';
import { runPlugin, type RunPluginOptions, type VerbHandler } from '../runPlugin.ts';
import { EXIT_DRIFT, EXIT_OK } from '../eventSchema.ts';
import type { PluginRequest } from '../requestSchema.ts';
import { createTerraformDriver, type TerraformDriverOptions } from './createTerraformDriver.ts';
import { join } from 'node:path';

/** The verbs Terraform answers (the others, such as store-ingest-credential, are the plugin's own). */
export type TerraformVerb = Exclude<RequestVerb, 'store-ingest-credential'>;

/**
 * Runs one verb with the Terraform driver and returns its exit code. Writes progress for the phases of
 * plan, drift and outputs, and per-resource progress for apply and destroy.
 */
export async function runTerraformVerb(
  verb: TerraformVerb,
  options: TerraformDriverOptions,
): Promise<number> {
  const { events, request } = options;
  const driver = createTerraformDriver(options);
  const phased = verb === 'plan' || verb === 'drift' || verb === 'outputs';
  const phase = (step: number, message: string): void => {
    if (phased) events.progress(step, 3, message);
    else events.info(`${options.logPrefix ?? ''}${message}`);
  };
  phase(0, 'preparing the working directory');
  await driver.prepare();
  events.log(
    'debug',
    `engine: ${driver.binary}; state: ${request.state ? 'CSOC http backend' : 'local (test mode)'}`,
  );
  phase(1, `${verb === 'outputs' ? 'reading' : 'initializing'} the working directory (init)`);
  await driver.init();
  switch (verb) {
    case 'plan':
      phase(2, request.options.destroy ? 'planning the destroy' : 'planning');
      await driver.plan({ destroy: request.options.destroy ?? false });
      phase(3, 'plan ready');
      return EXIT_OK;
    case 'apply':
      await driver.apply(request.planFile ? { planFile: request.planFile } : {});
      return EXIT_OK;
    case 'destroy':
      await driver.destroy(request.planFile ? { planFile: request.planFile } : {});
      return EXIT_OK;
    case 'drift': {
      phase(2, 'refreshing to detect drift');
      const result = await driver.drift();
      phase(3, result.hasChanges ? 'drift found' : 'no drift');
      return result.hasChanges ? EXIT_DRIFT : EXIT_OK;
    }
    case 'outputs':
      phase(2, 'reading outputs');
      await driver.outputs();
      phase(3, 'outputs read');
      return EXIT_OK;
  }
}

export interface TerraformPluginOptions extends Omit<RunPluginOptions, 'handlers'> {
  /** The Terraform root module; defaults to `<pluginDir>/terraform`. */
  terraformDir?: string;
  /** Maps the validated inputs (defaults filled) to Terraform variables; defaults to the inputs unchanged. */
  variables?: (inputs: Record<string, unknown>, request: PluginRequest) => Record<string, unknown>;
  /** Runs before the verb (a banner, extra checks). */
  before?: (context: PluginContext) => Promise<void> | void;
  /** Handlers of the verbs that are not Terraform's (store-ingest-credential); `before` runs first too. */
  otherVerbs?: Partial<Record<Exclude<RequestVerb, TerraformVerb>, VerbHandler>>;
  /** Extra driver options (binary, mirror, log prefix, ...). */
  driver?: Partial<
    Omit<TerraformDriverOptions, 'request' | 'events' | 'terraformDir' | 'variables' | 'signal'>
  >;
}

/**
 * The whole main file of a Terraform-based plugin: every verb runs through the driver.
 *
 * @example
 * process.exitCode = await runTerraformPlugin({ pluginDir: fileURLToPath(new URL('..', import.meta.url)) });
 */
export async function runTerraformPlugin(options: TerraformPluginOptions): Promise<number> {
  const terraformDir = options.terraformDir ?? join(options.pluginDir, 'terraform');
  const handler = async (context: PluginContext): Promise<number> => {
    await options.before?.(context);
    const other = options.otherVerbs?.[context.verb as Exclude<RequestVerb, TerraformVerb>];
    if (other) return (await other(context)) ?? EXIT_OK;
    return runTerraformVerb(context.verb as TerraformVerb, {
      allowProviderDownload: context.manifest.network !== 'none',
      env: context.env,
      ...options.driver,
      request: context.request,
      events: context.events,
      terraformDir,
      variables: options.variables ? options.variables(context.inputs, context.request) : context.inputs,
      signal: context.signal,
    });
  };
  const { terraformDir: _t, variables: _v, before: _b, driver: _d, otherVerbs, ...runOptions } = options;
  const others = Object.fromEntries(Object.keys(otherVerbs ?? {}).map((verb) => [verb, handler]));
  return runPlugin({
    ...runOptions,
    handlers: {
      plan: handler,
      apply: handler,
      destroy: handler,
      drift: handler,
      outputs: handler,
      ...others,
    },
  });
}

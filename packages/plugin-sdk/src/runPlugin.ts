// The entry point a plugin's main file calls: reads the verb and the request, answers `describe` from the
// manifest, runs the verb's handler, and guarantees the contract's ending (exit code, an error event on failure).
import type { Writable } from 'node:stream';
import { compileCached, prepareValidators } from './compileCached.ts';
import { createEventWriter, type EventWriter } from './createEventWriter.ts';
import { EXIT_DRIFT, EXIT_ERROR, EXIT_OK } from './eventSchema.ts';
import type { PluginManifest } from './manifestSchema.ts';
import { PluginTimeoutError, ReportedError } from './pluginErrors.ts';
import { collectRequestSecrets, isVerb, readRequest } from './readRequest.ts';
import { VERBS, type PluginRequest, type Verb } from './requestSchema.ts';
import { openStateSocketBridge, type StateSocketBridge } from './stateSocketBridge.ts';
import { formatSchemaErrors } from './schemaProblems.ts';
import { ManifestError, readManifest } from './validateManifest.ts';

/** A verb that runs against a request (every verb but `describe`). */
export type RequestVerb = Exclude<Verb, 'describe'>;

export interface PluginContext {
  verb: RequestVerb;
  request: PluginRequest;
  /** `request.inputs` validated against the manifest's `inputs` schema, with the schema's defaults filled in. */
  inputs: Record<string, unknown>;
  manifest: PluginManifest;
  pluginDir: string;
  events: EventWriter;
  /** Aborted on SIGTERM/SIGINT from the host or when `options.timeoutSeconds` runs out. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

/** Runs one verb; returns the exit code (0 when nothing is returned; `drift` returns 2 for drift found). */
export type VerbHandler = (context: PluginContext) => Promise<number | void>;

export interface RunPluginOptions {
  /** The plugin folder (holds manifest.json). */
  pluginDir: string;
  handlers: Partial<Record<RequestVerb, VerbHandler>>;
  /** Defaults to `<pluginDir>/manifest.json`, validated. */
  manifest?: PluginManifest;
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  /** Whether to listen for SIGTERM/SIGINT (default true; tests that call runPlugin in-process pass false). */
  handleSignals?: boolean;
}

const CAPABILITY_OF_VERB: Record<RequestVerb, PluginManifest['capabilities'][number]> = {
  plan: 'plan',
  apply: 'apply',
  destroy: 'destroy',
  drift: 'drift',
  outputs: 'outputs',
  'store-ingest-credential': 'store-ingest-credential',
};

/**
 * Runs the verb named in `argv[2]` and returns its exit code. Use in a plugin's main file:
 *
 * @example
 * process.exitCode = await runPlugin({ pluginDir, handlers: { plan: async ({ request, events }) => { ... } } });
 */
export async function runPlugin(options: RunPluginOptions): Promise<number> {
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const events = createEventWriter(options.stdout ?? process.stdout);
  const verb = argv[2];
  if (!isVerb(verb)) {
    events.error(
      `Unknown verb ${JSON.stringify(verb ?? '')}`,
      `Run the plugin with one of: ${VERBS.join(', ')}`,
    );
    return EXIT_ERROR;
  }

  let manifest: PluginManifest;
  try {
    // `describe` reports the whole manifest, checked in full; a verb needs its shape, and the inputs
    // schema is compiled below anyway (the host checked both schemas when it installed the plugin).
    manifest =
      options.manifest ?? (await readManifest(options.pluginDir, { checkSchemas: verb === 'describe' }));
  } catch (error) {
    const detail = error instanceof ManifestError ? error.message : undefined;
    events.error('The plugin manifest is invalid', detail ?? (error as Error).message);
    return EXIT_ERROR;
  }
  if (verb === 'describe') {
    events.emit({ type: 'manifest', manifest: manifest as unknown as Record<string, unknown> });
    return EXIT_OK;
  }
  const handler = options.handlers[verb];
  if (!manifest.capabilities.includes(CAPABILITY_OF_VERB[verb]) || !handler) {
    events.error(
      `This plugin does not support ${verb}`,
      `Its manifest declares the capabilities: ${manifest.capabilities.join(', ')}`,
    );
    return EXIT_ERROR;
  }

  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('Interrupted by the host (signal)'));
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  let timer: NodeJS.Timeout | undefined;
  let bridge: StateSocketBridge | undefined;
  try {
    let request = await readRequest({ env, argv });
    for (const secret of await collectRequestSecrets(request, env)) events.addSecret(secret);
    // Under the container runner the state backend is only reachable through a socket the host mounted.
    bridge = await openStateSocketBridge(request, env);
    if (bridge) request = bridge.request;
    const timeoutSeconds = request.options.timeoutSeconds;
    if (timeoutSeconds) {
      timer = setTimeout(
        () => controller.abort(new PluginTimeoutError(timeoutSeconds)),
        timeoutSeconds * 1000,
      );
      timer.unref();
    }
    await prepareValidators([{ schema: manifest.inputs, useDefaults: true }]);
    const validateInputs = compileCached(manifest.inputs, { useDefaults: true });
    const inputs = structuredClone(request.inputs);
    if (!validateInputs(inputs)) {
      const problems = formatSchemaErrors(validateInputs.errors, 'inputs');
      events.error(
        'The inputs do not match the plugin input schema',
        problems.map((p) => `${p.path}: ${p.message}`).join('\n'),
      );
      return EXIT_ERROR;
    }
    const code =
      (await handler({
        verb,
        request,
        inputs,
        manifest,
        pluginDir: options.pluginDir,
        events,
        signal: controller.signal,
        env,
      })) ?? EXIT_OK;
    const success = code === EXIT_OK || (verb === 'drift' && code === EXIT_DRIFT);
    if (!success && events.errorCount === 0) {
      events.error(`${verb} failed with exit code ${code}`);
    }
    return success ? code : code === EXIT_DRIFT ? EXIT_ERROR : code;
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : undefined;
    if (reason instanceof PluginTimeoutError) events.error(reason.message);
    else if (!(error instanceof ReportedError) || events.errorCount === 0) {
      events.error((error as Error).message || `${verb} failed`);
    }
    return EXIT_ERROR;
  } finally {
    if (timer) clearTimeout(timer);
    await bridge?.close();
    if (handleSignals) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  }
}

// Which services of a commons get a database and its credential: exactly the enabled charts that use one
// (the catalog's `database` flag, read from gen3-helm). IaC plugins that create the databases declare a
// `databaseServices` input; CSOC fills it from the commons' Gen3 settings when a run is created, so the
// credentials the rendered ExternalSecrets read (<environment>-<namespace>-<chart>-creds) are the ones the
// plugin creates — no second list to keep in step.
import type { CommonsSpec } from '@csoc/common';
import { listGen3Charts } from '../releases/releaseCatalog.ts';
import { cloudOfPlugin, defaultServices } from './toRenderInput.ts';

/** The charts among `services` that use a database, sorted. */
export function databaseServicesOf(services: string[]): string[] {
  const charts = listGen3Charts();
  return [...new Set(services.filter((service) => charts[service]?.database))].sort();
}

/**
 * The plugin inputs of a run: `spec.inputs`, with `databaseServices` derived from the enabled charts when
 * the plugin declares that input, the commons has Gen3 settings and the inputs do not name the services.
 */
export function withDerivedPluginInputs(
  spec: CommonsSpec,
  pluginInputsSchema: { properties?: Record<string, unknown> } | undefined,
): Record<string, unknown> {
  const inputs = structuredClone(spec.inputs ?? {}) as Record<string, unknown>;
  const cloud = cloudOfPlugin(spec.plugin.name);
  if (!spec.gen3 || !cloud || inputs.databaseServices !== undefined) return inputs;
  const declared = pluginInputsSchema?.properties?.databaseServices as
    { items?: { enum?: string[] } } | undefined;
  if (!declared) return inputs;
  const wanted = databaseServicesOf(spec.gen3.services ?? defaultServices(spec.gen3.release, cloud));
  // A database chart the plugin cannot create a database for is left out rather than failing every run:
  // its credential is then missing, which the deploy reports (the simulated cluster refuses it too).
  const offered = declared.items?.enum;
  inputs.databaseServices = offered ? wanted.filter((service) => offered.includes(service)) : wanted;
  return inputs;
}

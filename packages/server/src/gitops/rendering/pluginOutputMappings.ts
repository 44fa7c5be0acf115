// How the server turns a plugin's outputs into the renderer's input: each plugin maps its own outputs, in a
// module beside the plugin exported through its package (ADR 0024). The server looks the mapping up by plugin
// name and calls it for every cloud — the simulator included, through the same path and the same checks.
import { toGen3RenderOutputs as awsRenderOutputs } from '@csoc/plugin-aws';
import { toGen3RenderOutputs as azureRenderOutputs } from '@csoc/plugin-azure';
import { toGen3RenderOutputs as digitaloceanRenderOutputs } from '@csoc/plugin-digitalocean';
import { toGen3RenderOutputs as existingClusterRenderOutputs } from '@csoc/plugin-existing-cluster';
import { toGen3RenderOutputs as gcpRenderOutputs } from '@csoc/plugin-gcp';
import { toGen3RenderOutputs as simRenderOutputs } from '@csoc/plugin-sim';
import type { Cloud } from './commonsGitOpsInput.ts';

/** What CSOC passes a mapping besides the outputs. */
export interface RenderOutputsContext {
  /** The Kubernetes namespace of the commons: the value CSOC also gives the plugin (its `namespace` input). */
  namespace: string;
}

export interface PluginOutputMapping {
  /** The renderer's cloud the mapped outputs are for. */
  cloud: Cloud;
  /** Plugin outputs (name -> value, as the outputs event carries them) -> the renderer's `outputs`. */
  toRenderOutputs: (
    outputs: Record<string, unknown>,
    context: RenderOutputsContext,
  ) => Record<string, unknown>;
}

/** Plugins whose outputs CSOC can render, by plugin name (a repository or installed build of the same plugin too). */
export const PLUGIN_OUTPUT_MAPPINGS: Record<string, PluginOutputMapping> = {
  aws: { cloud: 'aws', toRenderOutputs: awsRenderOutputs },
  azure: { cloud: 'azure', toRenderOutputs: azureRenderOutputs },
  digitalocean: { cloud: 'digitalocean', toRenderOutputs: digitaloceanRenderOutputs },
  'existing-cluster': { cloud: 'kubernetes', toRenderOutputs: existingClusterRenderOutputs },
  gcp: { cloud: 'gcp', toRenderOutputs: gcpRenderOutputs },
  sim: { cloud: 'sim', toRenderOutputs: simRenderOutputs },
};

/** The mapping of a plugin, or undefined when it has none (its commons can be provisioned, not deployed). */
export function findPluginOutputMapping(pluginName: string): PluginOutputMapping | undefined {
  return Object.hasOwn(PLUGIN_OUTPUT_MAPPINGS, pluginName) ? PLUGIN_OUTPUT_MAPPINGS[pluginName] : undefined;
}

// Picks the plugin runner the configuration asks for.
import type { CsocConfig } from '../config/configSchema.ts';
import { createProcessRunner } from './runners/createProcessRunner.ts';
import type { PluginRunner } from './runners/PluginRunner.ts';

export async function createRunner(config: CsocConfig): Promise<PluginRunner> {
  const pluginEnv: Record<string, string> = {};
  if (config.tfPluginMirror) pluginEnv.CSOC_TF_PLUGIN_MIRROR = config.tfPluginMirror;
  switch (config.runner) {
    case 'process':
      return createProcessRunner({ sandbox: config.runnerSandbox as 'none' | 'bwrap', pluginEnv });
    case 'container': {
      const { createContainerRunner } = await import('./runners/createContainerRunner.ts');
      return createContainerRunner({ pluginEnv });
    }
    case 'kubernetes': {
      const { createKubernetesRunner } = await import('./runners/createKubernetesRunner.ts');
      return createKubernetesRunner({ pluginEnv });
    }
    default:
      throw new Error(`unknown runner ${String(config.runner)}`);
  }
}

// Picks the plugin runner the configuration asks for.
import type { CsocConfig } from '../config/configSchema.ts';
import { createProcessRunner, defaultRunsDir, type ProcessSandbox } from './runners/createProcessRunner.ts';
import type { PluginRunner } from './runners/PluginRunner.ts';

export async function createRunner(
  config: CsocConfig,
  logger?: { warn(message: string): void },
): Promise<PluginRunner> {
  const pluginEnv: Record<string, string> = {};
  for (const pair of config.pluginEnv) {
    const separator = pair.indexOf('=');
    pluginEnv[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  if (config.tfPluginMirror) pluginEnv.CSOC_TF_PLUGIN_MIRROR = config.tfPluginMirror;
  switch (config.runner) {
    case 'process':
      return createProcessRunner({
        sandbox: config.runnerSandbox as ProcessSandbox,
        pluginEnv,
        onWarning: (message) => logger?.warn(message),
      });
    case 'container': {
      const { createContainerRunner } = await import('./runners/createContainerRunner.ts');
      return createContainerRunner({
        pluginEnv,
        cli: config.containerCli as 'podman' | 'docker' | undefined,
        cpus: config.containerCpus,
        memory: config.containerMemory,
      });
    }
    case 'kubernetes': {
      const { createKubernetesRunner } = await import('./runners/createKubernetesRunner.ts');
      return createKubernetesRunner({
        pluginEnv,
        namespace: config.kubernetesNamespace,
        stateUrl: config.kubernetesStateUrl,
        workClaim: config.kubernetesWorkClaim,
        workClaimMountPath: defaultRunsDir(config.dataDir),
        cpus: config.containerCpus,
        memory: config.containerMemory,
      });
    }
    default:
      throw new Error(`unknown runner ${String(config.runner)}`);
  }
}

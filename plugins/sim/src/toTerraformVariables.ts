// Maps the sim plugin's inputs (camelCase, validated and defaulted against manifest.json) onto the Terraform
// variables of plugins/sim/terraform (snake_case).
import type { PluginRequest } from '@csoc/plugin-sdk';
import { SIMULATED_ROLES } from './simulatedRoles.ts';
import { DEFAULT_DATABASE_SERVICES, simulatedSecretManager } from './simulatedSecretManager.ts';

interface SimulationInputs {
  resourceDelaySeconds?: number;
  failAtResource?: string;
  failApplyShare?: number;
  seed?: string;
  namespace?: string;
  skipResources?: string[];
}

/** Returns the contents of terraform.tfvars.json for a request. */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request: Pick<PluginRequest, 'runId'> & Partial<Pick<PluginRequest, 'commons'>>,
): Record<string, unknown> {
  const simulation = (inputs.simulation ?? {}) as SimulationInputs;
  // The simulated secret manager holds what the AWS design creates for this commons (ADR 0027) and what the
  // operator stores (operatorSecrets, login client secrets); the namespace is the commons name, as CSOC
  // deploys it, unless the simulation is told to get it wrong.
  const environment = String(inputs.name);
  const namespace = simulation.namespace || (request.commons?.name ?? environment);
  const prefix = `${environment}-${namespace}-`;
  const secretManager = simulatedSecretManager({
    environment,
    namespace,
    databaseServices: (inputs.databaseServices as string[] | undefined) ?? DEFAULT_DATABASE_SERVICES,
    loginClientSecretRefs: ((inputs.operatorSecrets as string[] | undefined) ?? []).map(
      (name) => `${prefix}${name}`,
    ),
  });
  return {
    name: inputs.name,
    region: inputs.region ?? 'us-sim-1',
    size_tier: inputs.sizeTier ?? 'small',
    database_tier: inputs.databaseTier ?? 'small',
    search_enabled: inputs.searchEnabled ?? true,
    buckets: inputs.buckets ?? [],
    simulation: {
      resource_delay_seconds: simulation.resourceDelaySeconds ?? 0,
      fail_at_resource: simulation.failAtResource ?? '',
      fail_apply_share: simulation.failApplyShare ?? 0,
      seed: simulation.seed ?? '',
      skip_resources: simulation.skipResources ?? [],
    },
    namespace,
    role_names: Object.keys(SIMULATED_ROLES).sort(),
    commons_secret_names: Object.keys(secretManager).sort(),
    run_id: request.runId,
  };
}

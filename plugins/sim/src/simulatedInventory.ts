// What a sim apply reports it created (outputs namespace, secret_manager_keys and role_arns), computed from
// the same variables its Terraform gets: for tests and benchmarks that record a sim commons' outputs
// without running the apply. runSim.test.ts checks it against the outputs of a real apply.
import type { PluginRequest } from '@csoc/plugin-sdk';
import { toTerraformVariables } from './toTerraformVariables.ts';

export interface SimulatedInventoryOutputs {
  namespace: string;
  secret_manager_keys: string[];
  role_arns: Record<string, string>;
}

/**
 * The inventory outputs of a sim apply with `inputs` for commons `commons`.
 *
 * @example
 *   simulatedInventoryOutputs({ name: 'alpha' }, { org: 'acme', name: 'alpha' }).namespace // 'alpha'
 */
export function simulatedInventoryOutputs(
  inputs: Record<string, unknown>,
  commons: PluginRequest['commons'],
): SimulatedInventoryOutputs {
  const variables = toTerraformVariables(inputs, { runId: 'inventory', commons }) as {
    name: string;
    namespace: string;
    commons_secret_names: string[];
    role_names: string[];
    simulation: { skip_resources: string[] };
  };
  const skipped = new Set(variables.simulation.skip_resources);
  const kept = (kind: string, key: string) => !skipped.has(`${kind}["${key}"]`);
  const secrets = [`${variables.name}-aurora-master-password`, ...variables.commons_secret_names].filter(
    (secret) => kept('secret', secret.slice(variables.name.length + 1)),
  );
  const roleArns: Record<string, string> = {};
  for (const role of variables.role_names.filter((key) => kept('role', key)))
    roleArns[role] =
      `arn:sim:iam::000000000000:role/${variables.name}-${variables.namespace}-${role.replace(/_/g, '-')}`;
  return {
    namespace: variables.namespace,
    secret_manager_keys: [...new Set(secrets)].sort(),
    role_arns: roleArns,
  };
}

// Maps the azure plugin's inputs (camelCase, validated and defaulted against manifest.json) onto the variables
// of plugins/azure/terraform: every input name in snake_case, values unchanged, and the namespace always the
// commons name. The cloud account never becomes a variable (applyAzureCredentials puts it in the environment).
import type { PluginRequest } from '@csoc/plugin-sdk';

/**
 * The Kubernetes namespace Gen3 is deployed to: the commons name, the value CSOC's renderer uses too. The
 * federated credentials trust service accounts in it, so the two must agree; the `namespace` input is ignored.
 */
export function commonsNamespace(request: Pick<PluginRequest, 'commons'>): string {
  return request.commons.name;
}

/** `vnetCidr` -> `vnet_cidr`, `apiServerAuthorizedIpRanges` -> `api_server_authorized_ip_ranges`. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Returns the contents of terraform.tfvars.json for a run.
 *
 * @example
 * toTerraformVariables({ environment: 'gen3-dev', vnetCidr: '10.20.0.0/16' }, { commons: { org: 'a', name: 'heart' } })
 * // => { environment: 'gen3-dev', vnet_cidr: '10.20.0.0/16', namespace: 'heart' }
 */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request?: Partial<Pick<PluginRequest, 'commons'>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) variables[toSnakeCase(name)] = value;
  if (request?.commons) variables.namespace = commonsNamespace({ commons: request.commons });
  return variables;
}

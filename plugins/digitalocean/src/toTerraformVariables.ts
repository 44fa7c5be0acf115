// Maps the digitalocean plugin's inputs (camelCase, validated and defaulted against manifest.json) onto the
// variables of plugins/digitalocean/terraform: every input name in snake_case, values unchanged, the
// namespace always the commons name and the region, when the inputs name none, the cloud account's.
import type { PluginRequest } from '@csoc/plugin-sdk';

/**
 * The Kubernetes namespace Gen3 is deployed to: the commons name, the value CSOC's renderer uses too
 * (packages/server/src/gitops/rendering/commonsNamespace.ts). It prefixes the database, bucket and secret
 * names, so plugin and renderer must agree; a `namespace` input is ignored.
 */
export function commonsNamespace(request: Pick<PluginRequest, 'commons'>): string {
  return request.commons.name;
}

/** Terraform variables the plugin sets itself; no input may reach them. */
export const DRIVER_VARIABLES = ['namespace'] as const;

/** `sizeTier` -> `size_tier`. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Returns the contents of terraform.tfvars.json. No credential ever becomes a variable: the API token and
 * the Spaces keys reach the provider through its environment (applyDigitalOceanCredentials).
 *
 * @example
 * toTerraformVariables({ environment: 'gen3-dev', sizeTier: 'small' }, request)
 * // => { environment: 'gen3-dev', size_tier: 'small', namespace: 'brain', region: 'nyc3' }
 */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request?: Partial<Pick<PluginRequest, 'credentials' | 'commons'>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const variable = toSnakeCase(name);
    if ((DRIVER_VARIABLES as readonly string[]).includes(variable)) continue;
    variables[variable] = value;
  }
  if (request?.commons) variables.namespace = commonsNamespace({ commons: request.commons });
  const region =
    request?.credentials?.kind === 'digitalocean' ? request.credentials.public.region : undefined;
  if (variables.region === undefined && typeof region === 'string') variables.region = region;
  return variables;
}

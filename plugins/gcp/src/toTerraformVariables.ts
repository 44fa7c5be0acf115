// Maps the gcp plugin's inputs (camelCase, validated and defaulted against manifest.json) and the cloud
// account onto the variables of plugins/gcp/terraform: every input name in snake_case, values unchanged.
import type { PluginRequest } from '@csoc/plugin-sdk';

/**
 * The Kubernetes namespace Gen3 is deployed to: the commons name, the value CSOC's renderer uses too
 * (packages/server/src/gitops/rendering/commonsNamespace.ts). The Workload Identity bindings name it, so the
 * two must agree; the `namespace` input is ignored.
 */
export function commonsNamespace(request: Pick<PluginRequest, 'commons'>): string {
  return request.commons.name;
}

/** `subnetCidr` -> `subnet_cidr`, `postgresHighAvailability` -> `postgres_high_availability`. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Returns the contents of terraform.tfvars.json: the inputs with snake_case names, the project (the input,
 * else the cloud account's `public.projectId`) and the namespace, always the commons name. Credentials
 * never go here (applyGcpCredentials puts them in the environment). Throws, naming the input, when no
 * project is known.
 *
 * @example
 * toTerraformVariables({ environment: 'gen3-dev', region: 'us-central1' }, request)
 * // => { environment: 'gen3-dev', region: 'us-central1', project_id: 'acme-gen3', namespace: 'brain' }
 */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request?: Partial<Pick<PluginRequest, 'credentials' | 'commons'>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) variables[toSnakeCase(name)] = value;
  if (request?.commons) variables.namespace = commonsNamespace({ commons: request.commons });
  const credentials = request?.credentials;
  if (variables.project_id === undefined && credentials?.kind === 'gcp') {
    const { projectId } = credentials.public;
    if (typeof projectId === 'string') variables.project_id = projectId;
  }
  if (typeof variables.project_id !== 'string') {
    throw new Error(
      'No Google Cloud project: set the input projectId, or give the cloud account a projectId',
    );
  }
  return variables;
}

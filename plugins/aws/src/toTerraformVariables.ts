// Maps the aws plugin's inputs (camelCase, validated and defaulted against manifest.json) and the cloud
// account onto the variables of plugins/aws/terraform: every input name in snake_case, values unchanged.
import type { PluginRequest } from '@csoc/plugin-sdk';

/**
 * The Kubernetes namespace Gen3 is deployed to: the commons name, the value CSOC's renderer uses too
 * (packages/server/src/gitops/rendering/commonsNamespace.ts). It names the service accounts the IRSA roles
 * trust and prefixes secret and queue names, so the two must agree; the `namespace` input is ignored.
 */
export function commonsNamespace(request: Pick<PluginRequest, 'commons'>): string {
  return request.commons.name;
}

/** Terraform variables the plugin sets itself; no input may reach them. */
export const DRIVER_VARIABLES = ['assume_role_arn', 'assume_role_external_id', 'plan_offline'] as const;

/** `vpcCidr` -> `vpc_cidr`, `natGatewayPerAz` -> `nat_gateway_per_az`. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Returns the contents of terraform.tfvars.json: the inputs with snake_case names, plus from an `aws`
 * cloud account the role to assume (`public.roleArn`) and, unless the inputs name one, the account id the
 * provider must stay in; and the namespace, always the commons name (commonsNamespace). The external id is secret and travels as `TF_VAR_assume_role_external_id`
 * (see `applyAwsCredentials`), never in this file.
 *
 * @example
 * toTerraformVariables({ environment: 'gen3-dev', vpcCidr: '10.0.0.0/20' }, request)
 * // => { environment: 'gen3-dev', vpc_cidr: '10.0.0.0/20', assume_role_arn: '...', account_id: '...' }
 */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request?: Partial<Pick<PluginRequest, 'credentials' | 'commons'>>,
): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const variable = toSnakeCase(name);
    if ((DRIVER_VARIABLES as readonly string[]).includes(variable)) {
      throw new Error(
        `Input ${name} is not allowed: the plugin sets the Terraform variable ${variable} itself`,
      );
    }
    variables[variable] = value;
  }
  if (request?.commons) variables.namespace = commonsNamespace({ commons: request.commons });
  const credentials = request?.credentials;
  if (credentials?.kind === 'aws') {
    const { roleArn, accountId } = credentials.public;
    if (typeof roleArn === 'string') variables.assume_role_arn = roleArn;
    if (variables.account_id === undefined && typeof accountId === 'string') variables.account_id = accountId;
  }
  return variables;
}

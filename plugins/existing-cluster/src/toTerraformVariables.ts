// Maps the existing-cluster plugin's inputs (validated and defaulted against manifest.json) and the cloud
// account onto the variables of plugins/existing-cluster/terraform. The namespace is the commons name, the one
// CSOC's renderer deploys to (packages/server/src/gitops/rendering/commonsNamespace.ts).
import type { PluginRequest } from '@csoc/plugin-sdk';

/** The inputs' shape after validation (manifest.json fills the defaults). */
export interface ExistingClusterInputs {
  clusterName: string;
  namespace?: string;
  secretsNamespace?: string;
  postgres: {
    host: string;
    port?: number;
    adminUser?: string;
    adminPasswordSecret?: { name: string; key?: string };
  };
  searchEndpoint: string;
  ingressClassName?: string;
  clusterIssuer?: string;
  buckets?: { data: string; logs?: string; manifest?: string; user_yaml?: string };
  allowInsecureTls?: boolean;
}

/** An input that contradicts CSOC's own settings; `field` names it, the message says the fix. */
export class InputConflictError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InputConflictError';
  }
}

/** The namespace Gen3 goes to: the commons name. A different `namespace` input is refused, naming the fix. */
export function commonsNamespace(
  inputs: Pick<ExistingClusterInputs, 'namespace'>,
  request: Pick<PluginRequest, 'commons'>,
): string {
  const namespace = request.commons.name;
  if (inputs.namespace !== undefined && inputs.namespace !== namespace)
    throw new InputConflictError(
      'inputs.namespace',
      `is "${inputs.namespace}" but CSOC deploys Gen3 to the namespace named like the commons ("${namespace}"); ` +
        `leave it empty or set it to "${namespace}" (to use another namespace, name the commons after it)`,
    );
  return namespace;
}

/** The secrets namespace: the input, or the commons namespace. */
export function secretsNamespaceOf(inputs: ExistingClusterInputs, namespace: string): string {
  return inputs.secretsNamespace ?? namespace;
}

/**
 * Returns terraform.tfvars.json for a run. `accessCheck` is what the plugin verified before the run.
 *
 * @example
 * toTerraformVariables(inputs, request, { identity: 'ci-deployer', permissions: 120 })
 * // => { cluster_name: 'onprem', namespace: 'heart', postgres: { host: ..., port: 5432, ... }, ... }
 */
export function toTerraformVariables(
  inputs: Record<string, unknown>,
  request: Pick<PluginRequest, 'commons' | 'credentials'>,
  accessCheck: { identity: string; permissions: number },
): Record<string, unknown> {
  const typed = inputs as unknown as ExistingClusterInputs;
  const namespace = commonsNamespace(typed, request);
  const secret = typed.postgres.adminPasswordSecret ?? { name: 'postgres-admin' };
  return {
    cluster_name: typed.clusterName,
    namespace,
    secrets_namespace: secretsNamespaceOf(typed, namespace),
    api_server: String(request.credentials.public.server ?? ''),
    postgres: {
      host: typed.postgres.host,
      port: typed.postgres.port ?? 5432,
      admin_user: typed.postgres.adminUser ?? 'postgres',
      admin_password_secret: { name: secret.name, key: secret.key ?? 'password' },
    },
    search_endpoint: typed.searchEndpoint,
    ingress_class_name: typed.ingressClassName ?? 'nginx',
    cluster_issuer: typed.clusterIssuer ?? null,
    buckets: typed.buckets ?? null,
    access_check: accessCheck,
  };
}

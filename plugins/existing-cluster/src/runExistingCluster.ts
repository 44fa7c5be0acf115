// The existing-cluster plugin as a function: main.ts runs it for the host; tests run it in-process. Before plan,
// apply and drift it connects with the account's kubeconfig and checks access (checkClusterAccess); then real
// Terraform runs the terraform_data module (no provider, no download).
import { fileURLToPath } from 'node:url';
import {
  readSecrets,
  ReportedError,
  runTerraformPlugin,
  type PluginContext,
  type TerraformPluginOptions,
} from '@csoc/plugin-sdk';
import { checkClusterAccess, MissingPermissionsError } from './checkClusterAccess.ts';
import { createKubernetesApiClient } from './createKubernetesApiClient.ts';
import { connectionSecrets, KubeconfigError, readKubeconfig } from './readKubeconfig.ts';
import {
  commonsNamespace,
  secretsNamespaceOf,
  toTerraformVariables,
  type ExistingClusterInputs,
} from './toTerraformVariables.ts';

/** The plugin folder: `$CSOC_EXISTING_CLUSTER_PLUGIN_DIR` (container image) or the folder above src/. */
export const EXISTING_CLUSTER_PLUGIN_DIR =
  process.env.CSOC_EXISTING_CLUSTER_PLUGIN_DIR ?? fileURLToPath(new URL('..', import.meta.url));

/** What the access check verified, recorded in the plan (terraform_data.namespace). */
interface AccessCheck {
  identity: string;
  permissions: number;
}

/** Reports the error event and stops the verb (runPlugin writes no second error). */
function fail(context: PluginContext, message: string, detail?: string): never {
  context.events.error(message, detail);
  throw new ReportedError(message);
}

/** Connects with the account's kubeconfig and checks the namespace and every permission the deploy needs. */
async function verifyAccess(context: PluginContext): Promise<AccessCheck> {
  const { request, events } = context;
  if (request.credentials.kind !== 'kubernetes')
    fail(
      context,
      `The existing-cluster plugin needs a cloud account of kind "kubernetes" (a kubeconfig); this commons uses one of kind "${request.credentials.kind}"`,
      'Fix: register the cluster as a kubernetes cloud account and choose it for the commons',
    );
  const secrets = await readSecrets(request);
  if (!secrets.kubeconfig)
    fail(
      context,
      'The cloud account has no kubeconfig secret',
      'Fix: update the account with its kubeconfig',
    );
  events.addSecret(secrets.kubeconfig);
  const inputs = context.inputs as unknown as ExistingClusterInputs;
  let connection;
  try {
    const contextName = request.credentials.public.context;
    connection = readKubeconfig(secrets.kubeconfig, {
      context: typeof contextName === 'string' ? contextName : undefined,
      allowInsecureTls: inputs.allowInsecureTls === true,
    });
  } catch (error) {
    if (error instanceof KubeconfigError) fail(context, error.message);
    throw error;
  }
  for (const secret of connectionSecrets(connection)) events.addSecret(secret);
  const declared = String(request.credentials.public.server ?? '').replace(/\/+$/, '');
  if (declared && declared !== connection.server)
    fail(
      context,
      `The kubeconfig's server (${connection.server}) is not the account's server (${declared})`,
      'Fix: update the cloud account so its server and its kubeconfig name the same cluster',
    );

  let namespace: string;
  try {
    namespace = commonsNamespace(inputs, request);
  } catch (error) {
    fail(context, (error as Error).message);
  }
  const secretsNamespace = secretsNamespaceOf(inputs, namespace);
  if (connection.insecureSkipTlsVerify)
    events.warn(
      `the API server's certificate is not verified (allowInsecureTls): use this on test clusters only`,
    );
  events.info(
    `checking access of kubeconfig user "${connection.userName}" to namespace "${namespace}" on ${connection.server} (SelfSubjectAccessReview)`,
  );
  const client = createKubernetesApiClient(connection, { signal: context.signal });
  try {
    const report = await checkClusterAccess({ client, namespace, secretsNamespace });
    if (report.missing.length) {
      const error = new MissingPermissionsError(report, connection.userName);
      fail(context, error.message, error.detail);
    }
    events.info(
      `access granted: ${report.checked} checks passed${report.namespaceExists ? '' : `; namespace "${namespace}" does not exist yet and may be created`}`,
    );
    return { identity: connection.userName, permissions: report.checked };
  } catch (error) {
    if (error instanceof ReportedError) throw error;
    fail(context, (error as Error).message);
  } finally {
    client.close();
  }
}

/**
 * Runs the verb in `argv[2]` and returns the exit code.
 *
 * @example
 * process.exitCode = await runExistingCluster();
 */
export function runExistingCluster(options: Partial<TerraformPluginOptions> = {}): Promise<number> {
  let accessCheck: AccessCheck = {
    identity: 'not checked (this verb does not reach the cluster)',
    permissions: 0,
  };
  return runTerraformPlugin({
    pluginDir: EXISTING_CLUSTER_PLUGIN_DIR,
    before: async (context) => {
      const destroying = context.verb === 'destroy' || context.request.options.destroy === true;
      // Removing the records needs no cluster access: a commons whose access was revoked can still be destroyed.
      if (!destroying && ['plan', 'apply', 'drift'].includes(context.verb))
        accessCheck = await verifyAccess(context);
    },
    variables: (inputs, request) => toTerraformVariables(inputs, request, accessCheck),
    ...options,
  });
}

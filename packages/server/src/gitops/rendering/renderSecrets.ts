// Builds secrets.yaml: the SecretStore `gen3-secret-store` for the cloud's secret manager (with the service
// account it authenticates as) and one ExternalSecret per secret the enabled services read. Only names of
// remote secrets appear; ESO copies the values inside the cluster. Who writes each remote secret (the IaC
// plugin, the CSOC bootstrap step, the operator) is docs/adr/0027-commons-secrets-and-databases.md.
import type { AwsOutputs, AzureOutputs, GcpOutputs, SimOutputs } from './commonsGitOpsInput.ts';
import {
  EXTERNAL_SECRETS_API_VERSION,
  SECRET_REFRESH_INTERVAL,
  SECRET_STORE_NAME,
  type GitOpsRenderContext,
  type ServiceSecret,
} from './gitopsRenderContext.ts';
import { loginProviderId } from './validateCommonsGitOpsInput.ts';

type Manifest = Record<string, unknown>;

/** Property of a login provider's remote secret that holds the client secret. */
export const CLIENT_SECRET_PROPERTY = 'client_secret';
/** Default namespace of the source secrets for the simulator's Kubernetes provider. */
export const SIM_SECRETS_NAMESPACE = 'csoc-sim-secrets';

export function renderSecrets(context: GitOpsRenderContext): Manifest[] {
  const documents: Manifest[] = [...renderSecretStore(context)];
  // No ExternalSecret for the database master credentials: they stay outside the commons namespace (the
  // External Secrets role may read only <environment>-<namespace>-*), and the CSOC bootstrap step creates the
  // databases and roles before the first deploy (docs/adr/0027-commons-secrets-and-databases.md).
  const externalSecrets: Manifest[] = [];
  for (const secret of context.serviceSecrets) externalSecrets.push(externalSecret(context, secret));
  if (context.enabled.includes('fence')) externalSecrets.push(fenceConfig(context));
  externalSecrets.sort((a, b) => compare(nameOf(a), nameOf(b)));
  return [...documents, ...externalSecrets];
}

function renderSecretStore(context: GitOpsRenderContext): Manifest[] {
  const { cloud, input } = context;
  let serviceAccountName = 'secret-store-sa';
  let annotations: Record<string, string> = {};
  let provider: Manifest;
  switch (cloud) {
    case 'aws': {
      const outputs = input.outputs as AwsOutputs;
      annotations = { 'eks.amazonaws.com/role-arn': outputs.role_arns.external_secrets };
      provider = {
        aws: {
          service: 'SecretsManager',
          region: outputs.region,
          auth: { jwt: { serviceAccountRef: { name: serviceAccountName } } },
        },
      };
      break;
    }
    case 'azure': {
      const outputs = input.outputs as AzureOutputs;
      annotations = {
        'azure.workload.identity/client-id': outputs.workload_identity_client_ids.external_secrets,
        'azure.workload.identity/tenant-id': outputs.tenant_id,
      };
      provider = {
        azurekv: {
          authType: 'WorkloadIdentity',
          vaultUrl: outputs.key_vault_url,
          serviceAccountRef: { name: serviceAccountName },
        },
      };
      break;
    }
    case 'gcp': {
      const outputs = input.outputs as GcpOutputs;
      // The name gen3-helm's own GCP SecretStore uses, so both agree.
      serviceAccountName = 'gcp-secret-store-sa';
      annotations = { 'iam.gke.io/gcp-service-account': outputs.service_accounts.external_secrets };
      provider = {
        gcpsm: {
          projectID: outputs.project_id,
          auth: {
            workloadIdentity: {
              clusterLocation: outputs.region,
              clusterName: outputs.cluster_name,
              serviceAccountRef: { name: serviceAccountName },
            },
          },
        },
      };
      break;
    }
    case 'digitalocean':
    case 'kubernetes':
    case 'sim': {
      const remoteNamespace =
        cloud === 'sim'
          ? ((input.outputs as SimOutputs).secrets_namespace ?? SIM_SECRETS_NAMESPACE)
          : (input.outputs as { secrets_namespace: string }).secrets_namespace;
      provider = {
        kubernetes: {
          remoteNamespace,
          server: { caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
          auth: { serviceAccount: { name: serviceAccountName } },
        },
      };
      break;
    }
  }
  const serviceAccount: Manifest = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(
      context,
      serviceAccountName,
      Object.keys(annotations).length ? annotations : undefined,
    ),
  };
  const secretStore: Manifest = {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'SecretStore',
    metadata: metadata(context, SECRET_STORE_NAME),
    spec: { provider },
  };
  return [serviceAccount, secretStore];
}

function externalSecret(context: GitOpsRenderContext, secret: ServiceSecret): Manifest {
  const spec: Manifest = {
    refreshInterval: SECRET_REFRESH_INTERVAL,
    secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE_NAME },
    target: { name: secret.name, creationPolicy: 'Owner' },
  };
  if (secret.keys) {
    spec.data = secret.keys.map((key) => ({
      secretKey: key,
      remoteRef: { key: secret.remoteKey, property: key },
    }));
  } else {
    spec.dataFrom = [{ extract: { key: secret.remoteKey } }];
  }
  return {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'ExternalSecret',
    metadata: metadata(context, secret.name, undefined, secret.chart),
    spec,
  };
}

/**
 * fence-config: the base configuration from the secret manager (property fence-config.yaml), with each login
 * provider's client secret appended under OPENID_CONNECT by an ESO template. Fence deep-merges it over the
 * public configuration (values.yaml FENCE_CONFIG_PUBLIC), which carries the client ids and URLs. The base
 * configuration must therefore not define OPENID_CONNECT itself.
 */
function fenceConfig(context: GitOpsRenderContext): Manifest {
  const providers = context.input.gen3.loginProviders;
  const data: Manifest[] = [
    {
      secretKey: 'fenceConfig',
      remoteRef: { key: context.fenceConfigRemoteKey, property: 'fence-config.yaml' },
    },
  ];
  const lines = ['{{ .fenceConfig }}'];
  if (providers.length > 0) lines.push('OPENID_CONNECT:');
  for (const provider of providers) {
    const id = loginProviderId(provider);
    const secretKey = `idp_${id}_client_secret`;
    data.push({
      secretKey,
      remoteRef: { key: provider.clientSecretRef, property: CLIENT_SECRET_PROPERTY },
    });
    lines.push(`  ${id}:`, `    client_secret: {{ .${secretKey} | toJson }}`);
  }
  return {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'ExternalSecret',
    metadata: metadata(context, 'fence-config', undefined, 'fence'),
    spec: {
      refreshInterval: SECRET_REFRESH_INTERVAL,
      secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE_NAME },
      target: {
        name: 'fence-config',
        creationPolicy: 'Owner',
        template: { engineVersion: 'v2', data: { 'fence-config.yaml': `${lines.join('\n')}\n` } },
      },
      data,
    },
  };
}

function metadata(
  context: GitOpsRenderContext,
  name: string,
  annotations?: Record<string, string>,
  chart?: string,
): Manifest {
  return {
    name,
    namespace: context.namespace,
    labels: { ...context.labels, ...(chart ? { 'csoc.gen3.org/service': chart } : {}) },
    // Secrets exist before the workloads that mount them.
    annotations: { 'argocd.argoproj.io/sync-wave': '-1', ...annotations },
  };
}

function nameOf(manifest: Manifest): string {
  return (manifest.metadata as { name: string }).name;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

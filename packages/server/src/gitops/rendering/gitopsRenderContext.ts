// Everything the three GitOps files share: names (namespace, environment, secret names), the release, which
// services are on, and the table of service secrets. Built once from validated input.
import type { CommonsGitOpsInput, Cloud } from './commonsGitOpsInput.ts';
import { commonsNamespace } from './commonsNamespace.ts';
import type { Gen3ChartInfo, Gen3Release, ReleaseCatalog } from '../releases/releaseCatalogTypes.ts';

/** The one SecretStore every ExternalSecret of a commons reads from (the name gen3-helm expects). */
export const SECRET_STORE_NAME = 'gen3-secret-store';
/** External Secrets API served by ESO >= 0.16.2 (and the only one from 0.17.0); gen3-helm's default too. */
export const EXTERNAL_SECRETS_API_VERSION = 'external-secrets.io/v1';
/** ESO chart the cluster add-ons install: the first release that serves only external-secrets.io/v1. */
export const EXTERNAL_SECRETS_CHART_VERSION = '0.17.0';
export const GEN3_HELM_REPOSITORY = 'https://helm.gen3.org';
export const ARGOCD_NAMESPACE = 'argocd';
/** How often ESO re-reads the secret manager. */
export const SECRET_REFRESH_INTERVAL = '5m';

/**
 * A Kubernetes Secret a service reads, filled by an ExternalSecret from one remote secret. Every remote secret
 * is a key/value object (JSON in AWS Secrets Manager, Key Vault and Secret Manager; a Secret for the
 * Kubernetes provider) whose properties are the keys of the Kubernetes Secret.
 */
export interface ServiceSecret {
  /** Name of the ExternalSecret and of the Kubernetes Secret it writes. */
  name: string;
  /** The chart that reads it. */
  chart: string;
  /** Name of the secret in the secret manager. */
  remoteKey: string;
  /** Properties copied one by one; absent: every property (dataFrom extract). */
  keys?: string[];
  /** Where values.yaml names the remote key for the chart, e.g. `externalSecrets.dbcreds`. */
  valuesPath?: string;
}

/** Secrets beyond `<chart>-dbcreds` that enabled charts read (names and keys as gen3-helm's templates use them). */
export const SERVICE_SECRETS: Record<string, Array<Omit<ServiceSecret, 'chart' | 'remoteKey'>>> = {
  audit: [
    { name: 'audit-g3auto', keys: ['audit-service-config.yaml'], valuesPath: 'externalSecrets.auditG3auto' },
  ],
  'cohort-middleware': [
    {
      name: 'cohort-middleware-g3auto',
      keys: ['development.yaml'],
      valuesPath: 'externalSecrets.cohortMiddlewareG3Auto',
    },
  ],
  fence: [
    {
      name: 'fence-google-app-creds-secret',
      keys: ['fence_google_app_creds_secret.json'],
      valuesPath: 'externalSecrets.fenceGoogleAppCredsSecret',
    },
    {
      name: 'fence-google-storage-creds-secret',
      keys: ['fence_google_storage_creds_secret.json'],
      valuesPath: 'externalSecrets.fenceGoogleStorageCredsSecret',
    },
    { name: 'fence-jwt-keys', keys: ['jwt_private_key.pem'], valuesPath: 'externalSecrets.fenceJwtKeys' },
  ],
  'gen3-user-data-library': [
    {
      name: 'gen3userdatalibrary-g3auto',
      keys: ['base64Authz.txt', 'dbcreds.json', 'gen3-user-data-library.env'],
      valuesPath: 'externalSecrets.gen3UserDataLibraryG3auto',
    },
  ],
  indexd: [{ name: 'indexd-service-creds', valuesPath: 'externalSecrets.serviceCreds' }],
  manifestservice: [
    {
      name: 'manifestservice-g3auto',
      keys: ['config.json'],
      valuesPath: 'externalSecrets.manifestserviceG3auto',
    },
  ],
  metadata: [
    {
      name: 'metadata-g3auto',
      keys: ['base64Authz.txt', 'dbcreds.json', 'metadata.env'],
      valuesPath: 'externalSecrets.metadataG3auto',
    },
  ],
  requestor: [
    { name: 'requestor-g3auto', keys: ['config.yaml'], valuesPath: 'externalSecrets.requestorG3auto' },
  ],
  sower: [
    {
      name: 'pelicanservice-g3auto',
      keys: ['config.json'],
      valuesPath: 'externalSecrets.pelicanserviceG3auto',
    },
    { name: 'sower-jobs-g3auto', keys: ['config.json'], valuesPath: 'externalSecrets.sowerjobsG3auto' },
  ],
  ssjdispatcher: [
    { name: 'ssjdispatcher-creds', keys: ['credentials.json'], valuesPath: 'externalSecrets.credsFile' },
  ],
  wts: [{ name: 'wts-g3auto', keys: ['appcreds.json'], valuesPath: 'externalSecrets.wtsG3auto' }],
};

/** Keys of every `<chart>-dbcreds` secret (what gen3-helm's services and db jobs read). */
export const DBCREDS_KEYS = ['database', 'dbcreated', 'host', 'password', 'port', 'username'];
/** Keys of the database master secret (gen3-terraform's `<env>-aurora-master-password`). */
export const DB_MASTER_KEYS = ['database', 'host', 'password', 'port', 'username'];

export interface GitOpsRenderContext {
  input: CommonsGitOpsInput;
  cloud: Cloud;
  release: Gen3Release;
  charts: Record<string, Gen3ChartInfo>;
  /** Enabled chart names, sorted. */
  enabled: string[];
  /** Kubernetes namespace of the commons (= the commons name). */
  namespace: string;
  /** gen3 `global.environment`: the cluster name, as gen3-terraform names environments. */
  environment: string;
  /** `<org>/<commons>`: the folder of the files in the GitOps repository. */
  directory: string;
  /** Remote key of the database master credentials (also the name of the Kubernetes Secret ESO writes). */
  dbMasterSecret: string;
  /** Every service secret of the enabled charts, sorted by name (fence-config excluded: see renderSecrets). */
  serviceSecrets: ServiceSecret[];
  /** Remote key of fence's base configuration (fence-config.yaml without login-provider secrets). */
  fenceConfigRemoteKey: string;
  labels: Record<string, string>;
}

/** Remote key naming: `<environment>-<namespace>-<name>` (gen3-terraform's `<env>-<namespace>-<service>-creds`). */
export function remoteKey(environment: string, namespace: string, name: string): string {
  return `${environment}-${namespace}-${name}`;
}

export function buildRenderContext(input: CommonsGitOpsInput, catalog: ReleaseCatalog): GitOpsRenderContext {
  const release = catalog.releases.find((candidate) => candidate.version === input.release)!;
  const enabled = [...new Set(input.gen3.services)].sort();
  const namespace = commonsNamespace(input.commons);
  const environment = input.outputs.cluster_name;
  const dbMasterSecret =
    input.cloud === 'aws' || input.cloud === 'sim'
      ? `${environment}-aurora-master-password`
      : `${environment}-postgres-master-password`;

  const serviceSecrets: ServiceSecret[] = [];
  for (const chart of enabled) {
    if (catalog.charts[chart]!.database) {
      serviceSecrets.push({
        name: `${chart}-dbcreds`,
        chart,
        remoteKey: remoteKey(environment, namespace, `${chart}-creds`),
        keys: DBCREDS_KEYS,
        valuesPath: 'externalSecrets.dbcreds',
      });
    }
    for (const secret of SERVICE_SECRETS[chart] ?? []) {
      serviceSecrets.push({ ...secret, chart, remoteKey: remoteKey(environment, namespace, secret.name) });
    }
  }
  serviceSecrets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    input,
    cloud: input.cloud,
    release,
    charts: catalog.charts,
    enabled,
    namespace,
    environment,
    directory: `${input.org}/${input.commons}`,
    dbMasterSecret,
    serviceSecrets,
    fenceConfigRemoteKey: remoteKey(environment, namespace, 'fence-config'),
    labels: {
      'app.kubernetes.io/managed-by': 'csoc',
      'csoc.gen3.org/commons': input.commons,
      'csoc.gen3.org/org': input.org,
      'csoc.gen3.org/tier': input.tier,
    },
  };
}

/** True when the commons uses gen3's AWS wiring (ALB ingress, revproxyArn, WAF): AWS and the simulator. */
export function usesAwsShape(cloud: Cloud): cloud is 'aws' | 'sim' {
  return cloud === 'aws' || cloud === 'sim';
}

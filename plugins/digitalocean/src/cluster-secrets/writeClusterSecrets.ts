// Writes the credentials the digitalocean plugin generated into the cluster (ADR 0057): the secrets
// namespace, a Role that lets the commons' External Secrets service account read it, and one Secret per
// entry, named like the renderer's remote keys (<environment>-<namespace>-<name>). The renderer's SecretStore
// (kubernetes provider, remoteNamespace = secrets_namespace) then copies them into the commons namespace.
// The composite secrets no resource generates (fence-config, fence-jwt-keys, the g3auto ones) are created
// once by writeGeneratedSecrets.
import {
  applyObject,
  createObjectIfAbsent,
  type KubernetesConnection,
  type KubernetesObject,
} from './callKubernetesApi.ts';
import { databaseCredentials, generatedSecrets } from './generatedSecrets.ts';

/** The service account the renderer's SecretStore authenticates as (renderSecrets.ts). */
export const SECRET_STORE_SERVICE_ACCOUNT = 'secret-store-sa';
/** Role and RoleBinding name in the secrets namespace. */
export const SECRET_READER_ROLE = 'csoc-secret-store-reader';

const LABELS = { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/plugin': 'digitalocean' };
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

export interface WriteClusterSecretsOptions {
  connection: KubernetesConnection;
  /** Where the Secrets go (the renderer's outputs.secrets_namespace). */
  secretsNamespace: string;
  /** The commons namespace, home of the External Secrets service account. */
  commonsNamespace: string;
  /** Secret name -> key -> value. */
  secrets: Record<string, Record<string, string>>;
  log?: (line: string) => void;
}

/** The objects to apply, in order; throws naming the bad name or key (never a value). */
export function clusterSecretObjects(
  options: Omit<WriteClusterSecretsOptions, 'connection' | 'log'>,
): KubernetesObject[] {
  const { secretsNamespace, commonsNamespace } = options;
  for (const [field, value] of [
    ['secrets namespace', secretsNamespace],
    ['commons namespace', commonsNamespace],
  ] as const) {
    if (!DNS_LABEL.test(value)) throw new Error(`the ${field} "${value}" is not a Kubernetes namespace name`);
  }
  const objects: KubernetesObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: secretsNamespace, labels: LABELS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: SECRET_READER_ROLE, namespace: secretsNamespace, labels: LABELS },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: SECRET_READER_ROLE, namespace: secretsNamespace, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SECRET_READER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: SECRET_STORE_SERVICE_ACCOUNT, namespace: commonsNamespace }],
    },
  ];
  for (const name of Object.keys(options.secrets).sort()) {
    if (!SECRET_NAME.test(name)) throw new Error(`"${name}" is not a Kubernetes Secret name`);
    const entries = options.secrets[name]!;
    const data: Record<string, string> = {};
    for (const key of Object.keys(entries).sort()) {
      if (!SECRET_KEY.test(key)) throw new Error(`secret ${name}: "${key}" is not a valid Secret key`);
      const value = entries[key];
      if (typeof value !== 'string') throw new Error(`secret ${name}: the value of ${key} is not a string`);
      data[key] = Buffer.from(value, 'utf8').toString('base64');
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: secretsNamespace, labels: LABELS },
      type: 'Opaque',
      data,
    });
  }
  return objects;
}

/** Applies every object; logs names only. Returns the names of the Secrets written. */
export async function writeClusterSecrets(options: WriteClusterSecretsOptions): Promise<string[]> {
  const objects = clusterSecretObjects(options);
  for (const object of objects) {
    await applyObject(options.connection, object);
    options.log?.(
      `applied ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`,
    );
  }
  return objects.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name);
}

export interface WriteGeneratedSecretsOptions {
  connection: KubernetesConnection;
  secretsNamespace: string;
  /** `<environment>-<namespace>`. */
  prefix: string;
  hostname: string;
  manifestBucket: string;
  /** The Secrets writeClusterSecrets wrote (the database credentials are read from them). */
  secrets: Record<string, Record<string, string>>;
  log?: (line: string) => void;
}

/**
 * Creates the composite secrets (generatedSecrets) that do not exist yet, and leaves existing ones alone:
 * generated once, so a re-apply never rotates a key other services already hold. Returns the names created.
 */
export async function writeGeneratedSecrets(options: WriteGeneratedSecretsOptions): Promise<string[]> {
  const generated = generatedSecrets({
    prefix: options.prefix,
    hostname: options.hostname,
    manifestBucket: options.manifestBucket,
    databases: databaseCredentials(options.prefix, options.secrets),
  });
  const objects = clusterSecretObjects({
    secretsNamespace: options.secretsNamespace,
    // Only the Secrets are used here; the namespace and the Role came with writeClusterSecrets.
    commonsNamespace: 'unused',
    secrets: generated,
  }).filter((object) => object.kind === 'Secret');
  const created: string[] = [];
  for (const object of objects) {
    const isNew = await createObjectIfAbsent(options.connection, object);
    if (isNew) created.push(object.metadata.name);
    options.log?.(
      `${isNew ? 'created' : 'kept the existing'} Secret ${options.secretsNamespace}/${object.metadata.name}`,
    );
  }
  return created;
}

// The access check before every plan and apply: asks the API server, with SelfSubjectAccessReviews
// (authorization.k8s.io/v1), whether the kubeconfig's identity may do each thing the Gen3 deploy needs in the
// commons namespace (and the secrets namespace), and whether the namespace exists or may be created. The
// server's own authorizer answers (RBAC, OpenShift's, Rancher's), so the check holds on any distribution.
import type { KubernetesApiClient } from './createKubernetesApiClient.ts';
import { KubernetesApiError } from './createKubernetesApiClient.ts';
import {
  commonsNamespacePermissions,
  formatPermission,
  SECRETS_NAMESPACE_PERMISSIONS,
  type NamespacedPermission,
} from './requiredPermissions.ts';

/** A permission the identity lacks; `namespace` absent for a cluster-scoped one (creating a namespace). */
export interface MissingPermission extends NamespacedPermission {
  namespace?: string;
  /** The object name when the check was for one object (the namespace itself). */
  name?: string;
}

export interface ClusterAccessReport {
  /** How many permissions were asked. */
  checked: number;
  missing: MissingPermission[];
  /** false: the namespace does not exist yet (the deploy creates it; `create namespaces` was checked). */
  namespaceExists: boolean;
}

export interface CheckClusterAccessOptions {
  client: KubernetesApiClient;
  /** The commons namespace Gen3 is deployed to. */
  namespace: string;
  /** Where the commons' secrets live (the SecretStore's remoteNamespace); may be the commons namespace. */
  secretsNamespace: string;
  /** Parallel reviews; default 8. */
  concurrency?: number;
}

const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** Asks one SelfSubjectAccessReview; true when allowed. */
async function mayI(
  client: KubernetesApiClient,
  attributes: { verb: string; group: string; resource: string; namespace?: string; name?: string },
): Promise<boolean> {
  const [resource, subresource] = attributes.resource.split('/');
  const response = await client.request('POST', SSAR_PATH, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: attributes.verb,
        group: attributes.group,
        resource,
        ...(subresource ? { subresource } : {}),
        ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
        ...(attributes.name ? { name: attributes.name } : {}),
      },
    },
  });
  if (response.status !== 201 && response.status !== 200)
    throw new KubernetesApiError(
      `The API server answered ${response.status} to a SelfSubjectAccessReview (${String(response.body?.message ?? 'no message')}); ` +
        'every authenticated user may normally create one (system:basic-user). Fix: check the cluster allows authorization.k8s.io/v1 self reviews',
    );
  const status = response.body?.status as { allowed?: unknown } | undefined;
  return status?.allowed === true;
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

/**
 * Checks the namespace and every permission; returns what is missing (empty: the deploy may proceed).
 *
 * @example
 * const report = await checkClusterAccess({ client, namespace: 'heart', secretsNamespace: 'heart' });
 * if (report.missing.length) throw new MissingPermissionsError(report, 'ci-deployer');
 */
export async function checkClusterAccess(options: CheckClusterAccessOptions): Promise<ClusterAccessReport> {
  const { client, namespace, secretsNamespace } = options;
  const missing: MissingPermission[] = [];
  let checked = 0;

  // The namespace: readable (it exists) or absent and creatable. Reading it needs `get namespaces` on it,
  // which the admin/edit/view roles bound in the namespace include.
  checked += 1;
  const read = await client.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  let namespaceExists = read.status === 200;
  if (read.status === 403) {
    namespaceExists = true; // unknown; the missing `get` is what the user must fix first
    missing.push({ verb: 'get', group: '', resource: 'namespaces', name: namespace, namespace });
  } else if (read.status === 404) {
    checked += 1;
    if (!(await mayI(client, { verb: 'create', group: '', resource: 'namespaces' })))
      missing.push({ verb: 'create', group: '', resource: 'namespaces' });
  } else if (!namespaceExists) {
    throw new KubernetesApiError(
      `The API server answered ${read.status} when reading namespace "${namespace}": ${String(read.body?.message ?? '')}`,
    );
  }

  const wanted: Array<NamespacedPermission & { namespace: string }> = [
    ...commonsNamespacePermissions().map((permission) => ({ ...permission, namespace })),
  ];
  if (secretsNamespace !== namespace)
    wanted.push(
      ...SECRETS_NAMESPACE_PERMISSIONS.map((permission) => ({ ...permission, namespace: secretsNamespace })),
    );
  else {
    const known = new Set(wanted.map(formatPermission));
    for (const permission of SECRETS_NAMESPACE_PERMISSIONS)
      if (!known.has(formatPermission(permission))) wanted.push({ ...permission, namespace });
  }
  const answers = await inBatches(wanted, options.concurrency ?? 8, (permission) => mayI(client, permission));
  checked += wanted.length;
  wanted.forEach((permission, index) => {
    if (!answers[index]) missing.push(permission);
  });
  return { checked, missing, namespaceExists };
}

/** `create apps/deployments in namespace "heart"`, `create namespaces (cluster-wide)`. */
export function describeMissingPermission(permission: MissingPermission): string {
  const what = formatPermission(permission);
  if (permission.resource === 'namespaces' && permission.name) return `${what} "${permission.name}"`;
  return permission.namespace ? `${what} in namespace "${permission.namespace}"` : `${what} (cluster-wide)`;
}

/** The identity lacks permissions the deploy needs; `message` names them, `detail` lists one per line. */
export class MissingPermissionsError extends Error {
  readonly detail: string;
  constructor(
    readonly report: ClusterAccessReport,
    userName: string,
  ) {
    const named = report.missing.map(describeMissingPermission);
    const shown = named.slice(0, 12).join(', ');
    const more = named.length > 12 ? ` and ${named.length - 12} more (listed in the run output)` : '';
    super(
      `The kubeconfig user "${userName}" may not do what the Gen3 deploy needs: missing ${shown}${more}. ` +
        'Fix: bind the csoc-gen3-deployer Role of docs/plugins/existing-cluster.md to that user in the namespace, then plan again',
    );
    this.name = 'MissingPermissionsError';
    this.detail = [
      'Missing permissions (verb group/resource, namespace):',
      ...named.map((line) => `- ${line}`),
    ].join('\n');
  }
}

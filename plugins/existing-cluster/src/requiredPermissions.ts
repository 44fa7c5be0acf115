// What the identity in the kubeconfig must be allowed to do for CSOC to deploy Gen3 into an existing cluster.
// Derived from what lands in the commons namespace: the renderer's files for cloud `kubernetes` (ServiceAccount,
// SecretStore, ExternalSecrets) and the namespaced kinds the gen3-helm charts CSOC enables create (Deployments,
// Services, ConfigMaps, Secrets, ServiceAccounts, Roles, RoleBindings, Ingresses, Jobs, CronJobs,
// NetworkPolicies, PodDisruptionBudgets, HorizontalPodAutoscalers, PersistentVolumeClaims, StatefulSets).
// packages/server/src/gitops/rendering/pluginOutputContract.kubernetes.test.ts checks the list still covers
// every namespaced kind the renderer and the charts emit, so a new kind cannot slip past the check.

/** One permission: a verb on a resource of an API group (`''` is the core group), in a namespace. */
export interface NamespacedPermission {
  verb: string;
  group: string;
  /** Plural resource, with `/subresource` when it applies (`pods/log`). */
  resource: string;
}

/** The verbs Argo CD's sync and prune use on the objects it manages. */
export const MANAGE_VERBS = ['create', 'get', 'list', 'watch', 'patch', 'delete'] as const;

/** Resources of the Gen3 deploy, by API group: the kinds CSOC's GitOps files and the Gen3 charts create. */
export const MANAGED_RESOURCES: Record<string, string[]> = {
  '': ['configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims'],
  apps: ['deployments', 'statefulsets'],
  batch: ['jobs', 'cronjobs'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  policy: ['poddisruptionbudgets'],
  autoscaling: ['horizontalpodautoscalers'],
  'external-secrets.io': ['externalsecrets', 'secretstores'],
};

/** Reading what runs (health, logs, the jobs' pods), never exec. */
export const OBSERVE_PERMISSIONS: NamespacedPermission[] = [
  { verb: 'get', group: '', resource: 'pods' },
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'watch', group: '', resource: 'pods' },
  { verb: 'delete', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'pods/log' },
  { verb: 'list', group: '', resource: 'events' },
];

/**
 * Where the commons' secrets live (the SecretStore's remoteNamespace): the ExternalSecrets read them with the
 * secret-store service account, which needs a Role there; the deploy identity writes both.
 */
export const SECRETS_NAMESPACE_PERMISSIONS: NamespacedPermission[] = [
  ...['get', 'list', 'watch', 'create', 'patch'].map((verb) => ({ verb, group: '', resource: 'secrets' })),
  ...['create', 'get', 'patch'].flatMap((verb) => [
    { verb, group: 'rbac.authorization.k8s.io', resource: 'roles' },
    { verb, group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  ]),
];

/** Every permission the Gen3 deploy needs in the commons namespace. */
export function commonsNamespacePermissions(): NamespacedPermission[] {
  const managed = Object.entries(MANAGED_RESOURCES).flatMap(([group, resources]) =>
    resources.flatMap((resource) => MANAGE_VERBS.map((verb) => ({ verb, group, resource }))),
  );
  return [...managed, ...OBSERVE_PERMISSIONS];
}

/** `create apps/deployments`, `get pods/log`: how messages and the manifest name a permission. */
export function formatPermission(permission: NamespacedPermission): string {
  return `${permission.verb} ${permission.group ? `${permission.group}/` : ''}${permission.resource}`;
}

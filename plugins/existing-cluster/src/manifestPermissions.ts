// The manifest's `permissions` for cloud kubernetes, made from requiredPermissions.ts: manifest.test.ts checks
// manifest.json lists exactly these, so the catalog shows what the access check asks.
import {
  formatPermission,
  commonsNamespacePermissions,
  SECRETS_NAMESPACE_PERMISSIONS,
} from './requiredPermissions.ts';

export interface ManifestPermission {
  cloud: 'kubernetes';
  reason: string;
  actions: string[];
}

/** The permission groups manifest.json declares. */
export function manifestPermissions(): ManifestPermission[] {
  return [
    {
      cloud: 'kubernetes',
      reason:
        "In the commons namespace (a Role, not cluster-wide): Argo CD creates and prunes the Gen3 charts' objects and CSOC's SecretStore and ExternalSecrets; CSOC reads pods, logs and events for health. Checked with SelfSubjectAccessReviews before every plan and apply",
      actions: commonsNamespacePermissions().map(formatPermission),
    },
    {
      cloud: 'kubernetes',
      reason:
        'In the secrets namespace: the commons secrets the SecretStore reads, and the Role that lets the secret-store service account read them',
      actions: SECRETS_NAMESPACE_PERMISSIONS.map(formatPermission),
    },
    {
      cloud: 'kubernetes',
      reason: 'Only when the commons namespace does not exist yet: creating it (cluster-wide)',
      actions: ['get namespaces', 'create namespaces'],
    },
  ];
}

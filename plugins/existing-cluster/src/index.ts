// The existing-cluster plugin's public entry for CSOC: the mapping of its outputs to the GitOps renderer's
// input, and the pieces tests and docs use (the permission list, the access check, the kubeconfig reader).
export { toGen3RenderOutputs, type RenderOutputsContext } from './toGen3RenderOutputs.ts';
export { toTerraformVariables, commonsNamespace } from './toTerraformVariables.ts';
export {
  commonsNamespacePermissions,
  formatPermission,
  MANAGED_RESOURCES,
  SECRETS_NAMESPACE_PERMISSIONS,
  type NamespacedPermission,
} from './requiredPermissions.ts';
export { checkClusterAccess, type ClusterAccessReport } from './checkClusterAccess.ts';
export { readKubeconfig, type KubernetesConnection } from './readKubeconfig.ts';
export { createKubernetesApiClient, type KubernetesApiClient } from './createKubernetesApiClient.ts';

// What a deploy tells the org's central Argo CD before any Application (docs/adr/0029): the commons' cluster
// (API endpoint, CA, and how to authenticate: the EKS token of a role granted by an EKS access entry), and
// the org's AppProject, which limits the org's Applications to its GitOps repository and chart
// repositories, its registered clusters and namespaces, and an allow-list of cluster-scoped kinds. And the
// CSOC-owned AppProject csoc-agent-access, whose Applications may write only rbac Roles and RoleBindings into
// Argo CD's own namespace (csoc-agent's read access to Applications, ADR 0083).
import {
  EKS_CHARTS_HELM_REPOSITORY,
  EXTERNAL_SECRETS_HELM_REPOSITORY,
  IN_CLUSTER_SERVER,
  orgProjectName,
} from '../rendering/renderClusterAddons.ts';
import { ARGOCD_NAMESPACE, GEN3_HELM_REPOSITORY } from '../rendering/gitopsRenderContext.ts';
import { ELASTIC_HELM_REPOSITORY } from '../rendering/renderInClusterSearch.ts';
import { CSOC_AGENT_ACCESS_PROJECT } from '../rendering/renderCsocAgent.ts';
import type { ArgoApplication, ArgoAppProject, ArgoCluster, ArgoProjectDestination } from './argoCdClient.ts';

/**
 * Cluster-scoped kinds the org's Applications may create; everything else cluster-scoped is refused by Argo
 * CD. The add-ons need CRDs, RBAC and webhooks; the gen3 chart needs its namespace (CreateNamespace),
 * hatchery's PriorityClass and the jupyter namespace, and a few ClusterRoles.
 */
export const CLUSTER_SCOPED_ALLOW_LIST: Array<{ group: string; kind: string }> = [
  { group: '', kind: 'Namespace' },
  { group: '', kind: 'PersistentVolume' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
  { group: 'elbv2.k8s.aws', kind: 'IngressClassParams' },
  { group: 'karpenter.sh', kind: 'NodePool' },
  { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' },
];

/** Annotation of a SIMULATED cluster carrying what the sim plugin created (read by the simulator only). */
export const SIM_INVENTORY_ANNOTATION = 'sim.csoc.gen3.org/inventory';

/** What the sim plugin reports it created, as the simulated cluster checks a sync against it (ADR 0030). */
export interface SimulatedCloudInventory {
  /** The namespace the plugin created roles and secrets for; absent when the plugin reports none. */
  namespace?: string;
  /** Names in the simulated secret manager; absent when the plugin reports no `secret_manager_keys`. */
  secretManagerKeys?: string[];
  /** ARNs of the roles the plugin created (`role_arns` values); absent when it reports no role map. */
  roleArns?: string[];
}

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').sort() : undefined;

/**
 * The inventory of a simulated cloud, read generically from the sim plugin's outputs: `namespace`,
 * `secret_manager_keys` and `role_arns` (its ARNs use the partition `sim`; the renderer's AWS shape `aws`).
 */
export function simulatedCloudInventoryOf(outputs: Record<string, unknown>): SimulatedCloudInventory {
  const roles = outputs.role_arns;
  return {
    ...(typeof outputs.namespace === 'string' ? { namespace: outputs.namespace } : {}),
    ...(stringList(outputs.secret_manager_keys)
      ? { secretManagerKeys: stringList(outputs.secret_manager_keys) }
      : {}),
    ...(roles && typeof roles === 'object'
      ? {
          roleArns: Object.values(roles as Record<string, unknown>)
            .filter((arn): arn is string => typeof arn === 'string')
            .map((arn) => arn.replace(/^arn:sim:/, 'arn:aws:'))
            .sort(),
        }
      : {}),
  };
}

export class ClusterRegistrationError extends Error {
  override name = 'ClusterRegistrationError';
}

/**
 * The Argo CD cluster of a commons, from its plugin's outputs: `cluster_name`, `cluster_endpoint` (the server
 * the rendered Applications name), `cluster_certificate_authority_data` (AWS; `cluster_ca` for the sim
 * plugin) and `argocd_role_arn`, the role Argo CD assumes to get an EKS token (granted on the cluster by an
 * EKS access entry). Undefined for Argo CD's own cluster, which needs no registration.
 */
export function clusterRegistrationOf(target: {
  org: string;
  commons: string;
  server: string;
  outputs: Record<string, unknown>;
}): ArgoCluster | undefined {
  if (target.server === IN_CLUSTER_SERVER) return undefined;
  const { outputs } = target;
  const clusterName = outputs.cluster_name;
  const caData = outputs.cluster_certificate_authority_data ?? outputs.cluster_ca;
  if (typeof clusterName !== 'string' || !clusterName)
    throw new ClusterRegistrationError(
      'the IaC plugin reports no cluster_name: Argo CD cannot ask EKS for a token without it; apply the infrastructure again',
    );
  if (typeof caData !== 'string' || !caData)
    throw new ClusterRegistrationError(
      `the IaC plugin reports no cluster CA (cluster_certificate_authority_data) for ${target.server}: Argo CD could not verify the cluster's API server; apply the infrastructure again`,
    );
  const roleArn = typeof outputs.argocd_role_arn === 'string' ? outputs.argocd_role_arn : undefined;
  const cluster: ArgoCluster = {
    server: target.server,
    name: clusterName,
    config: {
      awsAuthConfig: { clusterName, ...(roleArn ? { roleARN: roleArn } : {}) },
      tlsClientConfig: { caData, insecure: false },
    },
    clusterResources: true,
    labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/org': target.org },
  };
  if (outputs.simulated === true)
    cluster.annotations = {
      [SIM_INVENTORY_ANNOTATION]: JSON.stringify(simulatedCloudInventoryOf(outputs)),
    };
  return cluster;
}

/** The chart repositories every org's Applications read, besides its own GitOps repository. */
export const CHART_REPOSITORIES = [
  GEN3_HELM_REPOSITORY,
  EXTERNAL_SECRETS_HELM_REPOSITORY,
  EKS_CHARTS_HELM_REPOSITORY,
  // elastic's chart: Elasticsearch 7 on the cluster of non-AWS commons (ADR 0063).
  ELASTIC_HELM_REPOSITORY,
];

/** Where an Application deploys, as a project destination. */
export function destinationOf(application: ArgoApplication): ArgoProjectDestination {
  const destination = (application.spec.destination ?? {}) as { server?: string; namespace?: string };
  return { server: destination.server ?? IN_CLUSTER_SERVER, namespace: destination.namespace ?? 'default' };
}

/**
 * The org's AppProject with `destinations` added to those it already allows (other commons of the org keep
 * theirs). Sources and cluster-scoped kinds are always reset to what CSOC allows.
 */
export function orgProjectWith(
  org: string,
  repositoryUrl: string,
  existing: ArgoAppProject | undefined,
  destinations: ArgoProjectDestination[],
): ArgoAppProject {
  const key = (destination: ArgoProjectDestination) => `${destination.server} ${destination.namespace}`;
  const merged = new Map<string, ArgoProjectDestination>();
  for (const destination of [...(existing?.spec.destinations ?? []), ...destinations])
    merged.set(key(destination), { server: destination.server, namespace: destination.namespace });
  return {
    metadata: {
      name: orgProjectName(org),
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'csoc', 'csoc.gen3.org/org': org },
    },
    spec: {
      description: `Gen3 commons of the organization ${org} (managed by the CSOC)`,
      sourceRepos: [repositoryUrl, ...CHART_REPOSITORIES],
      destinations: [...merged.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
      clusterResourceWhitelist: CLUSTER_SCOPED_ALLOW_LIST,
    },
  };
}

/** The only kinds an Application of the csoc-agent-access project may create (ADR 0083). */
export const AGENT_ACCESS_KINDS: Array<{ group: string; kind: string }> = [
  { group: 'rbac.authorization.k8s.io', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
];

/**
 * The CSOC-owned AppProject of csoc-agent's access Applications (ADR 0083): one destination, Argo CD's
 * namespace in Argo CD's own cluster; no cluster-scoped kind; of the namespaced kinds only rbac Role and
 * RoleBinding; as sources, the GitOps repositories it already allows plus `repositoryUrl` (no chart
 * repository). The org's project stays limited to the commons' own destinations.
 */
export function agentAccessProjectWith(
  repositoryUrl: string,
  existing: ArgoAppProject | undefined,
): ArgoAppProject {
  const sourceRepos = [...new Set([...(existing?.spec.sourceRepos ?? []), repositoryUrl])].sort();
  return {
    metadata: {
      name: CSOC_AGENT_ACCESS_PROJECT,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'csoc' },
    },
    spec: {
      description:
        "csoc-agent's read-only Roles in Argo CD's namespace, one Application per commons (managed by the CSOC)",
      sourceRepos,
      destinations: [{ server: IN_CLUSTER_SERVER, namespace: ARGOCD_NAMESPACE }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: AGENT_ACCESS_KINDS.map((entry) => ({ ...entry })),
    },
  };
}

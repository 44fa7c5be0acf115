// SIMULATED: the clusters and AppProjects of one simulated Argo CD, and what a real Argo CD refuses about
// them: a cluster or project body it would not accept, an Application whose project does not exist or does
// not permit its sources or destination, a destination cluster nobody registered, cluster-scoped kinds
// outside the project's allow-list, and namespaced objects of a kind or in a namespace the project does not
// permit (ADR 0083). Messages follow Argo CD's own wording. See docs/adr/0030.
import type { ArgoAppProject, ArgoCluster } from '../deploys/argoCdClient.ts';
import { SIM_INVENTORY_ANNOTATION, type SimulatedCloudInventory } from '../deploys/argoCdRegistration.ts';

export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** A cluster the simulated Argo CD knows, with the kinds its add-ons installed (`group/Kind`). */
export interface SimCluster {
  registration: ArgoCluster;
  installedKinds: Set<string>;
  /** What the sim plugin created for it; undefined for a cluster that is not a simulated one. */
  inventory?: SimulatedCloudInventory;
}

export interface SimProject {
  project: ArgoAppProject;
}

/** An answer Argo CD gives as gRPC InvalidArgument (HTTP 400). */
export class InvalidArgument extends Error {}

/** Checks a `POST /api/v1/clusters` body as Argo CD does, and builds the simulated cluster. */
export function acceptCluster(body: unknown, existing: SimCluster | undefined): SimCluster {
  const cluster = (body ?? {}) as Partial<ArgoCluster>;
  if (typeof cluster.server !== 'string' || !/^https:\/\/[^\s/]+/.test(cluster.server))
    throw new InvalidArgument('cluster server is required and must be an https URL');
  if (typeof cluster.name !== 'string' || !cluster.name)
    throw new InvalidArgument('cluster name is required');
  const config = (cluster.config ?? {}) as Partial<ArgoCluster['config']> & Record<string, unknown>;
  const authenticates =
    !!config.awsAuthConfig?.clusterName ||
    typeof config.bearerToken === 'string' ||
    typeof config.execProviderConfig === 'object';
  if (!authenticates)
    throw new InvalidArgument(
      'cluster config has no credentials: set awsAuthConfig, bearerToken or execProviderConfig',
    );
  if (!config.tlsClientConfig?.insecure && !config.tlsClientConfig?.caData)
    throw new InvalidArgument(
      'cluster config.tlsClientConfig has neither caData nor insecure: the API server cannot be verified',
    );
  let inventory: SimulatedCloudInventory | undefined;
  const annotation = cluster.annotations?.[SIM_INVENTORY_ANNOTATION];
  if (annotation) {
    try {
      inventory = JSON.parse(annotation) as SimulatedCloudInventory;
    } catch {
      throw new InvalidArgument(`annotation ${SIM_INVENTORY_ANNOTATION} is not JSON`);
    }
  }
  return {
    registration: cluster as ArgoCluster,
    installedKinds: existing?.installedKinds ?? new Set(),
    inventory,
  };
}

/** Checks a `POST /api/v1/projects` body (`{ project, upsert }`) as Argo CD does. */
export function acceptProject(body: unknown): ArgoAppProject {
  const project = ((body ?? {}) as { project?: Partial<ArgoAppProject> }).project;
  const name = project?.metadata?.name;
  if (!project || typeof name !== 'string' || !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(name))
    throw new InvalidArgument('project.metadata.name is required (a DNS subdomain)');
  const spec = (project.spec ?? {}) as Partial<ArgoAppProject['spec']>;
  for (const destination of spec.destinations ?? []) {
    if (!destination.server && !(destination as { name?: string }).name)
      throw new InvalidArgument('destination has neither server nor name');
    if (!destination.namespace) throw new InvalidArgument('destination namespace is required');
  }
  for (const entry of [
    ...(spec.clusterResourceWhitelist ?? []),
    ...(spec.namespaceResourceWhitelist ?? []),
  ]) {
    if (typeof entry.group !== 'string' || typeof entry.kind !== 'string' || !entry.kind)
      throw new InvalidArgument('resource whitelist entries need a group and a kind');
  }
  return {
    metadata: { ...project.metadata, name },
    spec: {
      sourceRepos: spec.sourceRepos ?? [],
      destinations: spec.destinations ?? [],
      clusterResourceWhitelist: spec.clusterResourceWhitelist ?? [],
      ...(spec.namespaceResourceWhitelist
        ? { namespaceResourceWhitelist: spec.namespaceResourceWhitelist }
        : {}),
      ...(spec.description ? { description: spec.description } : {}),
    },
  };
}

/** Argo CD's glob match of project patterns ('*' matches anything). */
function globMatches(pattern: string, value: string): boolean {
  const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${expression}$`).test(value);
}

/** Argo CD's built-in project: everything is permitted. */
const DEFAULT_PROJECT: ArgoAppProject = {
  metadata: { name: 'default' },
  spec: {
    sourceRepos: ['*'],
    destinations: [{ server: '*', namespace: '*' }],
    clusterResourceWhitelist: [{ group: '*', kind: '*' }],
  },
};

export function projectNamed(projects: Map<string, ArgoAppProject>, name: string) {
  return name === 'default' ? (projects.get('default') ?? DEFAULT_PROJECT) : projects.get(name);
}

/**
 * What Argo CD checks when an Application is created or updated, even with `validate=false`: the project
 * exists and permits every source repository and the destination, and the destination cluster is known.
 */
export function checkApplicationPermitted(
  application: { spec?: object },
  projects: Map<string, ArgoAppProject>,
  clusters: Map<string, SimCluster>,
): void {
  const spec = (application.spec ?? {}) as {
    project?: string;
    source?: { repoURL?: string };
    sources?: Array<{ repoURL?: string }>;
    destination?: { server?: string; namespace?: string };
  };
  const projectName = spec.project ?? '';
  if (!projectName) throw new InvalidArgument('application spec.project is required');
  const project = projectNamed(projects, projectName);
  if (!project)
    throw new InvalidArgument(`application references project ${projectName} which does not exist`);
  const sources = spec.sources ?? (spec.source ? [spec.source] : []);
  for (const source of sources) {
    const repo = source.repoURL ?? '';
    if (!project.spec.sourceRepos.some((pattern) => globMatches(pattern, repo)))
      throw new InvalidArgument(`application repo ${repo} is not permitted in project '${projectName}'`);
  }
  const server = spec.destination?.server ?? '';
  const namespace = spec.destination?.namespace ?? '';
  if (server !== IN_CLUSTER && !clusters.has(server))
    throw new InvalidArgument(
      `application references destination cluster ${server} which does not exist (register it first)`,
    );
  const permitted = project.spec.destinations.some(
    (destination) =>
      globMatches(destination.server ?? '', server) && globMatches(destination.namespace, namespace),
  );
  if (!permitted)
    throw new InvalidArgument(
      `application destination server '${server}' and namespace '${namespace}' do not match any of the allowed destinations in project '${projectName}'`,
    );
}

/** The first cluster-scoped kind (`group/Kind`) a project refuses, as Argo CD's sync reports it. */
export function refusedClusterKind(project: ArgoAppProject, kinds: string[]): string | undefined {
  for (const groupKind of kinds) {
    const [group, kind] = groupKind.includes('/') ? groupKind.split('/') : ['', groupKind];
    const allowed = project.spec.clusterResourceWhitelist.some(
      (entry) => globMatches(entry.group, group!) && globMatches(entry.kind, kind!),
    );
    if (!allowed) return `resource ${group}:${kind} is not permitted in project ${project.metadata.name}`;
  }
  return undefined;
}

/** Kinds Kubernetes keeps outside any namespace (the others a directory source may hold are namespaced). */
const CLUSTER_SCOPED_KINDS = new Set([
  '/Namespace',
  '/PersistentVolume',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'networking.k8s.io/IngressClass',
  'scheduling.k8s.io/PriorityClass',
  'storage.k8s.io/StorageClass',
  'external-secrets.io/ClusterSecretStore',
  'elbv2.k8s.aws/IngressClassParams',
  'karpenter.sh/NodePool',
  'karpenter.k8s.aws/EC2NodeClass',
]);

/** An object of an Application's directory source, as Argo CD reads it from Git. */
export interface SimObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

/**
 * The first object of an Application's directory sources that its project refuses at sync, as Argo CD's
 * permission check says it: a kind the project's whitelists do not allow (`namespaceResourceWhitelist`, when
 * set, for namespaced kinds; `clusterResourceWhitelist` for cluster-scoped ones), or a namespaced object
 * whose namespace (the Application's destination namespace when it names none) is not among the project's
 * destinations on the Application's destination server.
 */
export function refusedObject(
  project: ArgoAppProject,
  destination: { server: string; namespace: string },
  objects: SimObject[],
): string | undefined {
  const name = project.metadata.name;
  for (const object of objects) {
    if (!object.kind) continue;
    const apiVersion = object.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    if (CLUSTER_SCOPED_KINDS.has(`${group}/${object.kind}`)) {
      const refused = refusedClusterKind(project, [`${group}/${object.kind}`]);
      if (refused) return refused;
      continue;
    }
    const allowed = project.spec.namespaceResourceWhitelist;
    if (
      allowed?.length &&
      !allowed.some((entry) => globMatches(entry.group, group) && globMatches(entry.kind, object.kind!))
    )
      return `resource ${group}:${object.kind} is not permitted in project ${name}`;
    const namespace = object.metadata?.namespace ?? destination.namespace;
    const permitted = project.spec.destinations.some(
      (entry) =>
        globMatches(entry.server ?? '', destination.server) && globMatches(entry.namespace, namespace),
    );
    if (!permitted) return `namespace ${namespace} is not permitted in project '${name}'`;
  }
  return undefined;
}

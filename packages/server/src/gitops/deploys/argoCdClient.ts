// A small client for the Argo CD REST API (the subset the CSOC uses): read an application, refresh it,
// create or update it, register repository credentials and clusters, keep an org's AppProject, sync, and
// read its resource tree. It talks to a real Argo CD (Bearer token) or to the simulator, which serves the
// same paths.

export interface ArgoApplicationStatus {
  sync: { status: string; revision?: string; revisions?: string[] };
  health: { status: string; message?: string };
  operationState?: { phase: string; message?: string; syncResult?: { revision?: string } };
  summary?: { images?: string[] };
  /** Why Argo CD cannot compare or sync (ComparisonError, InvalidSpecError, ...) and its warnings. */
  conditions?: Array<{ type: string; message: string; lastTransitionTime?: string }>;
}

export interface ArgoApplication {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: ArgoApplicationStatus;
}

/** Argo CD's v1alpha1.ClusterConfig, the parts CSOC sets. */
export interface ArgoClusterConfig {
  /** argocd-k8s-auth aws: an EKS token for `clusterName`, as `roleARN` when given. */
  awsAuthConfig?: { clusterName: string; roleARN?: string };
  tlsClientConfig: { caData: string; insecure: boolean };
}

/** Argo CD's v1alpha1.Cluster (the body of `POST /api/v1/clusters`). */
export interface ArgoCluster {
  server: string;
  name: string;
  config: ArgoClusterConfig;
  /** Manage cluster-scoped resources (CRDs of the add-ons, the commons namespace). */
  clusterResources?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ArgoProjectDestination {
  server: string;
  namespace: string;
}

/** Argo CD's v1alpha1.AppProject. */
export interface ArgoAppProject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; resourceVersion?: string };
  spec: {
    description?: string;
    sourceRepos: string[];
    destinations: ArgoProjectDestination[];
    clusterResourceWhitelist: Array<{ group: string; kind: string }>;
    /** Namespaced kinds the project's Applications may create; absent: every namespaced kind (ADR 0083). */
    namespaceResourceWhitelist?: Array<{ group: string; kind: string }>;
  };
}

export class ArgoCdError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ArgoCdError';
  }
}

export interface ArgoCdClientOptions {
  /** Base URL without trailing slash, e.g. https://argocd.example.org */
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
}

export interface ArgoCdClient {
  readonly baseUrl: string;
  getApplication(
    name: string,
    options?: { refresh?: 'normal' | 'hard' },
  ): Promise<ArgoApplication | undefined>;
  /** Every application matching a label selector (e.g. `csoc.gen3.org/org=acme`), with its status. */
  listApplications(selector: string): Promise<ArgoApplication[]>;
  upsertApplication(application: ArgoApplication): Promise<ArgoApplication>;
  syncApplication(name: string, revision?: string): Promise<ArgoApplication>;
  resourceTree(name: string): Promise<{ nodes: Array<Record<string, unknown>> }>;
  hasRepository(url: string): Promise<boolean>;
  upsertRepository(repository: { repo: string; username: string; password: string }): Promise<void>;
  /** Deletes the application; with cascade Argo CD first prunes every resource it deployed. */
  deleteApplication(name: string, options?: { cascade?: boolean }): Promise<void>;
  /** A registered cluster by its API server URL; undefined when Argo CD does not know it. */
  getCluster(server: string): Promise<ArgoCluster | undefined>;
  /** Registers (or updates) a cluster: `POST /api/v1/clusters?upsert=true` with the Cluster as body. */
  upsertCluster(cluster: ArgoCluster): Promise<ArgoCluster>;
  /** Forgets a registered cluster (`DELETE /api/v1/clusters/{server}`); a cluster it does not know is fine. */
  deleteCluster(server: string): Promise<void>;
  getProject(name: string): Promise<ArgoAppProject | undefined>;
  /** Creates or replaces an AppProject: `POST /api/v1/projects` with `{ project, upsert: true }`. */
  upsertProject(project: ArgoAppProject): Promise<ArgoAppProject>;
  /** Creates an AppProject (`POST /api/v1/projects` with `{ project }`): refused (400) when one differs. */
  createProject(project: ArgoAppProject): Promise<ArgoAppProject>;
  /**
   * Replaces an AppProject read before (`PUT /api/v1/projects/{name}` with `{ project }`): Kubernetes refuses
   * it with a conflict (409) when `metadata.resourceVersion` is no longer the current one.
   */
  updateProject(project: ArgoAppProject): Promise<ArgoAppProject>;
}

export function createArgoCdClient(options: ArgoCdClientOptions): ArgoCdClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    allow404 = false,
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new ArgoCdError(`Argo CD at ${baseUrl} is unreachable: ${(error as Error).message}`, 0);
    }
    if (allow404 && response.status === 404) return undefined;
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new ArgoCdError(
        `Argo CD answered ${response.status} to ${method} ${path}: ${message}`,
        response.status,
      );
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
  const app = (name: string) => `/api/v1/applications/${encodeURIComponent(name)}`;
  return {
    baseUrl,
    getApplication: (name, opts = {}) =>
      call<ArgoApplication>(
        'GET',
        `${app(name)}${opts.refresh ? `?refresh=${opts.refresh}` : ''}`,
        undefined,
        true,
      ),
    listApplications: async (selector) => {
      // `fields` keeps the answer small on a big Argo CD: names, labels, sync and health only.
      const fields = [
        'items.metadata.name',
        'items.metadata.labels',
        'items.status.sync',
        'items.status.health',
      ].join(',');
      const list = await call<{ items?: ArgoApplication[] | null }>(
        'GET',
        `/api/v1/applications?selector=${encodeURIComponent(selector)}&fields=${encodeURIComponent(fields)}`,
      );
      return list?.items ?? [];
    },
    upsertApplication: async (application) =>
      (await call<ArgoApplication>('POST', '/api/v1/applications?upsert=true&validate=false', application))!,
    syncApplication: async (name, revision) =>
      (await call<ArgoApplication>('POST', `${app(name)}/sync`, {
        prune: true,
        ...(revision ? { revision } : {}),
      }))!,
    resourceTree: async (name) =>
      (await call<{ nodes: Array<Record<string, unknown>> }>('GET', `${app(name)}/resource-tree`)) ?? {
        nodes: [],
      },
    hasRepository: async (url) =>
      (await call('GET', `/api/v1/repositories/${encodeURIComponent(url)}`, undefined, true)) !== undefined,
    upsertRepository: async (repository) => {
      await call('POST', '/api/v1/repositories?upsert=true', { type: 'git', ...repository });
    },
    deleteApplication: async (name, opts = {}) => {
      await call('DELETE', `${app(name)}?cascade=${opts.cascade !== false}`, undefined, true);
    },
    // Argo CD's ClusterService: GET /api/v1/clusters/{id.value} (the server URL, escaped), and Create maps
    // its body to the Cluster itself with `upsert` as a query parameter.
    getCluster: (server) =>
      call<ArgoCluster>('GET', `/api/v1/clusters/${encodeURIComponent(server)}`, undefined, true),
    upsertCluster: async (cluster) =>
      (await call<ArgoCluster>('POST', '/api/v1/clusters?upsert=true', cluster))!,
    deleteCluster: async (server) => {
      await call('DELETE', `/api/v1/clusters/${encodeURIComponent(server)}`, undefined, true);
    },
    // ProjectService: Create takes the whole request as body (`{ project, upsert }`).
    getProject: (name) =>
      call<ArgoAppProject>('GET', `/api/v1/projects/${encodeURIComponent(name)}`, undefined, true),
    upsertProject: async (project) =>
      (await call<ArgoAppProject>('POST', '/api/v1/projects', { project, upsert: true }))!,
    createProject: async (project) => (await call<ArgoAppProject>('POST', '/api/v1/projects', { project }))!,
    updateProject: async (project) =>
      (await call<ArgoAppProject>('PUT', `/api/v1/projects/${encodeURIComponent(project.metadata.name)}`, {
        project,
      }))!,
  };
}

// The agent's Kubernetes client: HTTPS to the API server with the ServiceAccount's CA and token, and only the
// calls the agent's namespaced Role allows (ADR 0065), always in the agent's own namespace. It is small on
// purpose: no kubeconfig, no discovery, no cluster-scoped path can be built with it.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {
  ArgoApplicationObject,
  CronJobObject,
  DeploymentObject,
  EventObject,
  JobObject,
  KubeList,
  PodMetricsObject,
  PodObject,
  SecretObject,
} from './kubeObjects.ts';

/** Where a ServiceAccount's projected credentials sit inside every pod. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface KubernetesClientOptions {
  /** `https://kubernetes.default.svc` in a pod; `http://127.0.0.1:<port>` for the simulated cluster. */
  server: string;
  /** The only namespace the client reaches (besides the Argo CD applications read). */
  namespace: string;
  /** PEM of the cluster CA, or the file holding it (the projected `ca.crt`). */
  ca?: string;
  caFile?: string;
  /** A fixed bearer token, or the projected token file, re-read whenever the kubelet rotates it. */
  token?: string;
  tokenFile?: string;
  /** Gives up on a request (not on a followed log) after this long; default 30 s. */
  requestTimeoutMs?: number;
}

/** A failed API call, with the API server's own reason (NotFound, Forbidden…). */
export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** The agent refused before calling the API (a name that cannot be an object's, a resource out of its Role). */
export class KubernetesRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubernetesRefusal';
  }
}

/** The namespaced resources of the Role, with their API prefix. Nothing else can be addressed. */
const RESOURCE_PREFIX = {
  deployments: '/apis/apps/v1',
  statefulsets: '/apis/apps/v1',
  jobs: '/apis/batch/v1',
  cronjobs: '/apis/batch/v1',
  pods: '/api/v1',
  events: '/api/v1',
} as const;
export type ReadableResource = keyof typeof RESOURCE_PREFIX;
/** What each readable resource's objects look like. */
export interface ResourceObjects {
  deployments: DeploymentObject;
  statefulsets: DeploymentObject;
  jobs: JobObject;
  cronjobs: CronJobObject;
  pods: PodObject;
  events: EventObject;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** Object names go into URL paths: anything but a DNS subdomain (no `/`, no `..`) is refused before a call. */
export function assertObjectName(name: string, what: string): string {
  if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name) || name.includes('..'))
    throw new KubernetesRefusal(
      `${what} "${String(name).slice(0, 80)}" is not a Kubernetes object name (lower-case letters, digits, '-' and '.')`,
    );
  return name;
}

export interface PodLogQuery {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

export interface KubernetesClient {
  readonly namespace: string;
  list<R extends ReadableResource>(
    resource: R,
    query?: { labelSelector?: string; limit?: number },
  ): Promise<ResourceObjects[R][]>;
  /**
   * One page of a list, through the API's own `limit`/`continue` (ADR 0081): at most `limit` objects and,
   * when more remain, the API's token for the next page. An expired token is a 410 from the API.
   */
  listPage<R extends ReadableResource>(
    resource: R,
    query: { limit: number; continue?: string },
  ): Promise<{ items: ResourceObjects[R][]; continue?: string }>;
  get<R extends ReadableResource>(resource: R, name: string): Promise<ResourceObjects[R]>;
  createJob(job: JobObject): Promise<JobObject>;
  /** The one patch the Role's `patch deployments` is used for: `kubectl rollout restart`'s annotation. */
  patchDeploymentRestartedAt(name: string, restartedAt: string): Promise<DeploymentObject>;
  /** A pod's log as a byte stream; aborting `signal` ends it. */
  streamPodLog(pod: string, query: PodLogQuery, signal: AbortSignal): Promise<AsyncIterable<Buffer>>;
  /** metrics.k8s.io pod usage; undefined when the metrics API is not served (no metrics-server). */
  listPodMetrics(): Promise<PodMetricsObject[] | undefined>;
  /** Argo CD Applications in `namespace` (the Argo CD namespace); undefined when the CRD is absent. */
  listArgoApplications(namespace: string): Promise<ArgoApplicationObject[] | undefined>;
  getSecret(name: string): Promise<SecretObject | undefined>;
  patchSecretData(name: string, data: Record<string, string | null>): Promise<void>;
}

/** Options for the agent in its pod: the API server from the service env, the projected token and CA. */
export function inClusterClientOptions(env: NodeJS.ProcessEnv = process.env): KubernetesClientOptions {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host)
    throw new Error(
      'KUBERNETES_SERVICE_HOST is not set: csoc-agent must run in a pod (or be given a server)',
    );
  const namespace =
    env.CSOC_AGENT_NAMESPACE ?? fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim();
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    namespace,
    caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt`,
    tokenFile: `${SERVICE_ACCOUNT_DIR}/token`,
  };
}

/** Reads the token file again when it changed on disk: the kubelet rotates projected tokens hourly. */
function tokenSource(options: KubernetesClientOptions): () => string | undefined {
  if (!options.tokenFile) return () => options.token;
  const file = options.tokenFile;
  let cached: { mtimeMs: number; token: string } | undefined;
  return () => {
    const { mtimeMs } = fs.statSync(file);
    if (!cached || cached.mtimeMs !== mtimeMs)
      cached = { mtimeMs, token: fs.readFileSync(file, 'utf8').trim() };
    return cached.token;
  };
}

export function createKubernetesClient(options: KubernetesClientOptions): KubernetesClient {
  const namespace = assertObjectName(options.namespace, 'namespace');
  const base = new URL(options.server);
  const secure = base.protocol === 'https:';
  const ca = options.ca ?? (options.caFile ? fs.readFileSync(options.caFile, 'utf8') : undefined);
  const agent = secure ? new https.Agent({ ca, keepAlive: true }) : new http.Agent({ keepAlive: true });
  const token = tokenSource(options);
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const namespaced = (resource: ReadableResource) =>
    `${RESOURCE_PREFIX[resource]}/namespaces/${namespace}/${resource}`;

  function send(
    method: string,
    path: string,
    init: { body?: unknown; contentType?: string; signal?: AbortSignal; timeout?: boolean } = {},
  ): Promise<http.IncomingMessage> {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const bearer = token();
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        new URL(path, base),
        {
          method,
          agent,
          signal: init.signal,
          headers: {
            accept: 'application/json',
            ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
            ...(body ? { 'content-type': init.contentType ?? 'application/json' } : {}),
          },
        },
        resolve,
      );
      if (init.timeout !== false)
        request.setTimeout(timeoutMs, () =>
          request.destroy(
            new Error(`the Kubernetes API did not answer ${method} ${path} within ${timeoutMs} ms`),
          ),
        );
      request.on('error', reject);
      request.end(body);
    });
  }

  async function readText(response: http.IncomingMessage): Promise<string> {
    let text = '';
    response.setEncoding('utf8');
    for await (const chunk of response) text += chunk;
    return text;
  }

  async function failure(method: string, path: string, response: http.IncomingMessage) {
    const text = await readText(response).catch(() => '');
    let status: { reason?: string; message?: string } = {};
    try {
      status = JSON.parse(text);
    } catch {
      // Not a Status object (a proxy in between): the HTTP status says enough.
    }
    return new KubernetesApiError(
      response.statusCode ?? 0,
      status.reason ?? `HTTP ${response.statusCode}`,
      `${method} ${path}: ${status.message ?? status.reason ?? `HTTP ${response.statusCode}`}`,
      path,
    );
  }

  async function call<T>(
    method: string,
    path: string,
    init: { body?: unknown; contentType?: string } = {},
  ): Promise<T> {
    const response = await send(method, path, init);
    if ((response.statusCode ?? 500) >= 400) throw await failure(method, path, response);
    const text = await readText(response);
    return (text ? JSON.parse(text) : {}) as T;
  }

  const orUndefinedOn404 = <T>(promise: Promise<T>) =>
    promise.catch((error) => {
      if (error instanceof KubernetesApiError && error.status === 404) return undefined;
      throw error;
    });

  return {
    namespace,
    async list<R extends ReadableResource>(
      resource: R,
      query: { labelSelector?: string; limit?: number } = {},
    ) {
      const search = new URLSearchParams();
      if (query.labelSelector) search.set('labelSelector', query.labelSelector);
      if (query.limit) search.set('limit', String(query.limit));
      const suffix = search.size ? `?${search}` : '';
      return (
        (await call<KubeList<ResourceObjects[R]>>('GET', `${namespaced(resource)}${suffix}`)).items ?? []
      );
    },
    async listPage<R extends ReadableResource>(resource: R, query: { limit: number; continue?: string }) {
      const search = new URLSearchParams({ limit: String(Math.max(1, Math.floor(query.limit))) });
      if (query.continue) search.set('continue', query.continue);
      const list = await call<KubeList<ResourceObjects[R]>>('GET', `${namespaced(resource)}?${search}`);
      const next = list.metadata?.continue;
      return { items: list.items ?? [], ...(next ? { continue: next } : {}) };
    },
    get: <R extends ReadableResource>(resource: R, name: string) =>
      call<ResourceObjects[R]>('GET', `${namespaced(resource)}/${assertObjectName(name, resource)}`),
    createJob: (job) =>
      call<JobObject>('POST', namespaced('jobs'), {
        body: { ...job, metadata: { ...job.metadata, namespace } },
      }),
    patchDeploymentRestartedAt: (name, restartedAt) =>
      call<DeploymentObject>(
        'PATCH',
        `${namespaced('deployments')}/${assertObjectName(name, 'deployment')}`,
        {
          contentType: 'application/strategic-merge-patch+json',
          body: {
            spec: {
              template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } },
            },
          },
        },
      ),
    async streamPodLog(pod, query, signal) {
      const search = new URLSearchParams();
      if (query.container) search.set('container', assertObjectName(query.container, 'container'));
      if (query.follow) search.set('follow', 'true');
      if (query.tailLines !== undefined)
        search.set('tailLines', String(Math.max(0, Math.floor(query.tailLines))));
      if (query.sinceSeconds !== undefined)
        search.set('sinceSeconds', String(Math.max(1, Math.floor(query.sinceSeconds))));
      if (query.timestamps) search.set('timestamps', 'true');
      const path = `${namespaced('pods')}/${assertObjectName(pod, 'pod')}/log${search.size ? `?${search}` : ''}`;
      const response = await send('GET', path, { signal, timeout: !query.follow });
      if ((response.statusCode ?? 500) >= 400) throw await failure('GET', path, response);
      return response;
    },
    async listPodMetrics() {
      const result = await call<KubeList<PodMetricsObject>>(
        'GET',
        `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods`,
      ).catch((error) => {
        // 404: the group is not registered; 503: metrics-server is registered but down. Both: no metrics.
        if (error instanceof KubernetesApiError && (error.status === 404 || error.status === 503))
          return undefined;
        throw error;
      });
      return result ? (result.items ?? []) : undefined;
    },
    async listArgoApplications(argoNamespace) {
      const path = `/apis/argoproj.io/v1alpha1/namespaces/${assertObjectName(argoNamespace, 'namespace')}/applications`;
      const result = await orUndefinedOn404(call<KubeList<ArgoApplicationObject>>('GET', path));
      return result ? (result.items ?? []) : undefined;
    },
    getSecret: (name) =>
      orUndefinedOn404(
        call<SecretObject>(
          'GET',
          `/api/v1/namespaces/${namespace}/secrets/${assertObjectName(name, 'secret')}`,
        ),
      ),
    async patchSecretData(name, data) {
      await call<SecretObject>(
        'PATCH',
        `/api/v1/namespaces/${namespace}/secrets/${assertObjectName(name, 'secret')}`,
        {
          contentType: 'application/merge-patch+json',
          body: { data },
        },
      );
    },
  };
}

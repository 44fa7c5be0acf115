// Test support: a small fake Kubernetes API server on loopback, for tests that need a cluster where none can
// run. It implements only what CSOC's clients call: the kubernetes runner's Secrets, Jobs, pod list and pod log
// (playing the kubelet with scripted plugin output), the namespace read and SelfSubjectAccessReviews answered
// from an RBAC-like permission table (the existing-cluster plugin's access check), with optional TLS (a test
// CA: createTestCertificates), bearer-token and client-certificate authentication. What a real API server adds
// (admission, aggregation, real RBAC evaluation with escalation checks, scheduling) is not here.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One row of the permission table: like an RBAC rule; an absent list or `*` matches anything. */
export interface FakePermissionRule {
  verbs?: string[];
  /** API groups; `''` is the core group. */
  groups?: string[];
  /** Resources, with `/subresource` when it applies (`pods/log`). */
  resources?: string[];
  /** Namespaces (for cluster-scoped checks: the object name); absent = every namespace and cluster-wide. */
  namespaces?: string[];
}

/** The `spec.resourceAttributes` of a SelfSubjectAccessReview. */
export interface FakeResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface FakeKubernetesApiOptions {
  /** Serve HTTPS with this certificate (e.g. from createTestCertificates); plain HTTP without it. */
  tls?: { cert: string; key: string };
  /** Accept client certificates signed by this CA (needs `tls`); the certificate's CN is the user. */
  clientCa?: string;
  /** Bearer tokens accepted; others get 401. Absent: no authentication (the runner tests). */
  tokens?: string[];
  /** What SelfSubjectAccessReviews allow; absent or empty: nothing (RBAC's default deny). */
  permissions?: FakePermissionRule[];
  /** Namespaces that exist. */
  namespaces?: string[];
  /** Answer every request this much later: a cluster across a network (benchmarks). */
  responseDelayMs?: number;
  /**
   * Enforce the permission table on every resource request (403 when no rule allows it), as RBAC does for
   * a ServiceAccount bound to a Role. Off by default: the runner's tests use a fake without authorization.
   */
  enforcePermissions?: boolean;
}

export interface FakeJobScenario {
  lines: string[];
  exitCode?: number;
  /** Keep running after the lines until the Job is deleted. */
  hang?: boolean;
  /** The container never starts: it waits with this reason. */
  waitingReason?: string;
  /** The first log connection ends after this many lines although the container still runs. */
  dropLogAfter?: number;
}

export interface FakePod {
  name: string;
  labels: Record<string, string>;
  state: Record<string, unknown>;
  lines: { stamp: string; text: string }[];
  done: boolean;
  followers: Set<() => void>;
  logConnections: number;
}

/** RFC 7386 JSON merge patch (what a strategic merge patch does to maps, which is all the clients patch). */
export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The RBAC attributes of a resource request: `/api/v1/namespaces/x/pods/y/log` → get pods/log in x. */
export function resourceAttributes(method: string, url: URL): FakeResourceAttributes | undefined {
  const match =
    /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
  if (!match) return undefined;
  const [, group = '', namespace, resource, name, subresource] = match;
  if (group === 'authorization.k8s.io') return undefined;
  const verb =
    method === 'GET'
      ? url.searchParams.get('watch') === 'true'
        ? 'watch'
        : name
          ? 'get'
          : 'list'
      : ({ POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' } as Record<string, string>)[
          method
        ];
  return { verb, group, namespace, resource, name, subresource };
}

let stampCounter = 0;
/** RFC 3339 with nanoseconds and trailing zeros trimmed, the way the API server writes them. */
function nextStamp(): string {
  stampCounter += 1;
  const base = new Date(Date.UTC(2030, 0, 1, 0, 0, Math.floor(stampCounter / 1000)))
    .toISOString()
    .slice(0, 19);
  const fraction = String((stampCounter % 1000) * 1_000_000)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}Z`;
}

/**
 * The fake API server (and kubelet). Call `listen()` to serve it on an ephemeral loopback port.
 *
 * @example
 * const api = createFakeKubernetesApi({ tls: certs, tokens: ['t0ken'], namespaces: ['gen3'], permissions: [] });
 * const url = await api.listen(); // https://127.0.0.1:<port>
 */
export function createFakeKubernetesApi(options: FakeKubernetesApiOptions = {}) {
  const calls: string[] = [];
  const authorizations = new Set<string>();
  const secrets = new Map<string, any>();
  const jobs = new Map<string, any>();
  const pods = new Map<string, FakePod>();
  const patches: { name: string; contentType?: string; body: any }[] = [];
  const deletes: { path: string; query: string }[] = [];
  /** Every Secret and Job ever created, kept after deletion for the assertions. */
  const created = { secrets: [] as any[], jobs: [] as any[] };
  const logQueries: string[] = [];
  /** Every SelfSubjectAccessReview asked, with the user who asked. */
  const accessReviews: Array<FakeResourceAttributes & { user: string }> = [];
  const namespaces = new Set(options.namespaces ?? []);
  const permissions = options.permissions ?? [];

  /** The user of a request: a listed bearer token, or a client certificate the CA signed; else none. */
  function authenticate(request: http.IncomingMessage): string | undefined {
    const socket = request.socket as TLSSocket;
    if (options.clientCa && socket.authorized) {
      const subject = socket.getPeerCertificate()?.subject;
      if (subject?.CN) return String(subject.CN);
    }
    const header = request.headers.authorization ?? '';
    authorizations.add(header);
    if (!options.tokens) return 'anonymous-allowed';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    return token && options.tokens.includes(token) ? `token:${options.tokens.indexOf(token)}` : undefined;
  }

  /** RBAC's evaluation of the table: any rule matching verb, group, resource (with subresource) and namespace. */
  function isAllowed(attributes: FakeResourceAttributes): boolean {
    const resource = attributes.subresource
      ? `${attributes.resource}/${attributes.subresource}`
      : attributes.resource;
    const matches = (list: string[] | undefined, value: string | undefined) =>
      !list || list.includes('*') || list.includes(value ?? '');
    return permissions.some(
      (rule) =>
        matches(rule.verbs, attributes.verb) &&
        matches(rule.groups, attributes.group ?? '') &&
        matches(rule.resources, resource) &&
        (rule.namespaces === undefined || matches(rule.namespaces, attributes.namespace ?? attributes.name)),
    );
  }
  /** Other objects (Deployments, CronJobs, Events…): collection path → name → object; GET and PATCH them. */
  const objects = new Map<string, Map<string, any>>();
  function objectsAt(pathname: string) {
    const collection = objects.get(pathname);
    if (collection) return { collection, name: undefined };
    const slash = pathname.lastIndexOf('/');
    const parent = objects.get(pathname.slice(0, slash));
    return parent ? { collection: parent, name: pathname.slice(slash + 1) } : undefined;
  }
  let scenario: FakeJobScenario = { lines: [] };
  let uid = 0;

  const json = (response: http.ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const notFound = (response: http.ServerResponse) =>
    json(response, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
    });

  function emit(pod: FakePod, text: string) {
    pod.lines.push({ stamp: nextStamp(), text });
    for (const follower of pod.followers) follower();
  }
  function finish(pod: FakePod, exitCode: number) {
    if (pod.done) return;
    pod.state = { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error' } };
    pod.done = true;
    // The Job controller's verdict, which clients read from the Job's conditions.
    const job = jobs.get(pod.labels['job-name'] ?? '');
    if (job)
      job.status =
        exitCode === 0
          ? { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }
          : {
              failed: 1,
              conditions: [
                {
                  type: 'Failed',
                  status: 'True',
                  reason: 'BackoffLimitExceeded',
                  message: 'Job has reached the specified backoff limit',
                },
              ],
            };
    for (const follower of pod.followers) follower();
  }

  /** Plays the kubelet for a new Job: a pod that starts, writes the scripted lines, and ends. */
  function runPod(job: any) {
    // The Job controller adds job-name to its pods, so clients find them by that label.
    const labels = {
      ...(job.spec.template.metadata?.labels as Record<string, string> | undefined),
      'job-name': job.metadata.name,
    };
    const pod: FakePod = {
      name: `${job.metadata.name}-x7k2p`,
      labels,
      state: { waiting: { reason: 'ContainerCreating' } },
      lines: [],
      done: false,
      followers: new Set(),
      logConnections: 0,
    };
    pods.set(pod.name, pod);
    const current = scenario;
    setTimeout(async () => {
      if (current.waitingReason) {
        pod.state = { waiting: { reason: current.waitingReason, message: 'Back-off pulling image' } };
        return;
      }
      pod.state = { running: { startedAt: new Date().toISOString() } };
      for (const line of current.lines) {
        if (pod.done) return;
        emit(pod, line);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!current.hang) finish(pod, current.exitCode ?? 0);
    }, 60);
  }

  function streamLog(pod: FakePod, url: URL, response: http.ServerResponse) {
    pod.logConnections += 1;
    logQueries.push(url.search);
    if (pod.state.waiting)
      return json(response, 400, { kind: 'Status', code: 400, message: 'container is waiting to start' });
    const since = url.searchParams.get('sinceTime');
    const drop = pod.logConnections === 1 ? scenario.dropLogAfter : undefined;
    response.writeHead(200, { 'content-type': 'text/plain' });
    let sent = 0;
    let index = 0;
    const pump = () => {
      while (index < pod.lines.length) {
        const line = pod.lines[index++]!;
        // sinceTime is inclusive, to the second in a real server: the client must skip what it has seen.
        if (since && line.stamp.slice(0, 19) < since.slice(0, 19)) continue;
        response.write(`${line.stamp} ${line.text}\n`);
        sent += 1;
        if (drop !== undefined && sent >= drop) {
          pod.followers.delete(pump);
          response.end();
          return;
        }
      }
      if (pod.done) {
        pod.followers.delete(pump);
        response.end();
      }
    };
    pod.followers.add(pump);
    response.on('close', () => pod.followers.delete(pump));
    pump();
  }

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      calls.push(`${request.method} ${url.pathname}`);
      const body = text ? JSON.parse(text) : undefined;
      const user = authenticate(request);
      if (!user) {
        return json(response, 401, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Unauthorized',
          message: 'Unauthorized',
          code: 401,
        });
      }
      let match: RegExpExecArray | null;
      const attributes = options.enforcePermissions
        ? resourceAttributes(request.method ?? 'GET', url)
        : undefined;
      if (attributes && !isAllowed(attributes))
        return json(response, 403, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message: `${attributes.resource} is forbidden: User "${user}" cannot ${attributes.verb} resource "${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''}" in API group "${attributes.group}" in the namespace "${attributes.namespace ?? ''}"`,
        });
      const seeded = objectsAt(url.pathname);
      if (seeded) {
        if (!seeded.name && request.method === 'GET')
          return json(response, 200, {
            kind: 'List',
            apiVersion: 'v1',
            metadata: {},
            items: [...seeded.collection.values()],
          });
        const object = seeded.name ? seeded.collection.get(seeded.name) : undefined;
        if (!object) return notFound(response);
        if (request.method === 'GET') return json(response, 200, object);
        if (request.method === 'PATCH') {
          patches.push({ name: seeded.name!, contentType: request.headers['content-type'], body });
          const next = mergePatch(object, body);
          seeded.collection.set(seeded.name!, next);
          return json(response, 200, next);
        }
      }
      if (
        url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews' &&
        request.method === 'POST'
      ) {
        const attributes = (body?.spec?.resourceAttributes ?? {}) as FakeResourceAttributes;
        accessReviews.push({ user, ...attributes });
        const allowed = isAllowed(attributes);
        return json(response, 201, {
          kind: 'SelfSubjectAccessReview',
          apiVersion: 'authorization.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec: body.spec,
          status: allowed ? { allowed: true, reason: 'RBAC: allowed by the fake table' } : { allowed: false },
        });
      }
      if ((match = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(url.pathname)) && request.method === 'GET') {
        const name = match[1]!;
        if (!isAllowed({ verb: 'get', group: '', resource: 'namespaces', name }))
          return json(response, 403, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'Forbidden',
            code: 403,
            message: `namespaces "${name}" is forbidden: User "${user}" cannot get resource "namespaces" in API group "" in the namespace "${name}"`,
          });
        if (!namespaces.has(name)) return notFound(response);
        return json(response, 200, {
          kind: 'Namespace',
          apiVersion: 'v1',
          metadata: { name },
          status: { phase: 'Active' },
        });
      }
      if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets(?:\/([^/]+))?$/.exec(url.pathname))) {
        const name = match[2];
        if (request.method === 'POST') {
          body.metadata.uid = `uid-${++uid}`;
          secrets.set(body.metadata.name, body);
          created.secrets.push(body);
          return json(response, 201, body);
        }
        if (!name || !secrets.has(name)) return notFound(response);
        if (request.method === 'GET') return json(response, 200, secrets.get(name));
        if (request.method === 'PATCH') {
          patches.push({ name, contentType: request.headers['content-type'], body });
          if (request.headers['content-type'] === 'application/merge-patch+json')
            secrets.set(name, mergePatch(secrets.get(name), body));
          return json(response, 200, secrets.get(name));
        }
        if (request.method === 'DELETE') {
          deletes.push({ path: url.pathname, query: url.search });
          secrets.delete(name);
          return json(response, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
        }
      }
      if ((match = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/.exec(url.pathname))) {
        const name = match[2];
        if (request.method === 'POST') {
          body.metadata.uid = `uid-${++uid}`;
          jobs.set(body.metadata.name, body);
          created.jobs.push(body);
          runPod(body);
          return json(response, 201, body);
        }
        if (!name && request.method === 'GET')
          return json(response, 200, {
            kind: 'JobList',
            apiVersion: 'batch/v1',
            metadata: {},
            items: [...jobs.values()],
          });
        if (!name || !jobs.has(name)) return notFound(response);
        if (request.method === 'GET') return json(response, 200, jobs.get(name));
        if (request.method === 'DELETE') {
          deletes.push({ path: url.pathname, query: url.search });
          jobs.delete(name);
          // Garbage collection deletes the pod gracefully: SIGTERM, the plugin stops, the pod goes.
          for (const pod of pods.values()) {
            if (pod.labels['csoc.gen3.org/job'] !== name) continue;
            setTimeout(() => {
              if (!pod.done) {
                emit(pod, 'Interrupted by the host (signal)');
                finish(pod, 143);
              }
              setTimeout(() => pods.delete(pod.name), 100);
            }, 50);
          }
          return json(response, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
        }
      }
      if ((match = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname)) && request.method === 'GET') {
        const [key, value] = (url.searchParams.get('labelSelector') ?? '').split('=');
        const items = [...pods.values()]
          .filter((pod) => pod.labels[key!] === value)
          .map((pod) => ({
            metadata: { name: pod.name, labels: pod.labels },
            status: {
              phase: pod.state.running ? 'Running' : pod.state.terminated ? 'Succeeded' : 'Pending',
              containerStatuses: [
                {
                  name: 'plugin',
                  image: 'x',
                  imageID: '',
                  ready: !!pod.state.running,
                  restartCount: 0,
                  state: pod.state,
                },
              ],
            },
          }));
        return json(response, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items });
      }
      if (
        (match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname)) &&
        request.method === 'GET'
      ) {
        const pod = pods.get(match[2]!);
        if (!pod) return notFound(response);
        return streamLog(pod, url, response);
      }
      // A real API server answers 404 for an API group it does not serve (metrics.k8s.io without metrics-server).
      if (request.method === 'GET' && url.pathname.startsWith('/apis/')) return notFound(response);
      json(response, 405, {
        kind: 'Status',
        code: 405,
        message: `the fake does not implement ${request.method} ${url.pathname}`,
      });
    });
  };
  const delayed = (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (options.responseDelayMs) setTimeout(() => handle(request, response), options.responseDelayMs);
    else handle(request, response);
  };
  const server: http.Server = options.tls
    ? https.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
        },
        delayed,
      )
    : http.createServer(delayed);
  return {
    server,
    /** Serves on 127.0.0.1 at an ephemeral port; resolves the base URL (https when `tls` was given). */
    listen: () =>
      new Promise<string>((resolve) => {
        server.listen(0, '127.0.0.1', () => {
          const port = (server.address() as AddressInfo).port;
          resolve(`${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    accessReviews,
    /** The permission table in use; tests may change it (revoke a rule) between requests. */
    permissions,
    namespaces,
    calls,
    authorizations,
    secrets,
    jobs,
    pods,
    patches,
    deletes,
    created,
    logQueries,
    /** Seed objects the fake has no special handling for: `objects.set('/apis/apps/v1/namespaces/gen3/deployments', new Map([...]))`. */
    objects,
    setScenario: (next: FakeJobScenario) => {
      scenario = next;
    },
  };
}

// A simulated commons cluster: an HTTP(S) server speaking the subset of the Kubernetes API that csoc-agent
// uses, so the real client and handlers run against it unchanged (ADR 0065: the simulator never hides a
// seam). It answers only in its one namespace (elsewhere: 403, as the agent's Role would), holds the
// commons' Gen3 workloads, and moves them along every tick.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { withGen3CronJobs } from './gen3Seeds.ts';
import {
  renderCronJob,
  renderEvent,
  renderJob,
  renderPod,
  renderPodMetrics,
  renderWorkload,
} from './renderObjects.ts';
import {
  createSimulatedClusterState,
  type SimPod,
  type SimulatedWorkloadSeed,
} from './simulatedClusterState.ts';

export interface SimulatedClusterOptions {
  namespace: string;
  workloads: SimulatedWorkloadSeed[];
  /** Add the CronJobs Gen3's charts ship with the seeded services (usersync, migrations, ETL); default true. */
  gen3CronJobs?: boolean;
  /** A tick every this many ms (pods start, log, crash; Jobs advance); default 1000. 0: only tick() moves it. */
  tickMs?: number;
  /** Ticks a Job runs; default 3. */
  jobTicks?: number;
  /** Serve HTTPS with this certificate; plain HTTP without it. */
  tls?: { cert: string; key: string };
  /** Accept only this bearer token (the agent's ServiceAccount token); absent: any. */
  token?: string;
  /** Serve metrics.k8s.io (a metrics-server); default true. */
  metrics?: boolean;
  /** Serve Argo CD Applications in this namespace: one application reporting the workloads' health. */
  argocdNamespace?: string;
  /** The Secret the agent keeps its identity in; created empty, as the manifests do. */
  identitySecretName?: string;
}

/** A client's JSON body, read field by field with optional chaining: whatever a client sends. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any JSON a client may send
type ClientBody = any;

type Reply = { status: number; body?: unknown; stream?: (response: http.ServerResponse) => void };

const status = (code: number, reason: string, message: string): Reply => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code },
});

export function createSimulatedCluster(options: SimulatedClusterOptions) {
  const namespace = options.namespace;
  const state = createSimulatedClusterState({
    workloads: options.gen3CronJobs === false ? options.workloads : withGen3CronJobs(options.workloads),
    jobTicks: options.jobTicks,
  });
  const secrets = new Map<string, { data: Record<string, string> }>();
  if (options.identitySecretName !== undefined) secrets.set(options.identitySecretName, { data: {} });
  let ticks = 0;
  const requests: string[] = [];

  /**
   * A list as the API server answers it: ordered by name, and with `limit` a page plus a `continue` token for the
   * rest (the token names the last object served, so it stays valid however often it is used). A token
   * this server did not hand out is a 410, as an expired one is from a real API server.
   */
  function list(kind: string, items: unknown[], url?: URL): Reply {
    const limit = Number(url?.searchParams.get('limit') ?? 0);
    const token = url?.searchParams.get('continue');
    const nameOf = (item: unknown) => String((item as { metadata?: { name?: string } }).metadata?.name ?? '');
    const sorted = [...items].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
    let after = '';
    if (token) {
      try {
        after = String(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).start ?? '');
      } catch {
        after = '';
      }
      if (!after)
        return status(
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result.',
        );
    }
    const rest = after ? sorted.filter((item) => nameOf(item) > after) : sorted;
    const page = limit > 0 ? rest.slice(0, limit) : rest;
    const more = page.length < rest.length;
    const metadata = more
      ? {
          continue: Buffer.from(JSON.stringify({ start: nameOf(page.at(-1)) })).toString('base64url'),
          remainingItemCount: rest.length - page.length,
        }
      : {};
    return { status: 200, body: { kind: `${kind}List`, apiVersion: 'v1', metadata, items: page } };
  }
  const notFound = (what: string, name: string) => status(404, 'NotFound', `${what} "${name}" not found`);

  function matchesSelector(pod: SimPod, selector: string | null) {
    if (!selector) return true;
    return selector.split(',').every((term) => {
      const [key, value] = term.split('=');
      return pod.labels[key!] === value;
    });
  }

  function streamLog(pod: SimPod, url: URL): Reply {
    const names = [pod.container, ...pod.sidecars.map((sidecar) => sidecar.name)];
    const container = url.searchParams.get('container');
    if (container && !names.includes(container))
      return status(400, 'BadRequest', `container ${container} is not valid for pod ${pod.name}`);
    if (!container && names.length > 1)
      return status(
        400,
        'BadRequest',
        `a container name must be specified for pod ${pod.name}, choose one of: [${names.join(' ')}]`,
      );
    // The main container's lines carry no container; a sidecar's carry its name.
    const mine = (line: { container?: string }) =>
      !container || container === pod.container ? !line.container : line.container === container;
    if (pod.phase === 'Pending')
      return status(
        400,
        'BadRequest',
        `container "${pod.container}" in pod "${pod.name}" is waiting to start: ContainerCreating`,
      );
    const follow = url.searchParams.get('follow') === 'true';
    const timestamps = url.searchParams.get('timestamps') === 'true';
    const tail = url.searchParams.get('tailLines');
    const since = url.searchParams.get('sinceSeconds');
    const cutoff = since ? Date.now() - Number(since) * 1000 : 0;
    return {
      status: 200,
      stream(response) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const format = (line: { at: Date; text: string }) =>
          `${timestamps ? `${line.at.toISOString()} ` : ''}${line.text}\n`;
        let lines = pod.lines.filter((line) => mine(line) && line.at.getTime() >= cutoff);
        if (tail !== null) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
        response.write(lines.map(format).join(''));
        // Lines are trimmed from the front as they age out: follow by the last line written, not an index.
        let last = pod.lines.at(-1);
        const ended = () => pod.phase === 'Succeeded' || pod.phase === 'Failed' || !state.pods.has(pod.name);
        if (!follow || ended()) return void response.end();
        const pump = () => {
          const start = last ? pod.lines.lastIndexOf(last) + 1 : 0;
          for (const line of pod.lines.slice(start)) if (mine(line)) response.write(format(line));
          last = pod.lines.at(-1);
          if (ended()) {
            pod.followers.delete(pump);
            response.end();
          }
        };
        pod.followers.add(pump);
        response.on('close', () => pod.followers.delete(pump));
      },
    };
  }

  function route(method: string, url: URL, body: ClientBody): Reply {
    const match =
      /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        url.pathname,
      );
    if (!match)
      return status(
        403,
        'Forbidden',
        `${method} ${url.pathname} is forbidden: the agent's Role is namespaced to ${namespace}`,
      );
    const [, group = '', ns, resource, name, subresource] = match;
    const argo = group === 'argoproj.io' && resource === 'applications' && ns === options.argocdNamespace;
    if (ns !== namespace && !argo)
      return status(
        403,
        'Forbidden',
        `${resource} is forbidden in the namespace "${ns}": the agent's Role is namespaced to ${namespace}`,
      );
    const key = `${method} ${group}/${resource}${name ? '/:name' : ''}${subresource ? `/${subresource}` : ''}`;
    switch (key) {
      case 'GET apps/deployments':
      case 'GET apps/statefulsets': {
        const kind = resource === 'deployments' ? 'Deployment' : 'StatefulSet';
        return list(
          kind,
          [...state.workloads.values()]
            .filter((w) => w.kind === kind)
            .map((w) => renderWorkload(w, namespace, state.readyReplicas(w))),
          url,
        );
      }
      case 'GET apps/deployments/:name':
      case 'GET apps/statefulsets/:name': {
        const workload = state.workloads.get(name!);
        const kind = resource === 'deployments' ? 'Deployment' : 'StatefulSet';
        if (!workload || workload.kind !== kind) return notFound(resource!, name!);
        return { status: 200, body: renderWorkload(workload, namespace, state.readyReplicas(workload)) };
      }
      case 'PATCH apps/deployments/:name': {
        const annotations = body?.spec?.template?.metadata?.annotations;
        const rest = JSON.stringify({
          ...body,
          spec: {
            ...body?.spec,
            template: {
              ...body?.spec?.template,
              metadata: { ...body?.spec?.template?.metadata, annotations: undefined },
            },
          },
        });
        if (!annotations || rest !== JSON.stringify({ spec: { template: { metadata: {} } } }))
          return status(
            422,
            'Invalid',
            'the simulated cluster applies only spec.template.metadata.annotations to a Deployment',
          );
        const workload = state.patchDeploymentAnnotations(name!, annotations);
        return workload
          ? { status: 200, body: renderWorkload(workload, namespace, state.readyReplicas(workload)) }
          : notFound('deployments', name!);
      }
      case 'GET batch/cronjobs':
        return list(
          'CronJob',
          [...state.cronJobs.values()].map((cron) => renderCronJob(cron, namespace, activeJobsOf(cron.name))),
          url,
        );
      case 'GET batch/cronjobs/:name': {
        const cron = state.cronJobs.get(name!);
        return cron
          ? { status: 200, body: renderCronJob(cron, namespace, activeJobsOf(cron.name)) }
          : notFound('cronjobs.batch', name!);
      }
      case 'GET batch/jobs':
        return list(
          'Job',
          [...state.jobs.values()].map((job) => renderJob(job, namespace)),
          url,
        );
      case 'GET batch/jobs/:name': {
        const job = state.jobs.get(name!);
        return job ? { status: 200, body: renderJob(job, namespace) } : notFound('jobs.batch', name!);
      }
      case 'POST batch/jobs': {
        const jobName = String(body?.metadata?.name ?? '');
        if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(jobName))
          return status(
            422,
            'Invalid',
            `Job.batch "${jobName}" is invalid: metadata.name must be a DNS label`,
          );
        if (state.jobs.has(jobName))
          return status(409, 'AlreadyExists', `jobs.batch "${jobName}" already exists`);
        return { status: 201, body: renderJob(state.createJob(body), namespace) };
      }
      case 'GET /pods':
        return list(
          'Pod',
          [...state.pods.values()]
            .filter((pod) => matchesSelector(pod, url.searchParams.get('labelSelector')))
            .map((pod) => renderPod(pod, namespace)),
          url,
        );
      case 'GET /pods/:name': {
        const pod = state.pods.get(name!);
        return pod ? { status: 200, body: renderPod(pod, namespace) } : notFound('pods', name!);
      }
      case 'GET /pods/:name/log': {
        const pod = state.pods.get(name!);
        return pod ? streamLog(pod, url) : notFound('pods', name!);
      }
      case 'GET /events':
        return list(
          'Event',
          state.events.map((event) => renderEvent(event, namespace)),
          url,
        );
      case 'GET metrics.k8s.io/pods':
        if (options.metrics === false)
          return status(404, 'NotFound', 'the server could not find the requested resource');
        return list(
          'PodMetrics',
          [...state.pods.values()]
            .filter((pod) => pod.phase === 'Running' && !pod.waitingReason)
            .map((pod) => renderPodMetrics(pod, namespace, ticks)),
        );
      case 'GET argoproj.io/applications':
        return list('Application', [argoApplication()]);
      case 'GET /secrets/:name':
      case 'PATCH /secrets/:name': {
        const secret = secrets.get(name!);
        if (!secret) return notFound('secrets', name!);
        if (method === 'PATCH')
          for (const [field, value] of Object.entries((body?.data ?? {}) as Record<string, string | null>))
            if (value === null) delete secret.data[field];
            else secret.data[field] = value;
        return {
          status: 200,
          body: {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name, namespace },
            type: 'Opaque',
            data: { ...secret.data },
          },
        };
      }
      default:
        return status(
          403,
          'Forbidden',
          `${method} ${resource}${subresource ? `/${subresource}` : ''} is not allowed by the agent's Role`,
        );
    }
  }

  const activeJobsOf = (cronJob: string) =>
    [...state.jobs.values()].filter((job) => job.cronJob === cronJob && !job.outcome);

  function argoApplication() {
    const failing = [...state.workloads.values()].filter((workload) => workload.failing);
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: namespace, namespace: options.argocdNamespace },
      status: {
        sync: { status: 'Synced', revision: 'simulated' },
        health: { status: failing.length ? 'Degraded' : 'Healthy' },
        ...(failing.length
          ? {
              conditions: [
                { type: 'Degraded', message: `${failing.map((w) => w.name).join(', ')} crash-looping` },
              ],
            }
          : {}),
      },
    };
  }

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 1024 * 1024) request.destroy();
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://simulated');
      const method = request.method ?? 'GET';
      requests.push(`${method} ${url.pathname}`);
      if (requests.length > 10_000) requests.splice(0, 5_000);
      const send = (reply: Reply) => {
        if (reply.stream) return reply.stream(response);
        response
          .writeHead(reply.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(reply.body));
      };
      if (options.token && request.headers.authorization !== `Bearer ${options.token}`)
        return send(status(401, 'Unauthorized', 'Unauthorized'));
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return send(status(400, 'BadRequest', 'the request body is not JSON'));
      }
      send(route(method, url, body));
    });
  };

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : http.createServer(handle);
  const tickMs = options.tickMs ?? 1000;
  const tick = () => {
    ticks += 1;
    state.tick();
  };
  let timer: NodeJS.Timeout | undefined;

  return {
    namespace,
    state,
    /** Every request served, as "VERB /path" (the newest 5,000 to 10,000). */
    requests,
    /** Serves on 127.0.0.1 at an ephemeral port and starts the clock; resolves the base URL. */
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      if (tickMs > 0) timer = setInterval(tick, tickMs);
      const port = (server.address() as AddressInfo).port;
      return `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    },
    async close() {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    /** Advances the cluster one step now (tests use tickMs 0 and call this). */
    tick,
    failService: (name: string, reason: string) => state.failService(name, reason),
    writeLog: (pod: string, text: string, container?: string) => state.writeLog(pod, text, container),
    recover: (name: string) => state.recover(name),
    /** Where usersync reads user.yaml, as the commons' synced values say; its output names it. */
    setUserYamlSource: (source: string | undefined) => state.setUserYamlSource(source),
  };
}

export type SimulatedCluster = ReturnType<typeof createSimulatedCluster>;

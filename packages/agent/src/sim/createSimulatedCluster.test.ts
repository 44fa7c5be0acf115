// The real client and handlers against the simulated cluster, end to end over HTTPS: what a commons looks like
// from the inside, pods that fail and recover on cue, restarts that roll to new pods, Gen3 jobs that run and
// finish (or fail on cue), logs followed and cancelled, and nothing outside the commons' namespace.
import https from 'node:https';
import {
  createTestCertificates,
  type TestCertificates,
} from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import {
  DEFAULT_LIST_PAGE,
  MAX_EVENTS_LISTED,
  MAX_FRAME_BYTES,
  MAX_LIST_PAGE,
  checkRequestResult,
  type AgentRequestKind,
} from '@csoc/common/agent-protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubernetesHandlers } from '../kubernetes/createKubernetesHandlers.ts';
import { createKubernetesClient } from '../kubernetes/kubernetesClient.ts';
import { createSecretIdentityStore } from '../kubernetes/secretIdentityStore.ts';
import { collectingContext, waitFor } from '../testing/collectingContext.ts';
import { createSimulatedCluster, type SimulatedClusterOptions } from './createSimulatedCluster.ts';
import type { SimulatedWorkloadSeed } from './simulatedClusterState.ts';

const NS = 'gen3-prod';

/** A raw GET with the test CA, for paths the agent's client cannot even build. */
function fetchInsecure(url: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    https
      .get(url, { ca: certs.caCert, headers: { authorization: 'Bearer sa-token' } }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
const SEEDS: SimulatedWorkloadSeed[] = [
  { service: 'fence', image: 'quay.io/cdis/fence:2025.01', replicas: 2, kind: 'Deployment' },
  { service: 'arborist', image: 'quay.io/cdis/arborist:2025.01', replicas: 1, kind: 'Deployment' },
  { service: 'guppy', image: 'quay.io/cdis/guppy:2025.01', replicas: 1, kind: 'Deployment' },
  { service: 'revproxy', image: 'quay.io/cdis/nginx:2025.01', replicas: 1, kind: 'Deployment' },
  {
    service: 'elasticsearch',
    image: 'docker.elastic.co/elasticsearch/elasticsearch:7.10.2',
    replicas: 1,
    kind: 'StatefulSet',
  },
];

let certs: TestCertificates;
const closers: Array<() => Promise<void>> = [];
beforeAll(() => {
  certs = createTestCertificates();
});
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function commons(options: Partial<SimulatedClusterOptions> = {}) {
  const cluster = createSimulatedCluster({
    namespace: NS,
    workloads: SEEDS,
    tickMs: 0,
    tls: { cert: certs.serverCert, key: certs.serverKey },
    token: 'sa-token',
    argocdNamespace: 'argocd',
    identitySecretName: 'csoc-agent-identity',
    ...options,
  });
  const server = await cluster.listen();
  closers.push(() => cluster.close());
  const client = createKubernetesClient({ server, namespace: NS, ca: certs.caCert, token: 'sa-token' });
  const handlers = createKubernetesHandlers({
    client,
    namespace: NS,
    argocdNamespace: 'argocd',
    jobPollMs: 20,
  });
  /** Calls a handler and checks its result against the link's schema, as the agent's link does. */
  async function ask<K extends AgentRequestKind>(kind: K, params: unknown = {}) {
    const handler = handlers[kind] as (params: unknown, ctx: unknown) => Promise<unknown>;
    const result = await handler(params, collectingContext().context);
    expect(checkRequestResult(kind, result)).toEqual({ ok: true });
    return result as any;
  }
  return { cluster, client, handlers, ask, server };
}

describe('a simulated commons seen through the agent', () => {
  it('shows the seeded Gen3 workloads with their images, the chart CronJobs, pods that come up, events and usage', async () => {
    const { cluster, ask } = await commons();
    const before = await ask('workloads.list');
    expect(before.workloads.find((w: any) => w.name === 'fence')).toEqual({
      kind: 'Deployment',
      name: 'fence',
      ready: 0,
      desired: 2,
      images: ['quay.io/cdis/fence:2025.01'],
    });
    cluster.tick(); // containers start
    cluster.tick(); // and become ready
    const { workloads } = await ask('workloads.list');
    expect(workloads.map((w: any) => `${w.kind} ${w.name} ${w.ready}/${w.desired}`)).toEqual([
      // By name within each kind, as the API server lists them.
      'Deployment arborist 1/1',
      'Deployment fence 2/2',
      'Deployment guppy 1/1',
      'Deployment revproxy 1/1',
      'StatefulSet elasticsearch 1/1',
      'CronJob etl-cronjob 0/0',
      'CronJob fence-db-migrate-cronjob 0/0',
      'CronJob usersync 0/0',
    ]);
    expect(workloads.find((w: any) => w.name === 'usersync')).toMatchObject({
      schedule: '*/30 * * * *',
      images: ['quay.io/cdis/fence:2025.01'],
    });

    const { pods } = await ask('pods.list');
    expect(pods).toHaveLength(6);
    const fencePods = pods.filter((pod: any) => pod.owner?.name === 'fence');
    expect(fencePods).toHaveLength(2);
    expect(fencePods[0]).toMatchObject({
      phase: 'Running',
      ready: true,
      restarts: 0,
      owner: { kind: 'Deployment', name: 'fence' },
    });
    expect(pods.find((pod: any) => pod.name === 'elasticsearch-0')).toMatchObject({
      owner: { kind: 'StatefulSet', name: 'elasticsearch' },
    });

    const { events } = await ask('events.list');
    expect(events.map((event: any) => event.reason)).toEqual(
      expect.arrayContaining(['Scheduled', 'Pulled', 'Started', 'SuccessfulCreate']),
    );
    const metrics = await ask('metrics.pods');
    expect(metrics.available).toBe(true);
    expect(metrics.pods).toHaveLength(6);
    for (const usage of metrics.pods) {
      expect(usage.cpuMillicores).toBeGreaterThan(0);
      expect(usage.memoryBytes).toBeGreaterThan(1024 * 1024);
    }
    expect(await ask('argocd.status')).toEqual({
      applications: [{ name: NS, sync: 'Synced', health: 'Healthy', revision: 'simulated' }],
    });
  });

  it('crash-loops a service on cue, with restarts, the termination reason and Warning events, until it recovers', async () => {
    const { cluster, ask } = await commons();
    cluster.tick();
    cluster.tick();
    cluster.failService('arborist', 'OOMKilled');
    for (let i = 0; i < 4; i += 1) cluster.tick();
    const arborist = (await ask('pods.list')).pods.find((pod: any) => pod.owner?.name === 'arborist');
    expect(arborist).toMatchObject({ ready: false, restarts: 2 });
    expect(arborist.containers[0]).toMatchObject({ lastTerminationReason: 'OOMKilled', ready: false });
    expect((await ask('workloads.list')).workloads.find((w: any) => w.name === 'arborist')).toMatchObject({
      ready: 0,
      desired: 1,
    });
    const backOff = (await ask('events.list')).events.find((event: any) => event.reason === 'BackOff');
    expect(backOff).toMatchObject({
      type: 'Warning',
      object: { kind: 'Pod', name: arborist.name },
      count: 2,
    });
    expect((await ask('argocd.status')).applications[0]).toMatchObject({
      health: 'Degraded',
      message: 'arborist crash-looping',
    });

    cluster.recover('arborist');
    cluster.tick();
    cluster.tick();
    const recovered = (await ask('pods.list')).pods.find((pod: any) => pod.owner?.name === 'arborist');
    expect(recovered).toMatchObject({ name: arborist.name, ready: true, restarts: 2 });
    expect((await ask('argocd.status')).applications[0].health).toBe('Healthy');
  });

  it('restarts a Deployment through the annotation: new pods replace the old ones', async () => {
    const { cluster, ask, handlers } = await commons();
    cluster.tick();
    cluster.tick();
    const podsOfFence = async () =>
      (await ask('pods.list')).pods
        .filter((pod: any) => pod.owner?.name === 'fence')
        .map((pod: any) => pod.name)
        .sort();
    const before = await podsOfFence();
    const { restartedAt } = await ask('action.restart', { deployment: 'fence' });
    expect(Date.parse(restartedAt)).not.toBeNaN();
    cluster.tick(); // old pods go, new ones start
    cluster.tick();
    const after = await podsOfFence();
    expect(after).toHaveLength(2);
    expect(after.filter((name: string) => before.includes(name))).toEqual([]);
    expect((await ask('workloads.list')).workloads.find((w: any) => w.name === 'fence')).toMatchObject({
      ready: 2,
      desired: 2,
    });
    const reasons = (await ask('events.list')).events.map((event: any) => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(['ScalingReplicaSet', 'Killing']));
    // A StatefulSet is not a Deployment: the agent refuses before patching anything.
    await expect(
      handlers['action.restart']!({ deployment: 'elasticsearch' }, collectingContext().context),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('runs usersync, ETL and the migrations as Jobs that run a few ticks and succeed, or fail on cue', async () => {
    const { cluster, ask, handlers } = await commons({ tickMs: 30, jobTicks: 3 });
    const follow = async (job: string) => {
      const output = collectingContext();
      const result = await handlers['jobs.follow']!({ job }, output.context);
      return { result, text: output.text() };
    };
    const usersync = await ask('action.runJob', { template: 'usersync' });
    const run = await follow(usersync.job);
    expect(run.result).toEqual({ status: 'succeeded' });
    expect(run.text).toMatch(/--- pod usersync-csoc-.* ---\n.*reading user\.yaml/s);
    expect(run.text).toContain('usersync finished');
    // The synced values name another user.yaml (a save through CSOC): the next run says it read that one.
    cluster.setUserYamlSource('ConfigMap useryaml (sha256 0123456789ab, 42 bytes)');
    const again = await follow((await ask('action.runJob', { template: 'usersync' })).job);
    expect(again.text).toContain('reading user.yaml: ConfigMap useryaml (sha256 0123456789ab, 42 bytes)');

    const etl = await ask('action.runJob', { template: 'etl' });
    expect(etl.job).toMatch(/^etl-cronjob-csoc-/);
    expect((await follow(etl.job)).text).toContain('tube: writing Elasticsearch index');

    cluster.failService('fence-db-migrate-cronjob', 'alembic: target database is not up to date');
    const migrate = await ask('action.runJob', { template: 'db-migrate' });
    const failed = await follow(migrate.job);
    expect(failed.result).toEqual({
      status: 'failed',
      message: 'Job has reached the specified backoff limit',
    });
    expect(failed.text).toContain('ERROR alembic: target database is not up to date');

    const { workloads } = await ask('workloads.list');
    expect(workloads.find((w: any) => w.kind === 'Job' && w.name === migrate.job)).toMatchObject({
      failed: 1,
      succeeded: 0,
      active: 0,
    });
    expect(workloads.find((w: any) => w.kind === 'Job' && w.name === usersync.job)).toMatchObject({
      succeeded: 1,
      ready: 1,
    });
    expect(workloads.find((w: any) => w.name === 'usersync').lastScheduleTime).toBeDefined();
    await expect(
      ask('action.runJob', { template: 'cronjob', cronJob: 'no-such-cronjob' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('follows a log as lines are written, honours tailLines, and stops when cancelled', async () => {
    const { cluster, ask, handlers } = await commons();
    for (let i = 0; i < 6; i += 1) cluster.tick();
    const pod = (await ask('pods.list')).pods.find(
      (candidate: any) => candidate.owner?.name === 'revproxy',
    ).name;

    const tail = collectingContext();
    expect(await handlers['logs.stream']!({ pod, follow: false, tailLines: 2 }, tail.context)).toEqual({
      ended: 'eof',
    });
    expect(tail.text().trim().split('\n')).toHaveLength(2);

    const follower = collectingContext();
    const following = handlers['logs.stream']!({ pod, follow: true, tailLines: 1 }, follower.context);
    await waitFor(() => follower.text().split('\n').length >= 2, 'the tail line');
    const seen = follower.text();
    cluster.tick();
    cluster.tick();
    await waitFor(() => follower.text().length > seen.length, 'lines written after the follow began');
    expect(follower.text()).toMatch(/"GET \/.* HTTP\/1\.1" \d{3}/);
    follower.cancel();
    expect(await following).toEqual({ ended: 'cancelled' });
    expect(cluster.state.pods.get(pod)!.followers.size).toBe(0);

    await expect(
      handlers['logs.stream']!({ pod, container: 'not-there', follow: false }, collectingContext().context),
    ).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('container not-there is not valid'),
    });
  });
});

describe('the simulated cluster keeps the agent inside its namespace', () => {
  it('refuses other namespaces and cluster-wide reads, and a wrong token', async () => {
    const { cluster, server } = await commons();
    const other = createKubernetesHandlers({
      client: createKubernetesClient({
        server,
        namespace: 'gen3-staging',
        ca: certs.caCert,
        token: 'sa-token',
      }),
      namespace: 'gen3-staging',
    });
    await expect(other['pods.list']!({}, collectingContext().context)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const stranger = createKubernetesHandlers({
      client: createKubernetesClient({ server, namespace: NS, ca: certs.caCert, token: 'stolen' }),
      namespace: NS,
    });
    await expect(stranger['pods.list']!({}, collectingContext().context)).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('Unauthorized'),
    });
    const clusterWide = await fetchInsecure(`${server}/api/v1/pods`);
    expect(clusterWide).toMatchObject({ status: 403 });
    expect(cluster.requests).toEqual(
      expect.arrayContaining(['GET /api/v1/namespaces/gen3-staging/pods', 'GET /api/v1/pods']),
    );
  });

  it('says metrics are unavailable without a metrics-server, and keeps the identity in its Secret', async () => {
    const { client, ask } = await commons({ metrics: false });
    expect(await ask('metrics.pods')).toEqual({ available: false, pods: [] });
    const store = createSecretIdentityStore({ client, namespace: NS, secretName: 'csoc-agent-identity' });
    expect(await store.load()).toBeUndefined();
    const identity = { agentId: 'a-1', privateKeyPem: 'PEM', csocUrl: 'https://csoc.example' };
    await store.save(identity);
    expect(await store.load()).toEqual(identity);
  });
});

describe('a namespace with thousands of pods', () => {
  /** 2,000 pods with long image names: one unpaged list would be several frames' worth. */
  const BIG: SimulatedWorkloadSeed[] = Array.from({ length: 20 }, (_, i) => ({
    service: `svc-${String(i).padStart(2, '0')}`,
    image: `registry.example.org/${'very-long-repository-path/'.repeat(10)}service-${i}:2025.01`,
    replicas: 100,
    kind: 'Deployment' as const,
  }));

  it('pages pods through the API’s own limit/continue, every page fitting one frame', async () => {
    const { cluster, ask } = await commons({ workloads: BIG, gen3CronJobs: false });
    expect(cluster.state.pods.size).toBe(2000);
    const names = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    let asked = 0;
    do {
      const page = await ask('pods.list', { limit: MAX_LIST_PAGE, ...(cursor ? { continue: cursor } : {}) });
      asked += MAX_LIST_PAGE;
      pages += 1;
      expect(page.pods.length).toBeGreaterThan(0);
      expect(page.pods.length).toBeLessThanOrEqual(MAX_LIST_PAGE);
      expect(
        Buffer.byteLength(JSON.stringify({ type: 'result', stream: 2 ** 31 - 1, result: page })),
      ).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      for (const pod of page.pods) names.add(pod.name);
      cursor = page.continue;
    } while (cursor && pages < 100);
    expect(names.size).toBe(2000);
    // 500 of these pods are more than a frame holds: the agent asked for fewer, so it took more pages.
    expect(pages).toBeGreaterThan(2000 / MAX_LIST_PAGE);
    expect(asked).toBeGreaterThan(2000);
    expect(cluster.requests.filter((request) => request.startsWith('GET /api/v1/namespaces/')).length).toBe(
      cluster.requests.filter((request) => request === `GET /api/v1/namespaces/${NS}/pods`).length,
    );
    // Without a page size the agent answers its default page, not everything.
    const first = await ask('pods.list');
    expect(first.pods.length).toBeLessThanOrEqual(DEFAULT_LIST_PAGE);
    expect(first.continue).toEqual(expect.any(String));
  });

  it('pages workloads across Deployments, StatefulSets, Jobs and CronJobs, and refuses a stale cursor', async () => {
    const { ask } = await commons();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = await ask('workloads.list', { limit: 2, ...(cursor ? { continue: cursor } : {}) });
      expect(result.workloads.length).toBeLessThanOrEqual(2);
      seen.push(
        ...result.workloads.map(
          (workload: { kind: string; name: string }) => `${workload.kind}/${workload.name}`,
        ),
      );
      cursor = result.continue;
      if (!cursor) break;
    }
    const all = await ask('workloads.list', { limit: MAX_LIST_PAGE });
    expect(all.continue).toBeUndefined();
    expect(seen).toEqual(
      all.workloads.map((workload: { kind: string; name: string }) => `${workload.kind}/${workload.name}`),
    );
    expect(seen).toEqual(
      expect.arrayContaining(['Deployment/fence', 'StatefulSet/elasticsearch', 'CronJob/usersync']),
    );
    await expect(ask('pods.list', { limit: 1, continue: 'bm90LWEtdG9rZW4' })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining('the cursor expired'),
    });
    await expect(ask('workloads.list', { continue: 'x:abc' })).rejects.toMatchObject({
      code: 'invalid_params',
      message: expect.stringContaining('not one this agent handed out'),
    });
  });

  it('lists the newest events only, saying how many there were', async () => {
    const { cluster, ask } = await commons({ workloads: BIG, gen3CronJobs: false });
    const result = await ask('events.list');
    expect(result.events.length).toBeLessThanOrEqual(MAX_EVENTS_LISTED);
    expect(result.total).toBe(cluster.state.events.length);
  });
});

describe('a pod with a sidecar', () => {
  it('lists both containers and serves each one’s log, asking which when none is named', async () => {
    const { cluster, handlers, ask } = await commons({
      workloads: [
        {
          service: 'metadata',
          image: 'quay.io/cdis/metadata-service:2025.01',
          replicas: 1,
          kind: 'Deployment',
          sidecars: [{ name: 'aggregate-sync', image: 'quay.io/cdis/metadata-service:2025.01' }],
        },
      ],
      gen3CronJobs: false,
    });
    cluster.tick();
    cluster.tick();
    cluster.tick();
    const [pod] = (await ask('pods.list')).pods;
    expect(pod.containers.map((container: { name: string }) => container.name)).toEqual([
      'metadata',
      'aggregate-sync',
    ]);
    cluster.writeLog(pod.name, 'only in the sidecar', 'aggregate-sync');
    const sidecar = collectingContext();
    await handlers['logs.stream']!(
      { pod: pod.name, container: 'aggregate-sync', follow: false },
      sidecar.context,
    );
    expect(sidecar.text()).toContain('[aggregate-sync] synced');
    expect(sidecar.text()).toContain('only in the sidecar');
    const main = collectingContext();
    await handlers['logs.stream']!({ pod: pod.name, container: 'metadata', follow: false }, main.context);
    expect(main.text()).not.toContain('aggregate-sync');
    await expect(
      handlers['logs.stream']!({ pod: pod.name, follow: false }, collectingContext().context),
    ).rejects.toMatchObject({
      message: expect.stringContaining('choose one of: [metadata aggregate-sync]'),
    });
  });
});

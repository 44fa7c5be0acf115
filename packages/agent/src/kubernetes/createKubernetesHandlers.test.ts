// The agent's Kubernetes handlers against the fake API server over HTTPS, up to the HTTP boundary: the
// requests made (paths, verbs, bodies), all inside the agent's namespace and allowed by its Role, what
// the handlers refuse, and log follow with cancel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_DATA_CHUNK_BYTES, MAX_FRAME_BYTES, checkRequestResult } from '@csoc/common/agent-protocol';
import { createFakeKubernetesApi } from '@csoc/plugin-sdk/testing/createFakeKubernetesApi.ts';
import {
  createTestCertificates,
  type TestCertificates,
} from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentRoleRules } from '../testing/agentRole.ts';
import { collectingContext, waitFor } from '../testing/collectingContext.ts';
import { createKubernetesHandlers } from './createKubernetesHandlers.ts';
import { createKubernetesClient } from './kubernetesClient.ts';
import { createSecretIdentityStore } from './secretIdentityStore.ts';

const NS = 'gen3';
let certs: TestCertificates;
let dir: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(() => {
  certs = createTestCertificates();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-k8s-'));
  return () => fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A fake API with the agent's Role enforced, and handlers wired to it through a projected-token file. */
async function cluster(options: { argocdNamespace?: string } = {}) {
  const api = createFakeKubernetesApi({
    tls: { cert: certs.serverCert, key: certs.serverKey },
    tokens: ['token-one', 'token-two'],
    namespaces: [NS],
    permissions: agentRoleRules(NS, options),
    enforcePermissions: true,
  });
  const server = await api.listen();
  closers.push(() => api.close());
  const tokenFile = path.join(fs.mkdtempSync(path.join(dir, 'sa-')), 'token');
  fs.writeFileSync(tokenFile, 'token-one\n');
  const caFile = path.join(path.dirname(tokenFile), 'ca.crt');
  fs.writeFileSync(caFile, certs.caCert);
  const client = createKubernetesClient({ server, namespace: NS, caFile, tokenFile });
  const handlers = createKubernetesHandlers({ client, namespace: NS, jobPollMs: 50, ...options });
  const seed = (collection: string, objects: any[]) =>
    api.objects.set(collection, new Map(objects.map((object) => [object.metadata.name, object])));
  return { api, client, handlers, tokenFile, seed };
}

const usersyncCronJob = {
  metadata: { name: 'usersync', uid: 'cron-uid-1' },
  spec: {
    schedule: '*/30 * * * *',
    jobTemplate: {
      metadata: { labels: { app: 'gen3job' } },
      spec: {
        backoffLimit: 4,
        template: {
          metadata: { labels: { app: 'gen3job' } },
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'usersync', image: 'quay.io/cdis/fence:2025.01' }],
          },
        },
      },
    },
  },
  status: { lastScheduleTime: '2030-01-01T00:00:00Z' },
};

function expectOnlyNamespacedCalls(calls: string[]) {
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls)
    expect(call).toMatch(new RegExp(`^(GET|POST|PATCH) /apis?/[^ ]*namespaces/(${NS}|argocd)/`));
}

describe('the agent reads its namespace through the Kubernetes API', () => {
  it('lists workloads, pods, events and metrics in the shapes of the link, over HTTPS with the ServiceAccount token', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/apps/v1/namespaces/${NS}/deployments`, [
      {
        metadata: { name: 'fence' },
        spec: {
          replicas: 2,
          template: { spec: { containers: [{ name: 'fence', image: 'quay.io/cdis/fence:2025.01' }] } },
        },
        status: { readyReplicas: 1 },
      },
    ]);
    seed(`/apis/apps/v1/namespaces/${NS}/statefulsets`, [
      {
        metadata: { name: 'es' },
        spec: { replicas: 1, template: { spec: { containers: [{ name: 'es', image: 'es:7' }] } } },
        status: {},
      },
    ]);
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [usersyncCronJob]);
    seed(`/api/v1/namespaces/${NS}/pods`, [
      {
        metadata: {
          name: 'fence-7d9f8-abcde',
          labels: { 'pod-template-hash': '7d9f8' },
          ownerReferences: [{ kind: 'ReplicaSet', name: 'fence-7d9f8', controller: true }],
        },
        spec: { nodeName: 'node-1', containers: [{ name: 'fence', image: 'quay.io/cdis/fence:2025.01' }] },
        status: {
          phase: 'Running',
          startTime: '2030-01-01T00:00:00Z',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'fence',
              image: 'quay.io/cdis/fence:2025.01',
              ready: false,
              restartCount: 3,
              lastState: { terminated: { reason: 'OOMKilled' } },
            },
          ],
        },
      },
    ]);
    seed(`/api/v1/namespaces/${NS}/events`, [
      {
        metadata: { name: 'e1' },
        type: 'Normal',
        reason: 'Pulled',
        message: 'pulled',
        involvedObject: { kind: 'Pod', name: 'fence-7d9f8-abcde' },
        count: 1,
        lastTimestamp: '2030-01-01T00:00:01Z',
      },
      {
        metadata: { name: 'e2' },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        involvedObject: { kind: 'Pod', name: 'fence-7d9f8-abcde' },
        count: 4,
        lastTimestamp: '2030-01-01T00:05:00Z',
      },
    ]);
    seed(`/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods`, [
      {
        metadata: { name: 'fence-7d9f8-abcde' },
        containers: [
          { name: 'fence', usage: { cpu: '12500000n', memory: '256Mi' } },
          { name: 'sidecar', usage: { cpu: '2m', memory: '1Ki' } },
        ],
      },
    ]);
    const ctx = collectingContext().context;

    const workloads = await handlers['workloads.list']!({}, ctx);
    expect(checkRequestResult('workloads.list', workloads)).toEqual({ ok: true });
    expect(workloads.workloads).toEqual([
      { kind: 'Deployment', name: 'fence', ready: 1, desired: 2, images: ['quay.io/cdis/fence:2025.01'] },
      { kind: 'StatefulSet', name: 'es', ready: 0, desired: 1, images: ['es:7'] },
      {
        kind: 'CronJob',
        name: 'usersync',
        ready: 0,
        desired: 0,
        images: ['quay.io/cdis/fence:2025.01'],
        schedule: '*/30 * * * *',
        lastScheduleTime: '2030-01-01T00:00:00Z',
        active: 0,
      },
    ]);
    const pods = await handlers['pods.list']!({}, ctx);
    expect(checkRequestResult('pods.list', pods)).toEqual({ ok: true });
    expect(pods.pods).toEqual([
      {
        name: 'fence-7d9f8-abcde',
        phase: 'Running',
        ready: false,
        restarts: 3,
        node: 'node-1',
        startedAt: '2030-01-01T00:00:00Z',
        owner: { kind: 'Deployment', name: 'fence' },
        containers: [
          {
            name: 'fence',
            image: 'quay.io/cdis/fence:2025.01',
            ready: false,
            restarts: 3,
            lastTerminationReason: 'OOMKilled',
          },
        ],
      },
    ]);
    const events = await handlers['events.list']!({}, ctx);
    expect(events.events.map((event) => event.reason)).toEqual(['BackOff', 'Pulled']);
    expect(events.events[0]).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      object: { kind: 'Pod', name: 'fence-7d9f8-abcde' },
      count: 4,
      lastSeen: '2030-01-01T00:05:00Z',
    });
    const metrics = await handlers['metrics.pods']!({}, ctx);
    expect(metrics).toEqual({
      available: true,
      pods: [{ name: 'fence-7d9f8-abcde', cpuMillicores: 14.5, memoryBytes: 256 * 2 ** 20 + 1024 }],
    });

    expectOnlyNamespacedCalls(api.calls);
    expect([...api.authorizations]).toEqual(['Bearer token-one']);
  });

  it('says metrics are unavailable when the cluster has no metrics API, and reads Argo CD only where told', async () => {
    const { api, handlers, seed } = await cluster({ argocdNamespace: 'argocd' });
    const ctx = collectingContext().context;
    expect(await handlers['metrics.pods']!({}, ctx)).toEqual({ available: false, pods: [] });
    expect(await handlers['argocd.status']!({}, ctx)).toEqual({ applications: [] });
    seed('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications', [
      {
        metadata: { name: 'gen3-prod' },
        status: {
          sync: { status: 'OutOfSync', revision: 'abc123' },
          health: { status: 'Degraded' },
          conditions: [{ type: 'SyncError', message: 'one or more objects failed to apply' }],
        },
      },
    ]);
    expect(await handlers['argocd.status']!({}, ctx)).toEqual({
      applications: [
        {
          name: 'gen3-prod',
          sync: 'OutOfSync',
          health: 'Degraded',
          revision: 'abc123',
          message: 'one or more objects failed to apply',
        },
      ],
    });
    expectOnlyNamespacedCalls(api.calls);
  });

  it('names the missing read Role when Argo CD\u2019s namespace refuses the agent', async () => {
    // RBAC grants nothing in argocd here: the Role there did not sync, or the agent is told a wrong namespace.
    const { client } = await cluster();
    const ctx = collectingContext().context;
    const handlers = createKubernetesHandlers({ client, namespace: NS, argocdNamespace: 'argocd' });
    await expect(handlers['argocd.status']!({}, ctx)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining(
        `the agent may not list Argo CD Applications in namespace argocd: its Role csoc-agent-read-${NS} there is missing`,
      ),
    });
  });

  it('re-reads the projected token when the kubelet rotates it', async () => {
    const { api, handlers, tokenFile } = await cluster();
    const ctx = collectingContext().context;
    await handlers['pods.list']!({}, ctx);
    fs.writeFileSync(tokenFile, 'token-two\n');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(tokenFile, later, later);
    await handlers['pods.list']!({}, ctx);
    expect([...api.authorizations]).toEqual(['Bearer token-one', 'Bearer token-two']);
  });
});

describe('the agent acts only as its Role and the request kinds allow', () => {
  it('restarts a Deployment by patching only the restartedAt annotation', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/apps/v1/namespaces/${NS}/deployments`, [
      {
        metadata: { name: 'fence' },
        spec: { replicas: 2, template: { metadata: {}, spec: { containers: [] } } },
      },
    ]);
    const { restartedAt } = await handlers['action.restart']!(
      { deployment: 'fence' },
      collectingContext().context,
    );
    expect(Date.parse(restartedAt)).not.toBeNaN();
    expect(api.patches).toEqual([
      {
        name: 'fence',
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } },
          },
        },
      },
    ]);
    expect(api.calls).toEqual([
      `GET /apis/apps/v1/namespaces/${NS}/deployments/fence`,
      `PATCH /apis/apps/v1/namespaces/${NS}/deployments/fence`,
    ]);
  });

  it('refuses to restart a Deployment that is not in its namespace, or a name that is not one, without patching', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/apps/v1/namespaces/${NS}/deployments`, []);
    const ctx = collectingContext().context;
    await expect(handlers['action.restart']!({ deployment: 'arborist' }, ctx)).rejects.toMatchObject({
      code: 'not_found',
      message: 'Deployment "arborist" does not exist in namespace gen3',
    });
    await expect(
      handlers['action.restart']!({ deployment: '../../kube-system/deployments/coredns' }, ctx),
    ).rejects.toMatchObject({
      code: 'invalid_params',
    });
    expect(api.patches).toEqual([]);
    expect(api.calls).toEqual([`GET /apis/apps/v1/namespaces/${NS}/deployments/arborist`]);
  });

  it('answers forbidden when the cluster Role does not grant a verb', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/apps/v1/namespaces/${NS}/deployments`, [{ metadata: { name: 'fence' }, spec: {} }]);
    api.permissions.splice(
      api.permissions.findIndex(
        (rule) => rule.verbs?.includes('patch') && rule.resources?.includes('deployments'),
      ),
      1,
    );
    await expect(
      handlers['action.restart']!({ deployment: 'fence' }, collectingContext().context),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it("runs usersync now: a Job from the chart's CronJob with a unique name, its owner and the csoc.io/action label", async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [usersyncCronJob]);
    const ctx = collectingContext().context;
    const first = await handlers['action.runJob']!({ template: 'usersync' }, ctx);
    const second = await handlers['action.runJob']!({ template: 'usersync' }, ctx);
    expect(first.job).toMatch(/^usersync-csoc-[a-z0-9]+$/);
    expect(second.job).not.toBe(first.job);
    const [job] = api.created.jobs;
    expect(job.metadata).toMatchObject({
      name: first.job,
      namespace: NS,
      labels: { app: 'gen3job', 'csoc.io/action': 'usersync' },
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'usersync', uid: 'cron-uid-1', controller: true },
      ],
    });
    expect(job.spec).toEqual(usersyncCronJob.spec.jobTemplate.spec);
    expect(api.calls.slice(0, 2)).toEqual([
      `GET /apis/batch/v1/namespaces/${NS}/cronjobs/usersync`,
      `POST /apis/batch/v1/namespaces/${NS}/jobs`,
    ]);
  });

  it('refuses a CronJob that is not there, a cronjob run without a name, and a template that does not exist', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, []);
    const ctx = collectingContext().context;
    await expect(handlers['action.runJob']!({ template: 'etl' }, ctx)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(
        /CronJob "etl-cronjob" does not exist in namespace gen3 \(is the etl chart enabled/,
      ),
    });
    await expect(handlers['action.runJob']!({ template: 'cronjob' }, ctx)).rejects.toMatchObject({
      code: 'invalid_params',
    });
    await expect(
      handlers['action.runJob']!({ template: 'bash' as never, cronJob: 'x' }, ctx),
    ).rejects.toMatchObject({
      code: 'invalid_params',
    });
    expect(api.created.jobs).toEqual([]);
  });
});

describe('logs and jobs are streamed through write(), not buffered', () => {
  it("follows a job to success with its pod's output, then a failing one to its reason", async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [
      { ...usersyncCronJob, metadata: { name: 'fence-db-migrate-cronjob', uid: 'cron-uid-2' } },
    ]);
    api.setScenario({ lines: ['running migrations', 'migrated to head'] });
    const { job } = await handlers['action.runJob']!({ template: 'db-migrate' }, collectingContext().context);
    const output = collectingContext();
    expect(await handlers['jobs.follow']!({ job }, output.context)).toEqual({ status: 'succeeded' });
    expect(output.text()).toMatch(/--- pod .*-x7k2p ---\n.* running migrations\n.* migrated to head\n$/s);

    api.setScenario({ lines: ['boom'], exitCode: 1 });
    const failing = await handlers['action.runJob']!({ template: 'db-migrate' }, collectingContext().context);
    const failed = collectingContext();
    expect(await handlers['jobs.follow']!({ job: failing.job }, failed.context)).toEqual({
      status: 'failed',
      message: 'Job has reached the specified backoff limit',
    });
    expect(failed.text()).toContain('boom');
    await expect(handlers['jobs.follow']!({ job: 'no-such-job' }, failed.context)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("follows a pod's log until cancelled, holding the API stream while write() waits for credit", async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [usersyncCronJob]);
    api.setScenario({ lines: ['line 1', 'line 2', 'line 3'], hang: true });
    const { job } = await handlers['action.runJob']!({ template: 'usersync' }, collectingContext().context);
    const pod = `${job}-x7k2p`;
    await waitFor(() => (api.pods.get(pod)?.lines.length ?? 0) === 3, 'the pod to write its lines');

    const reader = collectingContext();
    reader.hold();
    const streaming = handlers['logs.stream']!({ pod, follow: true, tailLines: 10 }, reader.context);
    await waitFor(() => reader.waitingWrites === 1, 'a write waiting for credit');
    expect(reader.chunks).toEqual([]);
    reader.release();
    await waitFor(() => reader.text().includes('line 3'), 'the three lines');
    reader.cancel();
    expect(await streaming).toEqual({ ended: 'cancelled' });
    await waitFor(() => api.pods.get(pod)!.followers.size === 0, 'the API log connection to close');
    expect(api.logQueries.at(-1)).toBe('?follow=true&tailLines=10');
    expect(api.calls.at(-1)).toBe(`GET /api/v1/namespaces/${NS}/pods/${pod}/log`);
  });

  it('ends with eof when a log without follow is read to its end', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [usersyncCronJob]);
    api.setScenario({ lines: ['only line'] });
    const { job } = await handlers['action.runJob']!({ template: 'usersync' }, collectingContext().context);
    const pod = `${job}-x7k2p`;
    await waitFor(() => api.pods.get(pod)?.done === true, 'the pod to finish');
    const reader = collectingContext();
    expect(await handlers['logs.stream']!({ pod, follow: false }, reader.context)).toEqual({ ended: 'eof' });
    expect(reader.text()).toMatch(/only line\n$/);
    await expect(
      handlers['logs.stream']!({ pod: 'gone', follow: false }, reader.context),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('a busy namespace', () => {
  it('answers the newest events that fit one result frame, not the oldest a page would give', async () => {
    const { api, handlers, seed } = await cluster();
    const events = Array.from({ length: 3000 }, (_, i) => ({
      metadata: { name: `e${i}` },
      type: 'Warning',
      reason: 'BackOff',
      message: `restart ${i} `.padEnd(2000, 'x'),
      involvedObject: { kind: 'Pod', name: `pod-${i}` },
      count: 1,
      lastTimestamp: new Date(Date.UTC(2030, 0, 1) + i * 1000).toISOString(),
    }));
    seed(`/apis/apps/v1/namespaces/${NS}/deployments`, []);
    seed(`/api/v1/namespaces/${NS}/events`, events);
    const result = await handlers['events.list']!({}, collectingContext().context);
    expect(result.events[0]!.object.name).toBe('pod-2999');
    expect(result.events.length).toBeGreaterThan(100);
    expect(result.events.length).toBeLessThan(3000);
    expect(result.events[0]!.message.length).toBe(1025);
    expect(Buffer.byteLength(JSON.stringify({ type: 'result', stream: 1, result }))).toBeLessThanOrEqual(
      MAX_FRAME_BYTES,
    );
    expect(api.calls).toContain(`GET /api/v1/namespaces/${NS}/events`);
  });
});

describe('long log lines', () => {
  it('arrive whole, with multi-byte characters intact, in pieces that fit a data frame', async () => {
    const { api, handlers, seed } = await cluster();
    seed(`/apis/batch/v1/namespaces/${NS}/cronjobs`, [usersyncCronJob]);
    const line = 'ü€𝄞'.repeat(20_000); // 180,000 bytes of 2-, 3- and 4-byte characters
    api.setScenario({ lines: [line] });
    const { job } = await handlers['action.runJob']!({ template: 'usersync' }, collectingContext().context);
    const pod = `${job}-x7k2p`;
    await waitFor(() => api.pods.get(pod)?.done === true, 'the pod to finish');
    const reader = collectingContext();
    expect(await handlers['logs.stream']!({ pod, follow: false }, reader.context)).toEqual({ ended: 'eof' });
    expect(reader.text().endsWith(` ${line}\n`)).toBe(true);
    expect(reader.chunks.length).toBeGreaterThan(10);
    for (const chunk of reader.chunks) {
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(MAX_DATA_CHUNK_BYTES);
      expect(chunk).not.toContain('\uFFFD');
    }
  });
});

describe('the identity lives in the one Secret the Role names', () => {
  it('saves, loads and clears the identity by patching csoc-agent-identity, never creating or listing', async () => {
    const { api, client } = await cluster();
    api.secrets.set('csoc-agent-identity', { metadata: { name: 'csoc-agent-identity' }, type: 'Opaque' });
    const store = createSecretIdentityStore({ client, namespace: NS, secretName: 'csoc-agent-identity' });
    expect(await store.load()).toBeUndefined();
    const identity = {
      agentId: 'agent-1',
      privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      csocUrl: 'https://csoc.example',
    };
    await store.save(identity);
    expect(api.patches[0]).toMatchObject({
      name: 'csoc-agent-identity',
      contentType: 'application/merge-patch+json',
    });
    expect(api.secrets.get('csoc-agent-identity').data.privateKeyPem).toBe(
      Buffer.from(identity.privateKeyPem).toString('base64'),
    );
    expect(await store.load()).toEqual(identity);
    await store.clear();
    expect(await store.load()).toBeUndefined();
    expect(
      api.calls.every((call) => call.endsWith(`/api/v1/namespaces/${NS}/secrets/csoc-agent-identity`)),
    ).toBe(true);
    expect(api.calls.some((call) => call.startsWith('POST'))).toBe(false);
  });

  it('says how to fix a missing Secret', async () => {
    const { client } = await cluster();
    const store = createSecretIdentityStore({ client, namespace: NS, secretName: 'csoc-agent-identity' });
    await expect(store.load()).rejects.toThrow(
      /Secret csoc-agent-identity does not exist in namespace gen3: the agent's manifests create it/,
    );
  });
});

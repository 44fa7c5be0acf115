// The kubernetes runner up to the API boundary. No Kubernetes API server can run here, so a small fake
// (plugin-sdk's createFakeKubernetesApi: node http on loopback, reached through a generated kubeconfig and
// the real @kubernetes/client-node)
// implements only the calls the runner makes — Secrets, Jobs, the pod list and the pod log — and plays
// the kubelet with scripted plugin output. What a real cluster adds (scheduling, image pulls, volume
// mounts, NetworkPolicy) is not exercised; see docs/runners.md.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEventStreamParser, type PluginManifest, type Verb } from '@csoc/plugin-sdk';
import { createFakeKubernetesApi } from '@csoc/plugin-sdk/testing/createFakeKubernetesApi.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, type InstalledPlugin } from '../../plugins/pluginRegistry.ts';
import { createKubernetesRunner, toKubernetesMemory } from './createKubernetesRunner.ts';
import type { PluginRunner, RunnerInvocation } from './PluginRunner.ts';

const manifest = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'plugins', 'sim', 'manifest.json'), 'utf8'),
) as PluginManifest;
const DIGEST = `sha256:${'a'.repeat(64)}`;
const plugin: InstalledPlugin = {
  id: 'sim-k8s',
  name: 'sim',
  version: manifest.version,
  tier: 'core',
  manifest: { ...manifest, runtime: { image: 'registry.example.org/csoc-plugin-sim:0.1.0', digest: DIGEST } },
  sourceKind: 'image',
  source: 'registry.example.org/csoc-plugin-sim:0.1.0',
  enabled: true,
  builtin: false,
  installedAt: new Date().toISOString(),
  etagVersion: 1,
};
const SECRET_VALUE = 'cloud-secret-never-in-a-job';
const CLAIM_MOUNT = '/var/lib/csoc/runs';

const event = (type: string, fields: Record<string, unknown>) =>
  JSON.stringify({ v: 1, time: new Date().toISOString(), type, ...fields });

describe('createKubernetesRunner (against a fake API server)', () => {
  const cluster = createFakeKubernetesApi();
  let kubeconfigDir: string;
  let runner: PluginRunner;
  const savedKubeconfig = process.env.KUBECONFIG;

  beforeAll(async () => {
    await new Promise<void>((resolve) => cluster.server.listen(0, '127.0.0.1', resolve));
    const port = (cluster.server.address() as AddressInfo).port;
    kubeconfigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-kubeconfig-'));
    const kubeconfig = path.join(kubeconfigDir, 'config');
    // Plain HTTP to the fake needs insecure-skip-tls-verify; a real cluster uses its CA.
    fs.writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: fake\n  cluster:\n    server: http://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
        'users:',
        '- name: csoc-worker\n  user:\n    token: fake-service-account-token',
        'contexts:',
        '- name: fake\n  context:\n    cluster: fake\n    user: csoc-worker\n    namespace: csoc-runs',
        'current-context: fake',
        '',
      ].join('\n'),
    );
    // The runner's default: KUBECONFIG (or in-cluster), like kubectl.
    process.env.KUBECONFIG = kubeconfig;
    runner = createKubernetesRunner({
      pluginEnv: { CSOC_TF_PLUGIN_MIRROR: '/srv/mirror', EXTRA_SETTING: 'on' },
      stateUrl: 'http://csoc.csoc.svc:8080',
      workClaim: 'csoc-runs',
      workClaimMountPath: CLAIM_MOUNT,
      cpus: '1.5',
      memory: '3g',
      pollIntervalMs: 50,
      killGraceSeconds: 5,
    });
  });
  afterEach(() => {
    // Whatever happened, the runner left nothing behind in the cluster.
    expect([...cluster.jobs.keys()]).toEqual([]);
    expect([...cluster.secrets.keys()]).toEqual([]);
  });
  afterAll(async () => {
    if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = savedKubeconfig;
    await new Promise((resolve) => cluster.server.close(resolve));
    fs.rmSync(kubeconfigDir, { recursive: true, force: true });
  });

  function invocation(verb: Verb, extra: Partial<RunnerInvocation> = {}) {
    const runId = randomUUID();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const controller = new AbortController();
    const value: RunnerInvocation = {
      runId,
      verb,
      secretsBase: path.join(os.tmpdir(), 'csoc-test-secrets'),
      plugin,
      request: {
        apiVersion: 'csoc.gen3.org/v1',
        kind: 'PluginRequest',
        verb,
        runId,
        commons: { org: 'acme', name: 'kube' },
        inputs: { name: 'kube' },
        credentials: { kind: 'sim', public: { region: 'us-sim-1' } },
        options: { timeoutSeconds: 120 },
      },
      workDir: `${CLAIM_MOUNT}/${runId}/work`,
      secrets: { apiKey: SECRET_VALUE },
      stateBackendUrl: `http://127.0.0.1:8080/api/v1/state/${runId}`,
      stateUsername: `run-${runId}`,
      stateToken: `token-${runId}`,
      timeoutMs: 120_000,
      signal: controller.signal,
      onStdout: (chunk) => stdout.push(chunk),
      onStderr: (chunk) => stderr.push(chunk),
      ...extra,
    };
    return {
      value,
      controller,
      stdout: () => Buffer.concat(stdout).toString(),
      stderr: () => Buffer.concat(stderr).toString(),
    };
  }

  it('creates a Secret and a Job, follows the pod log as the event stream, reads the exit code, and cleans up', async () => {
    const lines = [
      event('log', { level: 'info', message: '[simulated] planning' }),
      'a line the plugin wrote to stderr',
      event('progress', { step: 1, total: 2, message: 'planning' }),
      event('plan', { summary: { add: 3, change: 0, destroy: 0 }, resources: [], planFile: 'plan.tfplan' }),
    ];
    cluster.setScenario({ lines, exitCode: 0 });
    cluster.calls.length = 0;
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const cacheDir = '/var/lib/csoc/tf-plugin-cache/sim/0.1.0';
    const call = invocation('apply', {
      planFileName: 'plan.tfplan',
      traceEnv: { TRACEPARENT: traceparent },
      pluginCacheDir: cacheDir,
    });
    const { runId, workDir } = call.value;
    const result = await runner.run(call.value);
    expect(result).toEqual({ exitCode: 0, signal: null, timedOut: false, aborted: false });

    // The log: event lines to stdout (the event stream), the rest to stderr (log text).
    const parsed = createEventStreamParser();
    parsed.push(call.stdout());
    const summary = parsed.end();
    expect(summary.garbage).toEqual([]);
    expect(summary.events).toBe(3);
    expect(summary.lastPlan?.summary.add).toBe(3);
    expect(call.stderr()).toBe('a line the plugin wrote to stderr\n');

    // The flow: Secret, Job, Secret owned by the Job, pod list + log, then both deleted.
    expect(cluster.calls[0]).toBe('POST /api/v1/namespaces/csoc-runs/secrets');
    expect(cluster.calls[1]).toBe('POST /apis/batch/v1/namespaces/csoc-runs/jobs');
    expect(cluster.calls[2]).toMatch(/^PATCH \/api\/v1\/namespaces\/csoc-runs\/secrets\/csoc-run-/);
    expect(cluster.calls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/api\/v1\/namespaces\/csoc-runs\/pods\/csoc-run-.*\/log$/),
      ]),
    );
    expect(cluster.calls.slice(-2)).toEqual([
      expect.stringMatching(/^DELETE \/apis\/batch\/v1\/namespaces\/csoc-runs\/jobs\/csoc-run-/),
      expect.stringMatching(/^DELETE \/api\/v1\/namespaces\/csoc-runs\/secrets\/csoc-run-/),
    ]);
    expect(cluster.deletes.at(-2)!.query).toContain('propagationPolicy=Background');
    expect([...cluster.authorizations]).toEqual(['Bearer fake-service-account-token']);

    // The Secret: everything secret, and a request that points into the Secret volume.
    const patch = cluster.patches.at(-1)!;
    expect(patch.contentType).toBe('application/merge-patch+json');
    const job = cluster.created.jobs.at(-1);
    const secret = cluster.created.secrets.at(-1);
    expect(patch.body.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid },
    ]);
    expect(secret.metadata.name).toBe(job.metadata.name);
    expect(secret.metadata.labels['csoc.gen3.org/run-id']).toBe(runId);
    expect(secret.stringData['state-token']).toBe(`token-${runId}`);
    expect(JSON.parse(secret.stringData['credentials.json'])).toEqual({ apiKey: SECRET_VALUE });
    const request = JSON.parse(secret.stringData['request.json']);
    expect(request).toMatchObject({
      verb: 'apply',
      workDir,
      planFile: `${workDir}/plan.tfplan`,
      credentials: { kind: 'sim', secretsFile: '/csoc/secrets/credentials.json' },
      state: {
        address: `http://csoc.csoc.svc:8080/api/v1/state/${runId}`,
        username: `run-${runId}`,
        passwordFile: '/csoc/secrets/state-token',
      },
    });
    expect(JSON.stringify(request)).not.toContain(`token-${runId}`);

    // The Job: pinned image, the verb, limits, deadline, no retries, hardened pod, no secret anywhere.
    expect(job.metadata.name).toMatch(new RegExp(`^csoc-run-${runId}-apply-[0-9a-f]{5}$`));
    expect(job.metadata.name.length).toBeLessThanOrEqual(63);
    expect(job.metadata.labels).toMatchObject({
      'csoc.gen3.org/run-id': runId,
      'csoc.gen3.org/network': 'none',
    });
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 120,
      ttlSecondsAfterFinished: 600,
    });
    const podSpec = job.spec.template.spec;
    expect(podSpec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 5,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    });
    const container = podSpec.containers[0];
    expect(container.image).toBe(`registry.example.org/csoc-plugin-sim:0.1.0@${DIGEST}`);
    expect(container.args).toEqual(['apply']);
    expect(container.command).toBeUndefined();
    expect(container.resources).toEqual({
      limits: { cpu: '1.5', memory: '3Gi' },
      requests: { cpu: '1.5', memory: '3Gi' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const env = Object.fromEntries(container.env.map((entry: any) => [entry.name, entry.value]));
    expect(env).toMatchObject({
      CSOC_REQUEST_FILE: '/csoc/secrets/request.json',
      HOME: workDir,
      EXTRA_SETTING: 'on',
      // The run's span is the parent of the plugin's own spans.
      TRACEPARENT: traceparent,
      CSOC_TF_PLUGIN_CACHE_DIR: cacheDir,
    });
    expect(env.CSOC_TF_PLUGIN_MIRROR).toBeUndefined();
    expect(container.volumeMounts).toEqual([
      { name: 'secrets', mountPath: '/csoc/secrets', readOnly: true },
      { name: 'work', mountPath: workDir, subPath: `${runId}/work` },
      // The plugin version's provider cache, on the claim, at the same path in every pod (ADR 0077).
      { name: 'work', mountPath: cacheDir, subPath: '.tf-plugin-cache/sim/0.1.0' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(podSpec.volumes).toEqual([
      { name: 'secrets', secret: { secretName: job.metadata.name, defaultMode: 0o440 } },
      { name: 'work', persistentVolumeClaim: { claimName: 'csoc-runs' } },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } },
    ]);
    expect(JSON.stringify(job)).not.toContain(`token-${runId}`);
    expect(JSON.stringify(job)).not.toContain(SECRET_VALUE);
  });

  it('reconnects a log that ends early, without losing or repeating a line', async () => {
    const lines = [1, 2, 3, 4, 5, 6].map((step) =>
      event('progress', { step, total: 6, message: `step ${step}` }),
    );
    cluster.setScenario({ lines, exitCode: 0, dropLogAfter: 2 });
    cluster.logQueries.length = 0;
    const call = invocation('plan');
    expect((await runner.run(call.value)).exitCode).toBe(0);
    expect(call.stdout().trim().split('\n')).toEqual(lines);
    expect(cluster.logQueries).toHaveLength(2);
    expect(cluster.logQueries[0]).toContain('follow=true');
    expect(cluster.logQueries[0]).toContain('timestamps=true');
    expect(cluster.logQueries[1]).toMatch(/sinceTime=2030-01-01T/);
  });

  it('reports the exit code of a failing plugin', async () => {
    cluster.setScenario({ lines: [event('error', { message: 'terraform apply failed' })], exitCode: 3 });
    const call = invocation('plan');
    expect(await runner.run(call.value)).toEqual({
      exitCode: 3,
      signal: null,
      timedOut: false,
      aborted: false,
    });
    expect(call.stdout()).toContain('terraform apply failed');
  });

  it('on cancel deletes the Job (the pod gets SIGTERM), keeps the last output, and returns aborted', async () => {
    cluster.setScenario({ lines: [event('log', { level: 'info', message: 'working' })], hang: true });
    const call = invocation('apply');
    const running = runner.run(call.value);
    while (!call.stdout().includes('working')) await new Promise((resolve) => setTimeout(resolve, 20));
    call.controller.abort('cancel');
    const result = await running;
    expect(result).toMatchObject({ aborted: true, timedOut: false });
    // Either the runner read the container's SIGTERM exit, or the pod was already gone when it looked (on a
    // busy machine the cluster may remove it first): both are a cancelled run, never a success.
    if (result.exitCode === null) expect(result.signal).toBe('pod-deleted');
    else expect(result.exitCode).toBe(143);
    expect(call.stderr()).toContain('Interrupted by the host');
  });

  it('stops a plugin that outlives its timeout and says so', async () => {
    cluster.setScenario({ lines: [event('log', { level: 'info', message: 'slow' })], hang: true });
    const call = invocation('plan', { timeoutMs: 800 });
    const result = await runner.run(call.value);
    expect(result).toMatchObject({ timedOut: true, aborted: false });
  });

  it('fails at once, naming the reason, when the image cannot be pulled', async () => {
    cluster.setScenario({ lines: [], waitingReason: 'ImagePullBackOff' });
    const call = invocation('plan');
    await expect(runner.run(call.value)).rejects.toThrow(
      /ImagePullBackOff.*registry\.example\.org\/csoc-plugin-sim/,
    );
  });

  it('refuses a setup that cannot share work dirs with the pods', async () => {
    expect(() => createKubernetesRunner({ stateUrl: 'http://csoc:8080' })).toThrow(
      /CSOC_KUBERNETES_WORK_CLAIM/,
    );
    // Without any cluster configuration the client would talk to http://localhost:8080 (CSOC's own port).
    const home = process.env.HOME;
    process.env.KUBECONFIG = '';
    process.env.HOME = kubeconfigDir;
    try {
      expect(() => createKubernetesRunner({ workClaim: 'csoc-runs' })).toThrow(
        /found no cluster configuration/,
      );
    } finally {
      process.env.KUBECONFIG = path.join(kubeconfigDir, 'config');
      process.env.HOME = home;
    }
    const call = invocation('plan', { workDir: '/elsewhere/work' });
    await expect(runner.run(call.value)).rejects.toThrow(/not inside the work claim mount/);
  });

  it('converts memory sizes to Kubernetes quantities', () => {
    expect(['2g', '512m', '64k', '1000'].map(toKubernetesMemory)).toEqual(['2Gi', '512Mi', '64Ki', '1000']);
  });
});

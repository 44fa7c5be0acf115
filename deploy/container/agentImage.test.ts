// The csoc-agent image (deploy/container/Containerfile.agent), built here without a registry
// (buildLocalAgentImage.sh over the shared local base), run as a pod runs it: read-only, non-root, no
// capabilities, a ServiceAccount token and CA mounted where Kubernetes mounts them, the join token as a file.
// A real CSOC (SQLite) issues the join token through its API; the plugin SDK's fake Kubernetes API server
// (TLS, the agent's Role enforced, and the read Role on Argo CD's namespace) stands in for the cluster, as no
// cluster can run here. The agent enrols by itself, and CSOC's cluster routes answer from inside the image.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentRoleRules } from '@csoc/agent/testing/agentRole.ts';
import { createFakeKubernetesApi } from '@csoc/plugin-sdk/testing/createFakeKubernetesApi.ts';
import { createTestCertificates } from '@csoc/plugin-sdk/testing/createTestCertificates.ts';
import { requirePodman } from '@csoc/server/testing/ensureSimPluginImage.ts';
import { createSimAccount, simCommonsDocument } from '@csoc/server/testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '@csoc/server/testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { waitFor } from '@csoc/server/testing/waitFor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalImage,
  IMAGE_BUILD_TIMEOUT_MS,
  podman,
  repoRoot,
  type CsocTestImage,
} from './ensureCsocImage.ts';

const ORG = 'agent-image';
const COMMONS = 'dev';
const NAMESPACE = 'gen3-dev';
const SA_TOKEN = `sa-${crypto.randomBytes(12).toString('hex')}`;
const { version } = JSON.parse(
  fs.readFileSync(path.join(repoRoot, 'packages/agent/package.json'), 'utf8'),
) as {
  version: string;
};

const fenceDeployment = {
  metadata: { name: 'fence' },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'fence', image: 'quay.io/cdis/fence:2025.06' }] } },
  },
  status: { readyReplicas: 2 },
};
const indexdDeployment = {
  metadata: { name: 'indexd' },
  spec: {
    replicas: 1,
    template: { spec: { containers: [{ name: 'indexd', image: 'quay.io/cdis/indexd:2025.06' }] } },
  },
  status: { readyReplicas: 0 },
};
const fencePod = {
  metadata: {
    name: 'fence-6c9d-x1',
    ownerReferences: [{ kind: 'ReplicaSet', name: 'fence-6c9d', controller: true }],
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'fence', image: 'quay.io/cdis/fence:2025.06' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'fence', image: 'quay.io/cdis/fence:2025.06', ready: true, restartCount: 0 }],
  },
};

describe('the csoc-agent image', { timeout: 900_000 }, () => {
  let image: CsocTestImage | undefined;
  let csoc: TestCsoc | undefined;
  let api: ReturnType<typeof createFakeKubernetesApi> | undefined;
  let dir: string | undefined;
  let container: string | undefined;
  let joinToken = '';
  let databaseUrl: string | undefined;

  beforeAll(() => {
    requirePodman();
    image = ensureLocalImage(
      'deploy/container/buildLocalAgentImage.sh',
      `localhost/csoc-agent:${version}`,
      'csoc-agent-test',
    );
    console.log(
      `[figures] csoc-agent image build (buildLocalAgentImage.sh, lock wait included): ${image.buildMs} ms`,
    );
  }, IMAGE_BUILD_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (container) podman(['rm', '-f', '-v', container]);
    await api?.close();
    await csoc?.stop();
    if (csoc) fs.rmSync(csoc.dataDir, { recursive: true, force: true });
    if (databaseUrl)
      fs.rmSync(path.dirname(databaseUrl.slice('sqlite:'.length)), { recursive: true, force: true });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    image?.release();
  });

  it('declares a numeric non-root user, its health check and the bundled agent, and holds no npm, tsx or TypeScript', () => {
    const [inspected] = JSON.parse(podman(['image', 'inspect', image!.tag]).stdout) as Array<{
      Config: { User: string; Entrypoint: string[] };
      Healthcheck?: { Test: string[] };
    }>;
    expect(inspected!.Config.User).toBe('65532:65532');
    expect(inspected!.Config.Entrypoint).toEqual(['node', '/opt/csoc-agent/csoc-agent.mjs']);
    expect(inspected!.Healthcheck?.Test).toEqual([
      'CMD',
      'node',
      '/opt/csoc-agent/csoc-agent-healthcheck.mjs',
      '--connected',
    ]);
    const created = podman(['create', image!.tag]);
    expect(created.status, created.stderr).toBe(0);
    const id = created.stdout.trim();
    let listing: string[];
    try {
      const exported = spawnSync('sh', ['-c', `podman export ${id} | tar -t`], {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(exported.status, exported.stderr).toBe(0);
      listing = exported.stdout.split('\n').filter(Boolean);
    } finally {
      podman(['rm', '-v', id]);
    }
    expect(listing).toContain('opt/csoc-agent/csoc-agent.mjs');
    expect(listing).toContain('opt/csoc-agent/csoc-agent-healthcheck.mjs');
    expect(listing.filter((file) => /\.(ts|mts|cts|tsx)$/.test(file))).toEqual([]);
    expect(listing.filter((file) => /(^|\/)(npm|npx|tsx|corepack|node_modules)(\/|$)/.test(file))).toEqual(
      [],
    );
  });

  it('enrols with the join token and answers the workloads and Argo CD status through CSOC, read-only and non-root', async () => {
    const started = Date.now();
    databaseUrl = createSqliteTestDatabase();
    csoc = await startTestCsoc({ databaseUrl, env: { CSOC_WORKER: 'off' } });
    const admin = csoc.admin;
    expect((await admin.post('/api/v1/orgs', { slug: ORG, name: ORG })).status).toBe(201);
    await createSimAccount(admin, ORG);
    expect((await admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(COMMONS))).status).toBe(201);
    const issued = await admin.post(`/api/v1/orgs/${ORG}/commons/${COMMONS}/agent/join-token`, {});
    expect(issued.status, issued.text).toBe(201);
    joinToken = issued.body.token as string;

    // The cluster: HTTPS with a test CA, the ServiceAccount's token only, RBAC as the rendered Roles grant.
    const certs = createTestCertificates();
    api = createFakeKubernetesApi({
      tls: { cert: certs.serverCert, key: certs.serverKey },
      tokens: [SA_TOKEN],
      namespaces: [NAMESPACE, 'argocd'],
      permissions: agentRoleRules(NAMESPACE, { argocdNamespace: 'argocd' }),
      enforcePermissions: true,
    });
    const server = new URL(await api.listen());
    const seed = (
      collection: string,
      objects: Array<{ metadata: { name: string }; [key: string]: unknown }>,
    ) => api!.objects.set(collection, new Map(objects.map((object) => [object.metadata.name, object])));
    seed(`/apis/apps/v1/namespaces/${NAMESPACE}/deployments`, [fenceDeployment, indexdDeployment]);
    seed(`/api/v1/namespaces/${NAMESPACE}/pods`, [fencePod]);
    // A real API server answers an empty list for a kind with no objects; the fake needs it seeded.
    for (const collection of [
      'apps/v1/namespaces/NS/statefulsets',
      'batch/v1/namespaces/NS/jobs',
      'batch/v1/namespaces/NS/cronjobs',
    ])
      seed(`/apis/${collection.replace('NS', NAMESPACE)}`, []);
    seed(`/api/v1/namespaces/${NAMESPACE}/events`, []);
    seed('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications', [
      {
        metadata: { name: `gen3-${COMMONS}` },
        status: { sync: { status: 'Synced', revision: 'abc123' }, health: { status: 'Healthy' } },
      },
    ]);
    // The identity Secret the rendered manifests create empty; the agent fills it after enrolment.
    api.secrets.set('csoc-agent-identity', { metadata: { name: 'csoc-agent-identity' }, type: 'Opaque' });

    // What the kubelet mounts: the projected ServiceAccount files, and the join token Secret as a file.
    // Readable by the container's uid 65532 (rootless podman maps this user to the container's root).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-agent-image-'));
    const serviceAccount = path.join(dir, 'serviceaccount');
    const join = path.join(dir, 'join');
    for (const folder of [dir, serviceAccount, join]) fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(path.join(serviceAccount, 'token'), SA_TOKEN, { mode: 0o644 });
    fs.writeFileSync(path.join(serviceAccount, 'ca.crt'), certs.caCert, { mode: 0o644 });
    fs.writeFileSync(path.join(serviceAccount, 'namespace'), NAMESPACE, { mode: 0o644 });
    fs.writeFileSync(path.join(join, 'token'), joinToken, { mode: 0o644 });

    container = `csoc-agent-test-${crypto.randomBytes(4).toString('hex')}`;
    const run = podman([
      'run',
      '-d',
      '--name',
      container,
      '--read-only',
      '--network',
      'host',
      '--cap-drop',
      'ALL',
      '--security-opt',
      'no-new-privileges',
      '-v',
      `${serviceAccount}:/var/run/secrets/kubernetes.io/serviceaccount:ro`,
      '-v',
      `${join}:/etc/csoc-agent/join:ro`,
      '-e',
      `CSOC_URL=${csoc.url}`,
      '-e',
      `CSOC_AGENT_NAMESPACE=${NAMESPACE}`,
      '-e',
      'CSOC_AGENT_JOIN_TOKEN_FILE=/etc/csoc-agent/join/token',
      '-e',
      'CSOC_AGENT_IDENTITY_SECRET=csoc-agent-identity',
      '-e',
      'CSOC_AGENT_ARGOCD_NAMESPACE=argocd',
      '-e',
      `KUBERNETES_SERVICE_HOST=${server.hostname}`,
      '-e',
      `KUBERNETES_SERVICE_PORT=${server.port}`,
      image!.tag,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const logs = () => {
      const read = podman(['logs', container!]);
      return `${read.stdout}${read.stderr}`;
    };

    const base = `/api/v1/orgs/${ORG}/commons/${COMMONS}`;
    const status = await waitFor(
      'the agent in the image to connect',
      async () => {
        const state = podman(['inspect', '--format', '{{.State.Running}}', container!]).stdout.trim();
        if (state !== 'true') throw new Error(`the agent container stopped:\n${logs()}`);
        const response = await admin.get(`${base}/agent`);
        return response.body?.connected ? response.body : undefined;
      },
      240_000,
      250,
    );
    const connectedMs = Date.now() - started;
    expect(status).toMatchObject({ enrolled: true, status: 'active', version });

    const workloads = await admin.get(`${base}/cluster/workloads`);
    expect(workloads.status, workloads.text).toBe(200);
    const byName = Object.fromEntries(
      (
        workloads.body.workloads as Array<{
          name: string;
          kind: string;
          ready: number;
          desired: number;
          images: string[];
        }>
      ).map((workload) => [workload.name, workload]),
    );
    expect(byName.fence).toMatchObject({
      kind: 'Deployment',
      ready: 2,
      desired: 2,
      images: ['quay.io/cdis/fence:2025.06'],
    });
    expect(byName.indexd).toMatchObject({ kind: 'Deployment', ready: 0, desired: 1 });
    const pods = await admin.get(`${base}/cluster/pods`);
    expect(pods.status, pods.text).toBe(200);
    expect(JSON.stringify(pods.body)).toContain('fence-6c9d-x1');
    const argocd = await admin.get(`${base}/cluster/argocd`);
    expect(argocd.status, argocd.text).toBe(200);
    expect(argocd.body.applications).toEqual([
      { name: `gen3-${COMMONS}`, sync: 'Synced', health: 'Healthy', revision: 'abc123' },
    ]);
    console.log(
      `[figures] csoc-agent image: CSOC start to agent connected ${connectedMs} ms, whole check ${Date.now() - started} ms`,
    );

    // Every call it made carried the ServiceAccount token and stayed in its namespace or Argo CD's.
    for (const call of api.calls as string[])
      expect(call).toMatch(new RegExp(`^(GET|POST|PATCH|PUT) /apis?/[^ ]*namespaces/(${NAMESPACE}|argocd)/`));
    // It kept its identity in the one Secret, so a restarted pod needs no new join token.
    const identity = api.secrets.get('csoc-agent-identity') as { data?: Record<string, string> };
    expect(Object.keys(identity.data ?? {})).toEqual(expect.arrayContaining(['agentId', 'privateKeyPem']));

    // Its health check, with plain node: connected once the status file caught up (within about a second).
    const healthy = await waitFor(
      'the health check to report the agent connected',
      async () => {
        const check = podman([
          'exec',
          container!,
          'node',
          '/opt/csoc-agent/csoc-agent-healthcheck.mjs',
          '--connected',
        ]);
        return check.status === 0 ? check : undefined;
      },
      30_000,
      250,
    );
    expect(healthy.stdout.trim()).toBe('csoc-agent connected');
    // Non-root, on a root filesystem it cannot write.
    const uid = podman(['exec', container, 'node', '-e', 'console.log(process.getuid())']);
    expect(uid.stdout.trim()).toBe('65532');
    const write = podman([
      'exec',
      container,
      'node',
      '-e',
      "require('fs').writeFileSync('/opt/csoc-agent/x', '')",
    ]);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain('EROFS');
    // The join token and the ServiceAccount token appear nowhere in what it printed.
    const printed = logs();
    expect(printed).toContain('connected to CSOC');
    expect(printed).not.toContain(joinToken);
    expect(printed).not.toContain(SA_TOKEN);
  });
});

// The whole chain here, with nothing answered by the test: CSOC's API → the hub → the real csoc-agent link
// → the agent's real Kubernetes handlers → HTTP → the simulator's cluster (H8's). What a viewer reads in
// the live view is what the cluster holds.
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { waitFor } from '../testing/waitFor.ts';

const ORG = 'sim-cluster-org';

describe('the live view through the agent and a simulated cluster', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  let link: AgentLink;
  let cluster: Awaited<ReturnType<typeof startSimulatedCommonsCluster>>;
  const base = `/api/v1/orgs/${ORG}/commons/dev/cluster`;

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: createSqliteTestDatabase() });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('dev'))).status).toBe(
      201,
    );
    const token = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/dev/agent/join-token`, {});
    cluster = await startSimulatedCommonsCluster({
      namespace: 'gen3-dev',
      tickMs: 20,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 1, kind: 'Deployment' }],
    });
    link = createAgentLink({
      csocUrl: csoc.url,
      identityStore: cluster.identityStore,
      readJoinToken: async () => token.body.token,
      handlers: cluster.handlers,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
  });
  afterAll(async () => {
    await link?.stop();
    await cluster?.close();
    await csoc?.stop();
  });

  it('shows the workloads, pods, Argo CD status and a pod log of the simulated cluster', async () => {
    const workloads = await waitFor('fence to be ready through the agent', async () => {
      const response = await csoc.admin.get(`${base}/workloads`);
      return response.status === 200 &&
        response.body.workloads.some(
          (w: { name: string; ready: number }) => w.name === 'fence' && w.ready === 1,
        )
        ? response.body.workloads
        : undefined;
    });
    expect(workloads.find((w: { name: string }) => w.name === 'fence')).toMatchObject({
      kind: 'Deployment',
      images: ['quay.io/cdis/fence:2025.06'],
    });
    // The identity lives in the cluster's Secret, as it would in production.
    expect((await cluster.identityStore.load())?.csocUrl).toBe(csoc.url);

    const pods = await csoc.admin.get(`${base}/pods`);
    expect(pods.status, pods.text).toBe(200);
    const fencePod = pods.body.pods.find((pod: { name: string }) => pod.name.startsWith('fence-'));
    expect(fencePod).toMatchObject({ phase: 'Running' });
    const argocd = await csoc.admin.get(`${base}/argocd`);
    expect(argocd.status, argocd.text).toBe(200);
    expect(argocd.body.applications.length).toBeGreaterThan(0);
    expect((await csoc.admin.get(`${base}/metrics`)).body.available).toBe(true);
    expect((await csoc.admin.get(`${base}/events`)).status).toBe(200);

    const log = await waitFor('the fence pod to have logged', async () => {
      const response = await csoc.admin.get(`${base}/pods/${fencePod.name}/logs?tailLines=50`);
      return response.text.includes('event: log') ? response.text : undefined;
    });
    expect(log).toContain('event: end\ndata: {"ended":"eof"}');
    const missing = await csoc.admin.get(`${base}/pods/no-such-pod/logs`);
    expect(missing.text).toContain('event: error');
    expect(missing.text).toContain('cluster_object_not_found');
  });
});

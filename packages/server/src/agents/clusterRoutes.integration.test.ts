// Pages of the live view (ADR 0081) end to end: CSOC's API → the hub → the real agent link → the agent's
// Kubernetes handlers → a simulated cluster holding 2,000 pods. A viewer pages through every pod and
// workload, no answer outgrows a frame (the link never closes), and a small commons beside it answers as
// it did while the big one is paged.
import { createAgentLink, startSimulatedCommonsCluster, type AgentLink } from '@csoc/agent';
import { MAX_FRAME_BYTES, MAX_LIST_PAGE } from '@csoc/common/agent-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../testing/ApiClient.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { createSqliteTestDatabase } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { waitFor } from '../testing/waitFor.ts';

const ORG = 'cluster-pages-org';
type SimCluster = Awaited<ReturnType<typeof startSimulatedCommonsCluster>>;

describe('the live view of a commons with thousands of pods', { timeout: 600_000 }, () => {
  let csoc: TestCsoc;
  let viewer: ApiClient;
  const links: AgentLink[] = [];
  const clusters: SimCluster[] = [];
  const cluster = (commons: string) => `/api/v1/orgs/${ORG}/commons/${commons}/cluster`;

  async function commonsWithAgent(
    name: string,
    workloads: Parameters<typeof startSimulatedCommonsCluster>[0]['workloads'],
  ) {
    expect((await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name))).status).toBe(201);
    const token = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/agent/join-token`, {});
    const started = await startSimulatedCommonsCluster({ namespace: `gen3-${name}`, tickMs: 0, workloads });
    clusters.push(started);
    const link = createAgentLink({
      csocUrl: csoc.url,
      identityStore: started.identityStore,
      readJoinToken: async () => token.body.token,
      handlers: started.handlers,
      reconnectInitialDelayMs: 50,
      reconnectMaxDelayMs: 500,
    });
    links.push(link);
    await waitFor(`${name}'s agent to connect`, async () =>
      (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/agent`)).body?.connected === true
        ? true
        : undefined,
    );
    return { cluster: started, link };
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: createSqliteTestDatabase() });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    viewer = await createSignedInUser(csoc, 'viewer-pages@example.org', ORG, 'viewer');
  });
  afterAll(async () => {
    for (const link of links) await link.stop();
    for (const started of clusters) await started.close();
    await csoc?.stop();
  });

  it('pages through 2,000 pods and every workload, each answer within a frame, the small commons unaffected', async () => {
    const big = await commonsWithAgent(
      'big',
      Array.from({ length: 20 }, (_, i) => ({
        service: `svc-${String(i).padStart(2, '0')}`,
        image: `registry.example.org/${'a-long-repository-path/'.repeat(8)}svc-${i}:2025.06`,
        replicas: 100,
        kind: 'Deployment' as const,
      })),
    );
    const small = await commonsWithAgent('small', [
      { service: 'fence', image: 'quay.io/cdis/fence:2025.06', replicas: 1, kind: 'Deployment' },
    ]);
    expect(big.cluster.cluster.state.pods.size).toBe(2000);

    // The small commons is read all along, between the big one's pages.
    const smallReads: number[] = [];
    const readSmall = async () => {
      const response = await viewer.get(`${cluster('small')}/pods`);
      smallReads.push(response.status);
      expect(response.body.pods).toHaveLength(1);
      expect(response.body.nextCursor).toBeUndefined();
    };

    const names = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = new URLSearchParams({ limit: String(MAX_LIST_PAGE), ...(cursor ? { cursor } : {}) });
      const [page] = await Promise.all([viewer.get(`${cluster('big')}/pods?${query}`), readSmall()]);
      expect(page.status, page.text).toBe(200);
      expect(Buffer.byteLength(page.text)).toBeLessThan(MAX_FRAME_BYTES);
      expect(page.body.pods.length).toBeLessThanOrEqual(MAX_LIST_PAGE);
      for (const pod of page.body.pods) names.add(pod.name);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(names.size).toBe(2000);
    expect(smallReads.every((status) => status === 200)).toBe(true);
    // One connection each all along: no frame was refused (an oversized one closes the link with 1009).
    expect(big.link.connections()).toBe(1);
    expect(small.link.connections()).toBe(1);

    // The default page is bounded too, and workloads page the same way.
    const first = await viewer.get(`${cluster('big')}/pods`);
    expect(first.body.pods.length).toBeLessThan(2000);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const workloads: string[] = [];
    cursor = undefined;
    do {
      const page: ApiResponse<any> = await viewer.get(
        `${cluster('big')}/workloads?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status, page.text).toBe(200);
      workloads.push(...page.body.workloads.map((workload: { name: string }) => workload.name));
      cursor = page.body.nextCursor;
    } while (cursor && workloads.length < 100);
    expect(workloads.filter((name) => name.startsWith('svc-'))).toHaveLength(20);
    expect(new Set(workloads).size).toBe(workloads.length);
  });

  it('names the field of a bad page request and what to do with a cursor it does not know', async () => {
    const tooMany = await viewer.get(`${cluster('big')}/pods?limit=${MAX_LIST_PAGE + 1}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toContain('limit');
    const badCursor = await viewer.get(`${cluster('big')}/pods?cursor=${encodeURIComponent('no spaces')}`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.text).toContain('cursor');
    const unknown = await viewer.get(`${cluster('big')}/workloads?cursor=zz`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('list again without a cursor');
  });
});

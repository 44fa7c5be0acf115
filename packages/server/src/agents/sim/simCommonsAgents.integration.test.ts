// A deployed simulated commons with csoc-agent enabled gets a simulated cluster reached through the real
// agent protocol, started only from what the deploy rendered: CSOC_URL from agent.yaml, the join token from
// the secret-manager entry its ExternalSecret names (written here through the simulator's control API, as
// an operator would on a plugin that does not deliver it: the token is made before the deploy, so the deploy
// sees an unused one and delivers none of its own), workloads and images from values.yaml. Then
// CSOC's live view shows the commons' own workloads; a service fails and recovers on cue; deleting the
// Application stops the cluster and its agent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../../commons/recordInfrastructure.ts';
import { AGENT_LABEL } from '../../gitops/rendering/toRenderInput.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../../testing/startTestCsoc.ts';
import { ensureOrg } from '../../testing/testUsers.ts';
import { waitFor } from '../../testing/waitFor.ts';

const ORG = 'sim-agents-org';
const COMMONS = 'live';

interface SimClusterEntry {
  commons: string;
  namespace: string | null;
  link: string | null;
  problem: string | null;
}

describe('a deployed sim commons runs csoc-agent in a simulated cluster', { timeout: 300_000 }, () => {
  let csoc: TestCsoc;
  const base = `/api/v1/orgs/${ORG}/commons/${COMMONS}`;
  const control = (method: string, route: string, body?: unknown) =>
    fetch(`${csoc.context.simArgoCdUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${csoc.context.simArgoCdToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const clusters = async (): Promise<SimClusterEntry[]> =>
    (await (await control('GET', '/sim-control/clusters')).json()).clusters;

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-sim-agents-')), 'csoc.db')}`,
      env: {
        CSOC_SIM_SYNC_DELAY_MS: '200',
        CSOC_DEPLOY_TIMEOUT_SECONDS: '120',
        CSOC_PROBE_INTERVAL_SECONDS: '0',
      },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    const document = simCommonsDocument(
      COMMONS,
      {},
      { gen3: { release: '2025.06', hostname: `${COMMONS}.sim.example.org` } },
    );
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, {
      ...document,
      metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } },
    });
    expect(created.status, created.text).toBe(201);
    await recordInfrastructure(csoc.context.database, created.body.id, {
      status: 'provisioned',
      outputs: simApplyOutputs(COMMONS),
    });
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('waits for its join token, then shows the rendered workloads through the agent', async () => {
    const token = await csoc.admin.post(`${base}/agent/join-token`, {});
    expect(token.status, token.text).toBe(201);
    const started = await csoc.admin.post(`${base}/deploys`, {});
    expect(started.body.status, started.text).toBe('committed');
    // Synced, but the join token's entry is empty: the agent says what it waits for and no cluster runs.
    const waiting = await waitFor('the synced agent to wait for its join token', async () =>
      (await clusters()).find((entry) => entry.commons === `${ORG}/${COMMONS}` && entry.problem),
    );
    expect(waiting.link).toBeNull();
    const entry = /ExternalSecret csoc-agent-join-token: (\S+) has no value/.exec(waiting.problem!)?.[1];
    expect(entry).toBe(`${COMMONS}-${COMMONS}-csoc-agent-join-token`);
    expect((await csoc.admin.get(`${base}/cluster/workloads`)).status).toBe(503);

    const stored = await control('PUT', `/sim-control/secret-manager/${entry}`, { token: token.body.token });
    expect(stored.status).toBe(200);

    const workloads = await waitFor('fence to be ready through the agent', async () => {
      const response = await csoc.admin.get(`${base}/cluster/workloads`);
      return response.status === 200 &&
        response.body.workloads.some(
          (workload: { name: string; ready: number }) => workload.name === 'fence' && workload.ready >= 1,
        )
        ? response.body.workloads
        : undefined;
    });
    // The commons' own services at the release it was deployed with, and the chart's CronJobs.
    expect(workloads.find((workload: { name: string }) => workload.name === 'fence')).toMatchObject({
      kind: 'Deployment',
      images: ['quay.io/cdis/fence:2025.06'],
    });
    expect(workloads.map((workload: { name: string }) => workload.name)).toEqual(
      expect.arrayContaining(['indexd', 'arborist', 'usersync']),
    );
    const status = await csoc.admin.get(`${base}/agent`);
    expect(status.body).toMatchObject({ enrolled: true, connected: true });
    // The token reached the simulator only through the secret manager; its control API names no value.
    expect(JSON.stringify(await clusters())).not.toContain(token.body.token);
  });

  it('fails a service on cue and recovers it', async () => {
    const refused = await control('PUT', `/sim-control/clusters/${ORG}/${COMMONS}/failures`, {
      service: 'no-such-service',
    });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('no workload no-such-service');
    const failed = await control('PUT', `/sim-control/clusters/${ORG}/${COMMONS}/failures`, {
      service: 'indexd',
      reason: 'OOMKilled',
    });
    expect(failed.status, await failed.clone().text()).toBe(200);
    const crashed = await waitFor('an indexd pod to crash with OOMKilled', async () => {
      const pods = (await csoc.admin.get(`${base}/cluster/pods`)).body.pods ?? [];
      return pods.find(
        (pod: { name: string; containers: Array<{ lastTerminationReason?: string }> }) =>
          pod.name.startsWith('indexd-') &&
          pod.containers.some((container) => container.lastTerminationReason === 'OOMKilled'),
      );
    });
    expect(crashed.restarts).toBeGreaterThan(0);
    expect((await control('DELETE', `/sim-control/clusters/${ORG}/${COMMONS}/failures/indexd`)).status).toBe(
      200,
    );
    await waitFor('indexd to be ready again', async () => {
      const response = await csoc.admin.get(`${base}/cluster/workloads`);
      const indexd = response.body.workloads?.find(
        (workload: { name: string }) => workload.name === 'indexd',
      );
      return indexd && indexd.ready === indexd.desired ? indexd : undefined;
    });
  });

  it('rolls the cluster to the new images of an upgrade, with the same enrolled agent', async () => {
    const before = (await csoc.admin.get(`${base}/agent`)).body.agentId;
    const current = await csoc.admin.get(base);
    const document = simCommonsDocument(
      COMMONS,
      {},
      { gen3: { release: '2025.08', hostname: `${COMMONS}.sim.example.org` } },
    );
    const upgraded = await csoc.admin.put(
      base,
      {
        ...document,
        metadata: { ...document.metadata, labels: { [AGENT_LABEL]: 'enabled' } },
        message: 'Upgrade to Gen3 2025.08',
      },
      { 'if-match': current.headers.get('etag')! },
    );
    expect(upgraded.status, upgraded.text).toBe(200);
    expect((await csoc.admin.post(`${base}/deploys`, {})).status).toBe(201);
    await waitFor('fence to run the upgraded image through the agent', async () => {
      const response = await csoc.admin.get(`${base}/cluster/workloads`);
      const fence = response.body.workloads?.find((workload: { name: string }) => workload.name === 'fence');
      return fence?.images[0] === 'quay.io/cdis/fence:2025.08' && fence.ready >= 1 ? fence : undefined;
    });
    // No new join token was needed: the agent kept the identity it enrolled with.
    expect((await csoc.admin.get(`${base}/agent`)).body).toMatchObject({ agentId: before, connected: true });
  });

  it('after a revocation, the next deploy delivers a join token and the simulated agent enrols again', async () => {
    const before = (await csoc.admin.get(`${base}/agent`)).body.agentId;
    expect((await csoc.admin.delete(`${base}/agent`)).status).toBe(204);
    await waitFor('the revoked agent to be refused for good', async () =>
      (await clusters()).find((entry) => entry.commons === `${ORG}/${COMMONS}`)?.link === 'stopped'
        ? true
        : undefined,
    );
    expect((await csoc.admin.post(`${base}/deploys`, {})).status).toBe(201);
    const status = await waitFor('a newly enrolled agent to connect', async () => {
      const response = await csoc.admin.get(`${base}/agent`);
      return response.body.connected && response.body.agentId !== before ? response.body : undefined;
    });
    expect(status).toMatchObject({ status: 'active', enrolled: true });
    const workloads = await csoc.admin.get(`${base}/cluster/workloads`);
    expect(workloads.status).toBe(200);
  });

  it('stops the cluster and its agent when the Application is deleted', async () => {
    const deleted = await control(
      'DELETE',
      `/argocd/${ORG}/api/v1/applications/gen3-${COMMONS}?cascade=true`,
    );
    expect(deleted.status, await deleted.clone().text()).toBe(200);
    await waitFor('the simulated cluster to stop', async () =>
      (await clusters()).some((entry) => entry.commons === `${ORG}/${COMMONS}`) ? undefined : true,
    );
    await waitFor('the agent to be disconnected', async () => {
      const status = await csoc.admin.get(`${base}/agent`);
      return status.body.connected === false ? true : undefined;
    });
  });
});

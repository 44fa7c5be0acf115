// The simulator's one-call setup runs real handlers against its own cluster, on the clock.
import { afterEach, describe, expect, it } from 'vitest';
import { collectingContext, waitFor } from '../testing/collectingContext.ts';
import { startSimulatedCommonsCluster } from './startSimulatedCommonsCluster.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('startSimulatedCommonsCluster', () => {
  it('gives handlers that see the commons come up on the clock, and an identity store in its Secret', async () => {
    const commons = await startSimulatedCommonsCluster({
      namespace: 'gen3-dev',
      tickMs: 20,
      workloads: [{ service: 'fence', image: 'quay.io/cdis/fence:2025.01', replicas: 1, kind: 'Deployment' }],
    });
    closers.push(commons.close);
    const ctx = collectingContext().context;
    await waitFor(async () => {
      const { workloads } = await commons.handlers['workloads.list']!({}, ctx);
      return workloads.some((w) => w.name === 'fence' && w.ready === 1);
    }, 'fence to be ready');
    const { workloads } = await commons.handlers['workloads.list']!({}, ctx);
    expect(workloads.map((w) => w.name)).toEqual(['fence', 'fence-db-migrate-cronjob', 'usersync']);
    expect(await commons.identityStore.load()).toBeUndefined();
    await commons.identityStore.save({ agentId: 'x', privateKeyPem: 'k', csocUrl: 'http://csoc' });
    expect((await commons.identityStore.load())?.agentId).toBe('x');
    // The cluster's token is its own: a plain request without it is refused.
    const response = await fetch(`${commons.url}/api/v1/namespaces/gen3-dev/pods`);
    expect(response.status).toBe(401);
  });
});

// Monitoring end to end on both databases, against the SIMULATED Argo CD and commons endpoints: deployed
// commons are probed on a schedule; failures injected into the simulator (a service down, slow, hung) turn
// into health with reasons, transitions and incidents that end when the fault clears; a hung commons does
// not delay another; and when the process holding the probe leases stops renewing them (it died), a
// second process takes every commons over.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { createAppContext, type AppRoot } from '../createAppContext.ts';
import { createSimAccount, simApplyOutputs, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { listHealthTransitionsSince, type HealthTransition } from './healthStore.ts';
import { PROBE_SHARDS, shardHolders } from './probeShardLease.ts';
import {
  ROUND_CONNECTIONS,
  startProbeScheduler,
  type ProbeScheduler,
  type ProbeSchedulerOptions,
} from './startProbeScheduler.ts';

const ORG = 'mon-org';
const POLL = { timeout: 90_000, interval: 100 };

const schedulerOptions: ProbeSchedulerOptions = {
  intervalMs: 300,
  // Generous: on a loaded machine an answer that is not slowed can take a second.
  timeoutMs: 15_000,
  slowMs: 4000,
  perHostConcurrency: 2,
  leaseMs: 2000,
  refreshMs: 300,
  retentionDays: 90,
};

// Every test waits on probes of a simulated commons whose answers take up to `timeoutMs` to be judged a hang,
// so each gets as long as its polls may take, not the suite-wide 30 s a loaded CI machine can exceed.
describe.each(testDatabaseTargets)(
  'monitoring probes and health on $dialect',
  { timeout: 240_000 },
  (target) => {
    let csoc: TestCsoc;
    let second: AppRoot | undefined;
    const schedulers: ProbeScheduler[] = [];

    async function deployCommons(name: string): Promise<void> {
      const created = await csoc.admin.post(
        `/api/v1/orgs/${ORG}/commons`,
        simCommonsDocument(name, {}, { gen3: { release: '2025.06', hostname: `${name}.sim.example.org` } }),
      );
      expect(created.status, created.text).toBe(201);
      await recordInfrastructure(csoc.context.database, created.body.id, {
        status: 'provisioned',
        outputs: simApplyOutputs(name),
      });
      const deploy = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons/${name}/deploys`, {});
      expect(deploy.status, deploy.text).toBe(201);
      const deadline = Date.now() + 30_000;
      let status = '';
      while (status !== 'healthy' && Date.now() < deadline) {
        status = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${name}/deploys/${deploy.body.id}`)).body
          .status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe('healthy');
    }

    /** Tells the simulator to fail a service of a commons (admin control API, the sim's Bearer token). */
    async function injectFault(commons: string, body: Record<string, unknown>): Promise<void> {
      const response = await fetch(`${csoc.context.simArgoCdUrl}/sim-control/faults/${ORG}/${commons}`, {
        method: body.fault === undefined ? 'DELETE' : 'PUT',
        headers: {
          authorization: `Bearer ${csoc.context.simArgoCdToken}`,
          ...(body.fault === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body.fault === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.status, await response.text()).toBe(200);
    }

    const health = async (commons: string) =>
      (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/${commons}/health`)).body;

    beforeAll(async () => {
      // Scheduled probes off: each test starts its own schedulers with short intervals and leases.
      csoc = await startTestCsoc({
        databaseUrl: await target.create(),
        env: { CSOC_PROBE_INTERVAL_SECONDS: '0', CSOC_SIM_SYNC_DELAY_MS: '100' },
      });
      await ensureOrg(csoc, ORG);
      await createSimAccount(csoc.admin, ORG);
      await deployCommons('alpha');
      await deployCommons('beta');
    }, 120_000);
    afterAll(async () => {
      for (const scheduler of schedulers) await scheduler.stop();
      await second?.close();
      await csoc?.stop();
    });

    it('probes every deployed commons and reports each service healthy, with uptime', async () => {
      const scheduler = startProbeScheduler(csoc.context, { ...schedulerOptions, prober: 'process-a' });
      schedulers.push(scheduler);
      await expect.poll(async () => (await health('alpha')).state, POLL).toBe('healthy');
      await expect.poll(async () => (await health('beta')).state, POLL).toBe('healthy');
      const alpha = await health('alpha');
      expect(alpha.services.map((service: any) => service.service)).toEqual(
        expect.arrayContaining(['revproxy', 'fence', 'indexd']),
      );
      expect(
        alpha.services.every((service: any) => service.state === 'healthy' && service.httpStatus === 200),
      ).toBe(true);
      expect(alpha.uptime.last30).toBe(1);
      expect(scheduler.stats().shards).toHaveLength(PROBE_SHARDS);
      const fleet = (await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/health`)).body;
      expect(fleet.counts).toEqual({ healthy: 2, degraded: 0, down: 0, unknown: 0 });
      expect(fleet.items.map((item: any) => item.commons)).toEqual(['alpha', 'beta']);
      // CSOC's own /metrics carries the health of each commons it probes.
      const metrics = await (await fetch(`${csoc.url}/metrics`)).text();
      expect(metrics).toContain(`csoc_commons_health{org="${ORG}",commons="alpha",state="healthy"} 1`);
      expect(metrics).toMatch(
        new RegExp(`csoc_commons_probe_duration_seconds\\{org="${ORG}",commons="alpha"\\} \\d`),
      );
    });

    it('turns an injected failure into health with its reason, a transition and an incident that ends when it clears', async () => {
      const [before] = await listHealthTransitionsSince(csoc.context.database, { limit: 1 });
      const seen: HealthTransition[] = [];
      const unsubscribe = schedulers[0]!.onHealthTransition((transition) => seen.push(transition));
      await injectFault('alpha', { service: 'fence', fault: 'down' });
      await expect
        .poll(async () => (await health('alpha')).reasons, POLL)
        .toContainEqual({ kind: 'probe', message: 'fence down: /user/_status answered 500' });
      const degraded = await health('alpha');
      expect(degraded.state).toBe('degraded');
      expect(degraded.services.find((service: any) => service.service === 'fence')).toMatchObject({
        state: 'down',
        httpStatus: 500,
      });
      const open = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/incidents?open=true`)).body;
      expect(open.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            service: 'fence',
            state: 'down',
            cause: '/user/_status answered 500',
            endedAt: null,
          }),
          expect.objectContaining({ service: null, state: 'degraded', endedAt: null }),
        ]),
      );

      await injectFault('alpha', {});
      await expect.poll(async () => (await health('alpha')).state, POLL).toBe('healthy');
      const ended = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/incidents?open=false`)).body;
      expect(ended.items.find((incident: any) => incident.service === 'fence').endedAt).not.toBeNull();
      expect(
        (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/alpha/incidents?open=true`)).body.items,
      ).toEqual([]);
      // The transitions, in order, for an alerting engine polling the feed and for in-process listeners alike.
      const feed = (
        await listHealthTransitionsSince(csoc.context.database, { afterId: before?.id, limit: 100 })
      ).filter((transition) => transition.commonsName === 'alpha');
      expect(
        feed.map((transition) => `${transition.service ?? 'commons'} ${transition.from}→${transition.to}`),
      ).toEqual(
        expect.arrayContaining([
          'fence healthy→down',
          'commons healthy→degraded',
          'fence down→healthy',
          'commons degraded→healthy',
        ]),
      );
      expect(seen.map((transition) => transition.id)).toEqual(
        expect.arrayContaining(feed.map((transition) => transition.id)),
      );
      unsubscribe();
    });

    it('reports a slow service as degraded', async () => {
      await injectFault('alpha', { service: 'indexd', fault: 'slow', delayMs: 7000 });
      await expect
        .poll(
          async () =>
            (await health('alpha')).services.find((service: any) => service.service === 'indexd')?.state,
          POLL,
        )
        .toBe('degraded');
      expect((await health('alpha')).reasons.map((reason: any) => reason.message)).toContainEqual(
        expect.stringMatching(
          /^indexd degraded: \/index\/_status answered in \d+ ms \(slower than 4000 ms\)$/,
        ),
      );
      await injectFault('alpha', {});
      await expect.poll(async () => (await health('alpha')).state, POLL).toBe('healthy');
    });

    it('keeps probing other commons on schedule while one hangs, and reports the hung one down', async () => {
      const hangStart = new Date().toISOString();
      await injectFault('beta', { service: '*', fault: 'hang' });
      // While beta's requests hang (the simulator holds them), alpha is probed again and again.
      const hungRequests = async () =>
        (
          await (
            await fetch(`${csoc.context.simArgoCdUrl}/sim-control/faults`, {
              headers: { authorization: `Bearer ${csoc.context.simArgoCdToken}` },
            })
          ).json()
        ).hungRequests as number;
      const checksDuringHang = new Set<string>();
      let mostHung = 0;
      await expect
        .poll(async () => {
          const checkedAt = (await health('alpha')).checkedAt;
          const hung = await hungRequests();
          mostHung = Math.max(mostHung, hung);
          if (hung > 0) checksDuringHang.add(checkedAt);
          return checksDuringHang.size;
        }, POLL)
        .toBeGreaterThanOrEqual(4);
      // A round holds at most ROUND_CONNECTIONS connections to a commons, even when every service hangs.
      expect(mostHung).toBeGreaterThan(0);
      expect(mostHung).toBeLessThanOrEqual(ROUND_CONNECTIONS);
      await expect.poll(async () => (await health('beta')).state, POLL).toBe('down');
      expect((await health('beta')).reasons[0].message).toMatch(/no answer/);
      expect((await health('alpha')).state).toBe('healthy');
      await injectFault('beta', {});
      await expect.poll(async () => (await health('beta')).state, POLL).toBe('healthy');
      // The outage was one incident of the commons, not one per service, and it ended.
      const betaIncidents = (await csoc.admin.get(`/api/v1/orgs/${ORG}/commons/beta/incidents`)).body.items;
      expect(
        betaIncidents.filter((incident: any) => incident.service === null && incident.state === 'down'),
      ).toEqual([expect.objectContaining({ endedAt: expect.any(String) })]);
      expect(
        betaIncidents.filter((incident: any) => incident.service !== null && incident.startedAt > hangStart),
      ).toEqual([]);
    });

    it('shares the shards with a second process and takes every commons over when the first dies', async () => {
      // A second prober on the same database. On PostgreSQL it is a second app context (its own connection
      // pool and metrics), as another replica is. On SQLite it shares this process's one connection: two
      // connections in one process would deadlock, SQLite's busy wait being synchronous (separate processes
      // on one SQLite file do not have that problem).
      let context = csoc.context;
      if (target.dialect === 'postgres') {
        const config = csoc.context.config;
        second = await createAppContext(
          { ...config, dataDir: fs.mkdtempSync(`${config.dataDir}-second-`) } as typeof config,
          { logDestination: { write: () => true } as never, publicUrl: csoc.url },
        );
        context = Object.assign(second.context, {
          simArgoCdUrl: csoc.context.simArgoCdUrl,
          simArgoCdToken: csoc.context.simArgoCdToken,
        });
      }
      const first = schedulers[0]!;
      const other = startProbeScheduler(context, { ...schedulerOptions, prober: 'process-b' });
      schedulers.push(other);
      // Both live: each holds half, and no shard is held twice.
      await expect
        .poll(() => [first.stats().shards.length, other.stats().shards.length], POLL)
        .toEqual([PROBE_SHARDS / 2, PROBE_SHARDS / 2]);
      const overlap = first.stats().shards.filter((shard) => other.stats().shards.includes(shard));
      expect(overlap).toEqual([]);

      // The first process dies: it stops renewing and gives nothing back.
      first.abandon();
      const diedAt = new Date().toISOString();
      await expect.poll(() => other.stats().shards.length, POLL).toBe(PROBE_SHARDS);
      const holders = await shardHolders(csoc.context.database);
      expect(new Set(holders.values())).toEqual(new Set(['process-b']));
      for (const commons of ['alpha', 'beta'])
        await expect.poll(async () => (await health(commons)).checkedAt > diedAt, POLL).toBe(true);
      expect(other.stats().targets).toBe(2);
    });
  },
);

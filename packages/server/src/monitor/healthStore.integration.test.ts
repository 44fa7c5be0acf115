// The probe loop's batched writes on both databases: a round that changed nothing is handed back as a check
// (nothing written yet), many checks are written in one statement and show in the fleet health API, a check
// of a commons that is gone is skipped, and a round that changes health is still written at once. The fleet
// overview reads the first reason of what is not healthy and shows a commons not probed lately as unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommonsHealth } from './assessHealth.ts';
import {
  findCommonsHealth,
  fleetHealthOfOrg,
  recordProbeChecks,
  recordProbedCommons,
  type ProbeCheck,
} from './healthStore.ts';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';

const ORG = 'checks-org';

const healthOf = (indexd: 'healthy' | 'down'): CommonsHealth => ({
  state: indexd === 'healthy' ? 'healthy' : 'degraded',
  reasons:
    indexd === 'healthy' ? [] : [{ kind: 'probe', message: 'indexd down: /index/_status answered 500' }],
  services: [
    { service: 'revproxy', state: 'healthy', reason: '', httpStatus: 200, latencyMs: 9 },
    {
      service: 'indexd',
      state: indexd,
      reason: indexd === 'healthy' ? '' : '/index/_status answered 500',
      httpStatus: indexd === 'healthy' ? 200 : 500,
      latencyMs: 12,
    },
  ],
});

describe.each(testDatabaseTargets)('batched probe checks on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId = '';
  const ids: Record<string, string> = {};

  /** A commons' first probe round. */
  const firstRound = (name: string, health: CommonsHealth, at: string) =>
    recordProbedCommons(
      csoc.context.database,
      { commonsId: ids[name]!, orgId, commonsName: name, health, probeMs: 40, at },
      undefined,
    );

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_PROBE_INTERVAL_SECONDS: '0' },
    });
    await ensureOrg(csoc, ORG);
    await createSimAccount(csoc.admin, ORG);
    for (const name of ['alpha', 'beta']) {
      const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument(name));
      expect(created.status, created.text).toBe(201);
      ids[name] = created.body.id;
    }
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
  });

  it('writes unchanged rounds in one batch, skips a commons that is gone, and writes a change at once', async () => {
    const database = csoc.context.database;
    const t0 = new Date(Date.now() - 60_000).toISOString();
    const t1 = new Date(Date.now() - 30_000).toISOString();
    const t2 = new Date().toISOString();
    for (const name of ['alpha', 'beta']) await firstRound(name, healthOf('healthy'), t0);

    // Nothing changed: the round is handed back as a check, and nothing is written yet.
    const deferred: ProbeCheck[] = [];
    for (const name of ['alpha', 'beta']) {
      const previous = await findCommonsHealth(database, ids[name]!);
      const { transitions } = await recordProbedCommons(
        database,
        {
          commonsId: ids[name]!,
          orgId,
          commonsName: name,
          health: healthOf('healthy'),
          probeMs: 77.4,
          at: t1,
        },
        previous,
        { deferCheck: (check) => deferred.push(check) },
      );
      expect(transitions).toEqual([]);
    }
    expect(deferred.map((check) => check.at)).toEqual([t1, t1]);
    expect((await findCommonsHealth(database, ids.alpha!))?.checkedAt).toBe(t0);

    await recordProbeChecks(database, [...deferred, { commonsId: 'no-longer-deployed', at: t1, probeMs: 5 }]);
    const fleet = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/health`);
    expect(fleet.status, fleet.text).toBe(200);
    expect(fleet.body.items).toEqual([
      expect.objectContaining({
        commons: 'alpha',
        state: 'healthy',
        checkedAt: t1,
        since: t0,
        probeLatencyMs: 77,
      }),
      expect.objectContaining({
        commons: 'beta',
        state: 'healthy',
        checkedAt: t1,
        since: t0,
        probeLatencyMs: 77,
      }),
    ]);

    // A change is never deferred: the transition and the incident are there as soon as the call returns.
    const changed: ProbeCheck[] = [];
    const previous = await findCommonsHealth(database, ids.beta!);
    const { transitions } = await recordProbedCommons(
      database,
      { commonsId: ids.beta!, orgId, commonsName: 'beta', health: healthOf('down'), probeMs: 50, at: t2 },
      previous,
      { deferCheck: (check) => changed.push(check) },
    );
    expect(changed).toEqual([]);
    expect(transitions.map((change) => `${change.service ?? 'commons'} ${change.from}→${change.to}`)).toEqual(
      ['commons healthy→degraded', 'indexd healthy→down'],
    );
    const incidents = await csoc.admin.get(`/api/v1/orgs/${ORG}/incidents?open=true`);
    expect(incidents.status, incidents.text).toBe(200);
    expect(incidents.body.items.map((incident: { commons: string }) => incident.commons)).toEqual([
      'beta',
      'beta',
    ]);

    // A new reason without a new state is written at once too; only the latency may change unwritten.
    const stillDown = healthOf('down');
    stillDown.services[1]!.reason = '/index/_status answered 503';
    const { transitions: none } = await recordProbedCommons(
      database,
      { commonsId: ids.beta!, orgId, commonsName: 'beta', health: stillDown, probeMs: 50, at: t2 },
      await findCommonsHealth(database, ids.beta!),
      { deferCheck: (check) => changed.push(check) },
    );
    expect(none).toEqual([]);
    expect(changed).toEqual([]);
    expect((await findCommonsHealth(database, ids.beta!))?.services[1]?.reason).toBe(
      '/index/_status answered 503',
    );

    // The fleet overview: the first reason of what is not healthy; a commons not probed lately is unknown.
    const after = await csoc.admin.get(`/api/v1/orgs/${ORG}/fleet/health`);
    expect(after.body.counts).toEqual({ healthy: 1, degraded: 1, down: 0, unknown: 0 });
    expect(after.body.items.map((item: { commons: string; state: string; reason: string }) => item)).toEqual([
      expect.objectContaining({ commons: 'alpha', state: 'healthy', reason: '' }),
      expect.objectContaining({
        commons: 'beta',
        state: 'degraded',
        reason: 'indexd down: /index/_status answered 500',
      }),
    ]);
    const later = await fleetHealthOfOrg(database, orgId, 45_000, Date.parse(t2) + 40_000);
    expect(later.map((row) => [row.commonsName, row.state, row.stale, row.reason])).toEqual([
      ['alpha', 'unknown', true, `no probe since ${t1}`],
      ['beta', 'degraded', false, 'indexd down: /index/_status answered 500'],
    ]);
    // An org with nothing monitored: an empty overview (the packed query's aggregate of no rows).
    expect(await fleetHealthOfOrg(database, 'org-without-commons', 45_000)).toEqual([]);
  });

  it('writes a batch larger than one statement holds', async () => {
    const database = csoc.context.database;
    const at = new Date().toISOString();
    const checks: ProbeCheck[] = Array.from({ length: 450 }, (_, index) => ({
      commonsId: `gone-${index}`,
      at,
      probeMs: index,
    }));
    checks.push({ commonsId: ids.alpha!, at, probeMs: 123 });
    await recordProbeChecks(database, checks);
    expect(await findCommonsHealth(database, ids.alpha!)).toMatchObject({ checkedAt: at, probeMs: 123 });
  });
});

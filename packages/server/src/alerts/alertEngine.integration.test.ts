// The engine on both databases: one open alert per condition (deduplication), "for N minutes" before
// firing, thresholds, grouping of alerts into one notification, routing by severity and label, and the
// sources it reads itself (Degraded deploys, failed runs, monitor's health transitions).
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimAccount, simCommonsDocument } from '../testing/simCommons.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { firePendingAlerts, reportAlertCondition, type AlertSignal } from './alertEngine.ts';
import type { NotificationItem } from './alertOutbox.ts';
import { pollAlertSources } from './alertSources.ts';
import { pollHealthTransitions } from './healthTransitionSource.ts';
import { startHttpReceiver, type HttpReceiver } from './testing/alertReceivers.ts';

const ORG = 'engine-org';

describe.each(testDatabaseTargets)('alert engine on $dialect', (target) => {
  let csoc: TestCsoc;
  let orgId: string;
  let sink: HttpReceiver;

  const api = (path: string) => `/api/v1/orgs/${ORG}/alerts${path}`;
  async function addRule(body: Record<string, unknown>) {
    const created = await csoc.admin.post(api('/rules'), body);
    expect(created.status, created.text).toBe(201);
    return created.body;
  }
  /** A channel that holds notifications for a minute (grouping), so the test can read the outbox. */
  async function addChannel(name: string, route: Record<string, unknown>) {
    const created = await csoc.admin.post(api('/channels'), {
      name,
      kind: 'webhook',
      config: { url: sink.url },
      secrets: { secret: 'engine-test-signing-secret' },
      route: { groupWaitSeconds: 600, ...route },
    });
    expect(created.status, created.text).toBe(201);
    return created.body.id as string;
  }
  async function outboxOf(channelId: string) {
    const rows = await csoc.context.database.db
      .selectFrom('alert_notifications')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('id')
      .execute();
    return rows.map((row) => JSON.parse(row.items) as NotificationItem[]);
  }
  const report = (signal: Omit<AlertSignal, 'orgId'>) =>
    reportAlertCondition(csoc.context.database, { orgId, ...signal });
  async function alertsOf(test: string) {
    const page = await csoc.admin.get(api('?limit=500'));
    return (page.body.items as Array<Record<string, any>>).filter((alert) => alert.labels.test === test);
  }

  beforeAll(async () => {
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      // The receivers run on loopback, which channels may reach only when allowed.
      env: { CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8' },
    });
    await ensureOrg(csoc, ORG);
    orgId = (await csoc.admin.get(`/api/v1/orgs/${ORG}`)).body.id;
    sink = await startHttpReceiver();
  }, 120_000);
  afterAll(async () => {
    await csoc?.stop();
    await sink?.close();
  });

  it('waits forSeconds before firing, fires once, and drops a condition that cleared before', async () => {
    await addRule({ name: 'svc-down', kind: 'service-down', forSeconds: 60, labels: { test: 'for' } });
    const channel = await addChannel('for-channel', { matchers: [{ label: 'test', op: '=', value: 'for' }] });
    const thirtySecondsAgo = new Date(Date.now() - 30_000).toISOString();
    const down = {
      kind: 'service-down' as const,
      commonsName: 'alpha',
      subject: 'fence',
      firing: true,
      summary: 'fence answers 503',
    };
    expect((await report({ ...down, observedAt: thirtySecondsAgo }))[0]!.transition).toBe('opened');
    expect((await report(down))[0]!.transition).toBe('updated');
    expect((await alertsOf('for')).map((alert) => alert.state)).toEqual(['pending']);
    expect(await outboxOf(channel)).toEqual([]);

    // Half a minute later the condition has held for 60 s: the dispatcher's tick fires it.
    expect(await firePendingAlerts(csoc.context.database, new Date(Date.now() + 31_000))).toBe(1);
    const [alert] = await alertsOf('for');
    expect(alert).toMatchObject({ state: 'firing', subject: 'fence', commons: 'alpha', severity: 'warning' });
    expect(await outboxOf(channel)).toEqual([[{ alertId: alert!.id, event: 'firing' }]]);

    // Another service goes down and comes back within the minute: nobody hears of it.
    const blip = { ...down, subject: 'indexd' };
    expect((await report(blip))[0]!.transition).toBe('opened');
    expect((await report({ ...blip, firing: false }))[0]!.transition).toBe('dropped');
    expect((await alertsOf('for')).map((item) => item.subject)).toEqual(['fence']);
  });

  it('compares observations with the rule thresholds', async () => {
    await addRule({
      name: 'errors',
      kind: 'error-rate',
      params: { thresholdPercent: 5 },
      labels: { test: 'threshold' },
    });
    await addRule({
      name: 'queue-depth',
      kind: 'custom-threshold',
      params: { metric: 'gen3.jobs.queue_depth', op: '>=', threshold: 100 },
      labels: { test: 'threshold' },
    });
    const errors = {
      kind: 'error-rate' as const,
      commonsName: 'beta',
      subject: 'peregrine',
      summary: 'errors',
    };
    expect((await report({ ...errors, value: 3 }))[0]!.transition).toBe('none');
    expect((await report({ ...errors, value: 12.5 }))[0]!.transition).toBe('opened');
    const custom = { kind: 'custom-threshold' as const, commonsName: 'beta', summary: 'queue' };
    expect(await report({ ...custom, metric: 'gen3.other', value: 1000 })).toEqual([]);
    expect((await report({ ...custom, metric: 'gen3.jobs.queue_depth', value: 100 }))[0]!.transition).toBe(
      'opened',
    );
    expect((await report({ ...errors, value: 1 }))[0]!.transition).toBe('dropped');
  });

  it('groups alerts of one commons and rule into one notification, routed by severity and label', async () => {
    await addRule({ name: 'deploys', kind: 'deploy-degraded', labels: { test: 'group' } });
    await addRule({
      name: 'runs',
      kind: 'run-failed',
      severity: 'info',
      labels: { test: 'group', team: 'data' },
    });
    const pager = await addChannel('pager', {
      minSeverity: 'critical',
      matchers: [{ label: 'test', op: '=', value: 'group' }],
    });
    const dataTeam = await addChannel('data-team', {
      matchers: [
        { label: 'test', op: '=', value: 'group' },
        { label: 'team', op: '=~', value: 'data|science' },
      ],
    });
    const degraded = {
      kind: 'deploy-degraded' as const,
      commonsName: 'gamma',
      firing: true,
      summary: 'Degraded',
    };
    const [first] = await report({ ...degraded, subject: 'deploy-1' });
    const [second] = await report({ ...degraded, subject: 'deploy-2' });
    await report({ ...degraded, commonsName: 'delta' });
    const [run] = await report({ kind: 'run-failed', commonsName: 'gamma', firing: true, summary: 'failed' });
    // The pager gets the critical deploy alerts, grouped by commons; the info run alert goes to the data team.
    const pagerOutbox = await outboxOf(pager);
    expect(pagerOutbox).toHaveLength(2);
    expect(pagerOutbox[0]).toEqual([
      { alertId: first!.alertId, event: 'firing' },
      { alertId: second!.alertId, event: 'firing' },
    ]);
    expect(await outboxOf(dataTeam)).toEqual([[{ alertId: run!.alertId, event: 'firing' }]]);
    // Resolved before the group went out: it goes out resolved, once.
    await report({ ...degraded, subject: 'deploy-1', firing: false });
    expect((await outboxOf(pager))[0]).toEqual([
      { alertId: second!.alertId, event: 'firing' },
      { alertId: first!.alertId, event: 'resolved' },
    ]);
  });

  it('turns Degraded deploys, failed runs and health transitions into alerts, and resolves them', async () => {
    await createSimAccount(csoc.admin, ORG);
    const created = await csoc.admin.post(`/api/v1/orgs/${ORG}/commons`, simCommonsDocument('watched'));
    expect(created.status, created.text).toBe(201);
    const commonsId = created.body.id as string;
    // Something that happened an hour ago, before any rule (this file's first is made in an earlier
    // test) watched health: never replayed. Its UUIDv7 carries that hour-old time.
    const hourAgo = Date.now() - 3_600_000;
    const hourAgoHex = hourAgo.toString(16).padStart(12, '0');
    const oldId = `${hourAgoHex.slice(0, 8)}-${hourAgoHex.slice(8)}${newId().slice(13)}`;
    await csoc.context.database.db
      .insertInto('monitor_health_transitions')
      .values({
        id: oldId,
        org_id: orgId,
        commons_id: commonsId,
        commons_name: 'watched',
        service: null,
        from_state: 'healthy',
        to_state: 'down',
        reason: 'old news',
        at: new Date(hourAgo).toISOString(),
      })
      .execute();
    await addRule({
      name: 'watch-deploys',
      kind: 'deploy-degraded',
      commons: 'watched',
      labels: { test: 'sources' },
    });
    await addRule({
      name: 'watch-runs',
      kind: 'run-failed',
      commons: 'watched',
      labels: { test: 'sources' },
    });
    await addRule({
      name: 'watch-commons',
      kind: 'commons-down',
      forSeconds: 0,
      labels: { test: 'sources' },
    });
    await addRule({
      name: 'watch-services',
      kind: 'service-down',
      forSeconds: 0,
      labels: { test: 'sources' },
    });
    const db = csoc.context.database.db;
    const now = () => new Date().toISOString();
    const deploy = async (status: 'degraded' | 'healthy') =>
      db
        .insertInto('deploys')
        .values({
          id: newId(),
          org_id: orgId,
          commons_id: commonsId,
          revision: 1,
          release: '2025.06',
          commit_sha: 'c'.repeat(40),
          diff: '',
          status,
          message:
            status === 'degraded' ? 'Deployment fence: ProgressDeadlineExceeded' : 'Synced and Healthy',
          timeline: '[]',
          requested_by: 'test',
          requested_by_id: 'test',
          created_at: now(),
          finished_at: now(),
          follower_id: null,
          follower_lease_expires_at: null,
        })
        .execute();
    const run = async (state: 'failed' | 'succeeded') =>
      db
        .insertInto('runs')
        .values({
          id: newId(),
          org_id: orgId,
          commons_id: commonsId,
          commons_name: 'watched',
          kind: 'plan',
          state,
          plugin_name: 'sim',
          plugin_version: '1.0.0',
          commons_revision: 1,
          inputs: '{}',
          account_name: 'sim-account',
          requested_by: 'test',
          requested_by_id: 'test',
          approved_by: null,
          approved_at: null,
          plan_summary: null,
          planned_state_serial: null,
          drift_detected: null,
          result_message: state === 'failed' ? 'terraform plan exited 1' : 'planned',
          exit_code: state === 'failed' ? 1 : 0,
          lease_owner: null,
          lease_expires_at: null,
          attempt: 1,
          state_token_hash: null,
          cancel_requested_at: null,
          cancel_requested_by: null,
          timeout_seconds: 3600,
          created_at: now(),
          started_at: now(),
          finished_at: now(),
          updated_at: now(),
          version: 1,
        })
        .execute();
    const transition = async (service: string | null, from: string, to: string, reason: string) =>
      db
        .insertInto('monitor_health_transitions')
        .values({
          id: newId(),
          org_id: orgId,
          commons_id: commonsId,
          commons_name: 'watched',
          service,
          from_state: from as never,
          to_state: to as never,
          reason,
          at: now(),
        })
        .execute();
    const states = async () =>
      Object.fromEntries(
        (await alertsOf('sources')).map((alert) => [`${alert.rule}/${alert.subject}`, alert.state]),
      );

    // The feed starts at the first health rule: the transitions since it was created, before the feed was
    // ever polled, are read; the old news from before it is not.
    await deploy('degraded');
    await run('failed');
    await pollAlertSources(csoc.context.database);
    await transition(null, 'healthy', 'down', 'every probe failed');
    await transition('fence', 'healthy', 'down', '/user/_status answered 500');
    expect(await pollHealthTransitions(csoc.context.database, 'test-reader')).toBe(2);
    expect(await states()).toEqual({
      'watch-deploys/': 'firing',
      'watch-runs/': 'firing',
      'watch-commons/': 'firing',
      'watch-services/fence': 'firing',
    });
    const [runAlert] = (await alertsOf('sources')).filter((alert) => alert.rule === 'watch-runs');
    expect(runAlert!.summary).toContain('terraform plan exited 1');

    // Polling again changes nothing (idempotent).
    await pollAlertSources(csoc.context.database);
    expect(await pollHealthTransitions(csoc.context.database, 'test-reader')).toBe(0);
    expect(Object.keys(await states())).toHaveLength(4);

    await deploy('healthy');
    await run('succeeded');
    await pollAlertSources(csoc.context.database);
    await transition('fence', 'down', 'healthy', 'answers in time');
    await transition(null, 'down', 'degraded', 'fence is slow');
    expect(await pollHealthTransitions(csoc.context.database, 'test-reader')).toBe(2);
    expect(await states()).toEqual({
      'watch-deploys/': 'resolved',
      'watch-runs/': 'resolved',
      'watch-commons/': 'resolved',
      'watch-services/fence': 'resolved',
    });
  }, 120_000);
});

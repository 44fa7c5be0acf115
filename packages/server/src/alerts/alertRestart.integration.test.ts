// A CSOC process killed (-9) in the middle of a delivery loses nothing: after its lease expires, another
// process claims the notification and delivers it, with the same delivery id (receivers deduplicate), and
// the delivery log shows the second attempt. On both databases.
import { newId } from '@csoc/common';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/loadConfig.ts';
import { createAppContext, type AppRoot } from '../createAppContext.ts';
import { startTestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { ensureOrg } from '../testing/testUsers.ts';
import { reportAlertCondition } from './alertEngine.ts';
import { startAlertDispatcher } from './startAlertDispatcher.ts';
import { waitFor } from '../testing/waitFor.ts';
import { startHttpReceiver, type HttpReceiver } from './testing/alertReceivers.ts';
import { spawnAlertDispatcher } from './testing/spawnAlertDispatcher.ts';

describe.each(testDatabaseTargets)('alert delivery across a crash on $dialect', (target) => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('delivers a notification whose sender was killed mid-delivery, once the lease expires', async () => {
    // The first request hangs (the doomed process waits for it); the next is answered.
    const receiver: HttpReceiver = await startHttpReceiver((index) => (index === 0 ? 'hang' : 200));
    cleanups.push(() => receiver.close());
    // Set up the org and the channel through the API, then stop that server: only the two dispatchers run.
    const csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      // The receivers run on loopback, which channels may reach only when allowed.
      env: { CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8' },
    });
    await ensureOrg(csoc, 'crash-org');
    const orgId = (await csoc.admin.get('/api/v1/orgs/crash-org')).body.id as string;
    expect(
      (await csoc.admin.post('/api/v1/orgs/crash-org/alerts/rules', { name: 'runs', kind: 'run-failed' }))
        .status,
    ).toBe(201);
    const channel = await csoc.admin.post('/api/v1/orgs/crash-org/alerts/channels', {
      name: 'hook',
      kind: 'webhook',
      config: { url: receiver.url },
      secrets: { secret: 'crash-test-signing-secret' },
      route: { groupWaitSeconds: 0 },
    });
    expect(channel.status, channel.text).toBe(201);
    const env = {
      CSOC_DATA_DIR: csoc.dataDir,
      CSOC_DATABASE_URL: String(csoc.context.config.databaseUrl),
      CSOC_LOG_LEVEL: 'warn',
      CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8',
    };
    await csoc.stop();

    const doomed = await spawnAlertDispatcher({
      ...env,
      ALERT_TEST_LEASE_MS: '3000',
      ALERT_TEST_OWNER: 'doomed',
    });
    cleanups.push(() => doomed.kill());

    const survivor: AppRoot = await createAppContext(loadConfig(env));
    cleanups.push(() => survivor.close());
    await reportAlertCondition(survivor.context.database, {
      orgId,
      kind: 'run-failed',
      commonsId: newId(),
      commonsName: 'crashing',
      firing: true,
      summary: 'The plan run failed',
    });
    await waitFor(
      `the doomed process to start delivering (${doomed.output()})`,
      () => receiver.requests.length === 1,
      60_000,
    );
    await doomed.kill('SIGKILL');

    const dispatcher = startAlertDispatcher(survivor.context, { pollMs: 100, owner: 'survivor' });
    cleanups.push(() => dispatcher.stop());
    await waitFor('the survivor to deliver it', () => receiver.requests.length === 2, 60_000);
    const [first, second] = receiver.requests;
    expect(second!.headers['x-csoc-delivery']).toBe(first!.headers['x-csoc-delivery']);
    const notification = await survivor.context.database.db
      .selectFrom('alert_notifications')
      .selectAll()
      .executeTakeFirstOrThrow();
    const log = await waitFor('the delivery log entry', async () => {
      const rows = await survivor.context.database.db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('notification_id', '=', notification.id)
        .execute();
      return rows.length ? rows : undefined;
    });
    expect(log.map((row) => [Number(row.attempt), row.outcome, row.delivered_by])).toEqual([
      [2, 'delivered', 'survivor'],
    ]);
    expect(notification).toMatchObject({ status: 'delivered', attempts: 2, lease_owner: null });
  }, 240_000);
});

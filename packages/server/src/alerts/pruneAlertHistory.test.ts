// Alert history retention on real SQLite and PostgreSQL: what ended long ago goes, and nothing still open or
// still owed to a channel is touched, however old.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type CsocDatabase } from '../db/createDatabase.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import type { AlertState, NotificationStatus } from './alertTables.ts';
import { pruneAlertHistory } from './pruneAlertHistory.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();

describe.each(testDatabaseTargets)('alert history retention on $dialect', (target) => {
  let database: CsocDatabase;
  let orgId: string;

  beforeAll(async () => {
    database = createDatabase({ url: await target.create(), dataDir: '/nonexistent' });
    await migrateToLatest(database);
    orgId = newId();
    const now = daysAgo(0);
    await database.db
      .insertInto('orgs')
      .values({ id: orgId, slug: 'prune-org', name: 'Prune', created_at: now, updated_at: now, version: 1 })
      .execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function alert(summary: string, state: AlertState, resolvedDaysAgo: number | null, ageDays: number) {
    const at = daysAgo(ageDays);
    await database.db
      .insertInto('alerts')
      .values({
        id: newId(),
        org_id: orgId,
        rule_id: newId(),
        rule_name: 'commons down',
        kind: 'commons-down',
        commons_id: null,
        commons_name: 'alpha',
        subject: summary,
        fingerprint: summary,
        open_fingerprint: state === 'resolved' ? null : summary,
        state,
        severity: 'critical',
        summary,
        labels: '{}',
        value: null,
        active_since: at,
        fires_at: at,
        fired_at: at,
        resolved_at: resolvedDaysAgo === null ? null : daysAgo(resolvedDaysAgo),
        last_observed_at: at,
        acknowledged_at: null,
        acknowledged_by: null,
        updated_at: at,
        version: 1,
      })
      .execute();
  }

  async function notification(groupKey: string, status: NotificationStatus, ageDays: number) {
    const at = daysAgo(ageDays);
    const finished = status === 'pending' || status === 'sending' ? null : at;
    await database.db
      .insertInto('alert_notifications')
      .values({
        id: newId(),
        org_id: orgId,
        channel_id: 'channel',
        group_key: groupKey,
        items: '[]',
        status,
        attempts: 1,
        next_attempt_at: at,
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        created_at: at,
        finished_at: finished,
        version: 1,
      })
      .execute();
  }

  async function delivery(notificationId: string, ageDays: number) {
    await database.db
      .insertInto('alert_deliveries')
      .values({
        id: newId(),
        org_id: orgId,
        notification_id: notificationId,
        channel_id: 'channel',
        channel_name: 'ops',
        attempt: 1,
        outcome: 'delivered',
        status_code: 200,
        error: null,
        alert_ids: '[]',
        delivered_by: 'test',
        started_at: daysAgo(ageDays),
        duration_ms: 5,
      })
      .execute();
  }

  async function silence(comment: string, endedDaysAgo: number) {
    await database.db
      .insertInto('alert_silences')
      .values({
        id: newId(),
        org_id: orgId,
        kind: 'silence',
        matchers: '[]',
        starts_at: daysAgo(endedDaysAgo + 1),
        ends_at: daysAgo(endedDaysAgo),
        comment,
        created_by: 'test',
        created_at: daysAgo(endedDaysAgo + 1),
      })
      .execute();
  }

  it('deletes what ended before the retention and keeps open alerts and owed notifications', async () => {
    await alert('resolved long ago', 'resolved', 120, 121);
    await alert('resolved lately', 'resolved', 10, 11);
    await alert('firing for half a year', 'firing', null, 180);
    await notification('delivered long ago', 'delivered', 120);
    await notification('failed long ago', 'failed', 100);
    await notification('still pending from long ago', 'pending', 200);
    await notification('delivered lately', 'delivered', 3);
    await delivery('old', 120);
    await delivery('recent', 2);
    await silence('ended long ago', 95);
    await silence('ended lately', 1);

    const pruned = await pruneAlertHistory(database, 90, NOW);

    expect(pruned).toEqual({ alerts: 1, notifications: 2, deliveries: 1, silences: 1 });
    const alerts = await database.db.selectFrom('alerts').select('summary').orderBy('summary').execute();
    expect(alerts.map((row) => row.summary)).toEqual(['firing for half a year', 'resolved lately']);
    const notifications = await database.db
      .selectFrom('alert_notifications')
      .select('group_key')
      .orderBy('group_key')
      .execute();
    expect(notifications.map((row) => row.group_key)).toEqual([
      'delivered lately',
      'still pending from long ago',
    ]);
    const deliveries = await database.db.selectFrom('alert_deliveries').select('notification_id').execute();
    expect(deliveries.map((row) => row.notification_id)).toEqual(['recent']);
    const silences = await database.db.selectFrom('alert_silences').select('comment').execute();
    expect(silences.map((row) => row.comment)).toEqual(['ended lately']);

    // A second pass finds nothing more to delete.
    expect(await pruneAlertHistory(database, 90, NOW)).toEqual({
      alerts: 0,
      notifications: 0,
      deliveries: 0,
      silences: 0,
    });
  });
});

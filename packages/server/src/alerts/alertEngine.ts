// The alert engine's one input: sources (runs, deploys, drift checks, health transitions from monitor/,
// telemetry) report what they observe with reportAlertCondition; the engine matches the org's rules, opens,
// fires and resolves alerts (one open alert per rule, commons and subject: deduplication) and queues their
// notifications in the outbox. Reporting the same observation again changes nothing: it is idempotent.
import { newId, type AlertRuleKind } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findCommonsById } from '../commons/commonsStore.ts';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { serializedTransaction } from '../db/serializedTransaction.ts';
import type { Labels } from './alertMatchers.ts';
import { enqueueAlertEvent } from './alertOutbox.ts';
import { conditionHolds, type RuleParams } from './alertRuleKinds.ts';
import type { AlertRulesTable, AlertsTable } from './alertTables.ts';

/**
 * One observation of a condition. `firing` for yes/no conditions (commons down, run failed, deploy
 * Degraded, drift); `value` for thresholds (error rate in %, p95 latency in ms, days until a certificate
 * expires, minutes without telemetry, a custom metric named by `metric`).
 *
 * @example
 * await reportAlertCondition(database, {
 *   orgId, commonsId, kind: 'service-down', subject: 'fence', firing: true,
 *   summary: 'fence answers 503 on /user/_status', observedAt: new Date().toISOString(),
 * });
 */
export interface AlertSignal {
  orgId: string;
  kind: AlertRuleKind;
  commonsId?: string;
  /** Saves a lookup when the source knows it. */
  commonsName?: string;
  /** What within the commons (a service, a host, a run); part of the deduplication key. Default ''. */
  subject?: string;
  firing?: boolean;
  value?: number;
  metric?: string;
  /** One line a person reads in the notification; no secrets, no internal error dumps. */
  summary: string;
  labels?: Labels;
  /** When the source observed it (ISO 8601); now by default. Time for `forSeconds` runs from here. */
  observedAt?: string;
}

export type AlertTransition = 'opened' | 'fired' | 'updated' | 'resolved' | 'dropped' | 'none';

export interface AlertOutcome {
  ruleId: string;
  alertId?: string;
  transition: AlertTransition;
}

const orgLock = (orgId: string) => `alerts:${orgId}`;

function fingerprintOf(ruleId: string, commonsId: string | undefined, subject: string): string {
  return createHash('sha256')
    .update(`${ruleId}\n${commonsId ?? ''}\n${subject}`)
    .digest('hex');
}

function labelsOf(rule: AlertRulesTable, signal: AlertSignal, commonsName: string | undefined): Labels {
  return {
    ...(signal.labels ?? {}),
    ...(JSON.parse(rule.labels) as Labels),
    rule: rule.name,
    kind: rule.kind,
    severity: rule.severity,
    ...(commonsName ? { commons: commonsName } : {}),
    ...(signal.subject ? { subject: signal.subject } : {}),
  };
}

async function commonsNameOf(database: CsocDatabase, signal: AlertSignal): Promise<string | undefined> {
  if (signal.commonsName || !signal.commonsId) return signal.commonsName;
  try {
    return (await findCommonsById(database.db, signal.commonsId)).name;
  } catch {
    return undefined;
  }
}

/**
 * Applies one observation to every enabled rule of its kind in the org (and of its commons, when the rule
 * is scoped to one). Returns what happened per rule. Safe to call from any process, any number of times.
 */
export async function reportAlertCondition(
  database: CsocDatabase,
  signal: AlertSignal,
): Promise<AlertOutcome[]> {
  const commonsName = await commonsNameOf(database, signal);
  const observedAt = new Date(signal.observedAt ?? Date.now());
  const subject = signal.subject ?? '';
  return serializedTransaction(database, orgLock(signal.orgId), async (trx) => {
    const rules = await trx
      .selectFrom('alert_rules')
      .selectAll()
      .where('org_id', '=', signal.orgId)
      .where('kind', '=', signal.kind)
      .where('enabled', '=', 1)
      .execute();
    const outcomes: AlertOutcome[] = [];
    for (const rule of rules) {
      if (rule.commons_name && rule.commons_name !== commonsName) continue;
      const holds = conditionHolds(signal.kind, JSON.parse(rule.params) as RuleParams, signal);
      if (holds === undefined) continue;
      const fingerprint = fingerprintOf(rule.id, signal.commonsId, subject);
      const open = await trx
        .selectFrom('alerts')
        .selectAll()
        .where('open_fingerprint', '=', fingerprint)
        .executeTakeFirst();
      const labels = labelsOf(rule, signal, commonsName);
      if (holds)
        outcomes.push(
          await applyActive(
            trx,
            { rule, signal, subject, commonsName, fingerprint, labels, observedAt },
            open,
          ),
        );
      else outcomes.push(await applyInactive(trx, rule, open, observedAt));
    }
    return outcomes;
  });
}

interface ActiveObservation {
  rule: AlertRulesTable;
  signal: AlertSignal;
  subject: string;
  commonsName: string | undefined;
  fingerprint: string;
  labels: Labels;
  observedAt: Date;
}

async function applyActive(
  trx: Kysely<Database>,
  observation: ActiveObservation,
  open: AlertsTable | undefined,
): Promise<AlertOutcome> {
  const { rule, signal, observedAt } = observation;
  const now = new Date();
  const at = observedAt.toISOString();
  if (!open) {
    const firesAt = new Date(observedAt.getTime() + rule.for_seconds * 1000);
    const firing = firesAt.getTime() <= now.getTime();
    const alert: AlertsTable = {
      id: newId(),
      org_id: rule.org_id,
      rule_id: rule.id,
      rule_name: rule.name,
      kind: rule.kind,
      commons_id: signal.commonsId ?? null,
      commons_name: observation.commonsName ?? null,
      subject: observation.subject,
      fingerprint: observation.fingerprint,
      open_fingerprint: observation.fingerprint,
      state: firing ? 'firing' : 'pending',
      severity: rule.severity,
      summary: signal.summary.slice(0, 1000),
      labels: JSON.stringify(observation.labels),
      value: signal.value ?? null,
      active_since: at,
      fires_at: firesAt.toISOString(),
      fired_at: firing ? now.toISOString() : null,
      resolved_at: null,
      last_observed_at: at,
      acknowledged_at: null,
      acknowledged_by: null,
      updated_at: now.toISOString(),
      version: 1,
    };
    await trx.insertInto('alerts').values(alert).execute();
    if (firing) await enqueueAlertEvent(trx, alert, 'firing', now);
    return { ruleId: rule.id, alertId: alert.id, transition: firing ? 'fired' : 'opened' };
  }
  const promote = open.state === 'pending' && new Date(open.fires_at).getTime() <= now.getTime();
  await trx
    .updateTable('alerts')
    .set({
      summary: signal.summary.slice(0, 1000),
      value: signal.value ?? open.value,
      last_observed_at: at,
      updated_at: now.toISOString(),
      version: open.version + 1,
      ...(promote ? { state: 'firing' as const, fired_at: now.toISOString() } : {}),
    })
    .where('id', '=', open.id)
    .execute();
  if (promote) await enqueueAlertEvent(trx, open, 'firing', now);
  return { ruleId: rule.id, alertId: open.id, transition: promote ? 'fired' : 'updated' };
}

async function applyInactive(
  trx: Kysely<Database>,
  rule: AlertRulesTable,
  open: AlertsTable | undefined,
  observedAt: Date,
): Promise<AlertOutcome> {
  if (!open) return { ruleId: rule.id, transition: 'none' };
  if (open.state === 'pending') {
    // It never fired: nobody was told, so nobody needs to hear it is over.
    await trx.deleteFrom('alerts').where('id', '=', open.id).execute();
    return { ruleId: rule.id, alertId: open.id, transition: 'dropped' };
  }
  const now = new Date();
  await trx
    .updateTable('alerts')
    .set({
      state: 'resolved',
      open_fingerprint: null,
      resolved_at: observedAt.toISOString(),
      updated_at: now.toISOString(),
      version: open.version + 1,
    })
    .where('id', '=', open.id)
    .execute();
  await enqueueAlertEvent(trx, open, 'resolved', now);
  return { ruleId: rule.id, alertId: open.id, transition: 'resolved' };
}

/**
 * Fires pending alerts whose `forSeconds` has passed, even when no new observation arrived (a source that
 * reports only changes). The dispatcher calls it at every tick.
 */
export async function firePendingAlerts(database: CsocDatabase, now = new Date()): Promise<number> {
  const due = await database.db
    .selectFrom('alerts')
    .select(['id', 'org_id'])
    .where('state', '=', 'pending')
    .where('fires_at', '<=', now.toISOString())
    .limit(200)
    .execute();
  let fired = 0;
  for (const candidate of due) {
    fired += await serializedTransaction(database, orgLock(candidate.org_id), async (trx) => {
      const alert = await trx
        .selectFrom('alerts')
        .selectAll()
        .where('id', '=', candidate.id)
        .executeTakeFirst();
      if (!alert || alert.state !== 'pending') return 0;
      await trx
        .updateTable('alerts')
        .set({
          state: 'firing',
          fired_at: now.toISOString(),
          updated_at: now.toISOString(),
          version: alert.version + 1,
        })
        .where('id', '=', alert.id)
        .execute();
      await enqueueAlertEvent(trx, alert, 'firing', now);
      return 1;
    });
  }
  return fired;
}

/** Resolves the open alerts of a rule that is deleted or disabled, telling the channels as usual. */
export async function resolveAlertsOfRule(
  database: CsocDatabase,
  orgId: string,
  ruleId: string,
): Promise<void> {
  await serializedTransaction(database, orgLock(orgId), async (trx) => {
    const open = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('rule_id', '=', ruleId)
      .where('open_fingerprint', 'is not', null)
      .execute();
    for (const alert of open) {
      const rule = { id: ruleId } as AlertRulesTable;
      await applyInactive(trx, rule, alert, new Date());
    }
  });
}

/** Marks a firing alert acknowledged (someone is on it); false when there is no such open alert. */
export async function acknowledgeAlert(
  database: CsocDatabase,
  orgId: string,
  alertId: string,
  who: string,
): Promise<AlertsTable | undefined> {
  const now = new Date().toISOString();
  await database.db
    .updateTable('alerts')
    .set({ acknowledged_at: now, acknowledged_by: who, updated_at: now })
    .where('id', '=', alertId)
    .where('org_id', '=', orgId)
    .where('acknowledged_at', 'is', null)
    .execute();
  return database.db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', alertId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

// Silences and maintenance windows: while one is active (starts_at <= now < ends_at) the notifications of
// the alerts it matches are suppressed (logged as such), the alerts themselves still open and resolve. A
// maintenance window is a silence of one commons, usually planned ahead.
import type { AlertMatcher, AlertSilence } from '@csoc/common';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { matchesAll, type Labels } from './alertMatchers.ts';
import type { AlertSilencesTable } from './alertTables.ts';

export function matchersOf(silence: Pick<AlertSilencesTable, 'matchers'>): AlertMatcher[] {
  return JSON.parse(silence.matchers) as AlertMatcher[];
}

export async function activeSilences(
  db: Kysely<Database>,
  orgId: string,
  now = new Date(),
): Promise<AlertSilencesTable[]> {
  const at = now.toISOString();
  return db
    .selectFrom('alert_silences')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .execute();
}

export function isSilenced(silences: AlertSilencesTable[], labels: Labels): boolean {
  return silences.some((silence) => matchesAll(matchersOf(silence), labels));
}

export function toAlertSilence(row: AlertSilencesTable, now = new Date()): AlertSilence {
  const at = now.toISOString();
  return {
    id: row.id,
    kind: row.kind,
    matchers: matchersOf(row),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
    active: row.starts_at <= at && row.ends_at > at,
  };
}

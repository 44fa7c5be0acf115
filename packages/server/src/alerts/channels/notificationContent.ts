// What one notification says, independent of the channel: its alerts with the event each went out for,
// the overall status (firing while any alert in it fires), and a title people read first.
import type { AlertsTable } from '../alertTables.ts';
import type { NotificationEvent } from '../alertOutbox.ts';

export interface NotifiedAlert {
  id: string;
  event: NotificationEvent;
  rule: string;
  kind: string;
  severity: string;
  commons: string | null;
  subject: string;
  summary: string;
  labels: Record<string, string>;
  firedAt: string | null;
  resolvedAt: string | null;
}

export interface NotificationContent {
  /** The notification id: equal on every retry, so receivers can deduplicate. */
  id: string;
  org: string;
  channel: string;
  status: NotificationEvent;
  title: string;
  alerts: NotifiedAlert[];
  /** Where a person sees the alerts in CSOC. */
  url: string;
  test: boolean;
}

export function notifiedAlert(alert: AlertsTable, event: NotificationEvent): NotifiedAlert {
  return {
    id: alert.id,
    event,
    rule: alert.rule_name,
    kind: alert.kind,
    severity: alert.severity,
    commons: alert.commons_name,
    subject: alert.subject,
    summary: alert.summary,
    labels: JSON.parse(alert.labels) as Record<string, string>,
    firedAt: alert.fired_at,
    resolvedAt: alert.resolved_at,
  };
}

export function titleOf(status: NotificationEvent, alerts: NotifiedAlert[], org: string): string {
  const commons = [...new Set(alerts.map((alert) => alert.commons).filter(Boolean))];
  const where = commons.length === 1 ? `${org}/${commons[0]}` : org;
  const firing = alerts.filter((alert) => alert.event === 'firing').length;
  if (status === 'firing')
    return `[FIRING:${firing}] ${alerts.find((alert) => alert.event === 'firing')!.rule} on ${where}`;
  return `[RESOLVED] ${alerts[0]!.rule} on ${where}`;
}

/** One line per alert, for Slack text and email bodies. */
export function alertLine(alert: NotifiedAlert): string {
  const target = [alert.commons, alert.subject].filter(Boolean).join('/');
  return `${alert.event === 'firing' ? 'FIRING' : 'RESOLVED'} [${alert.severity}] ${alert.rule}${target ? ` (${target})` : ''}: ${alert.summary}`;
}

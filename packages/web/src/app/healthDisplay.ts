// How the portal shows health: one colour per state, worst-first order, and the words of a day's uptime
// (each bar of the uptime strip carries them as text, so the strip reads without seeing its colours).
import type { HealthState, UptimeDay } from '../api/apiShapes.ts';

export const HEALTH_STATES: readonly HealthState[] = ['down', 'degraded', 'unknown', 'healthy'];

export const HEALTH_COLORS: Record<HealthState, string> = {
  down: 'red',
  degraded: 'orange',
  unknown: 'gray',
  healthy: 'green',
};

/** Down first, then degraded, unknown, healthy: what needs a person comes first. */
const SEVERITY_RANK: Record<HealthState, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

/** Worst state first; within a state the longest in it first (`since` ascending), then by name. */
export function sortWorstFirst<Item extends { state: HealthState; since: string; commons: string }>(
  items: readonly Item[],
): Item[] {
  return [...items].sort(
    (a, b) =>
      SEVERITY_RANK[a.state] - SEVERITY_RANK[b.state] ||
      a.since.localeCompare(b.since) ||
      a.commons.localeCompare(b.commons),
  );
}

/** 0.99512 -> "99.51%"; null -> "no data". */
export function formatUptime(share: number | null | undefined): string {
  if (share === null || share === undefined) return 'no data';
  const percent = share * 100;
  return `${percent === 100 ? '100' : percent.toFixed(2)}%`;
}

/** 3725 -> "1 h 2 min"; 42 -> "42 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

export type UptimeBand = 'full' | 'minor' | 'major' | 'none';

/** The bar colour band of a day: all up, a little down (>= 99%), more down, not monitored. */
export function uptimeBand(day: Pick<UptimeDay, 'uptime'>): UptimeBand {
  if (day.uptime === null) return 'none';
  if (day.uptime >= 0.9999) return 'full';
  return day.uptime >= 0.99 ? 'minor' : 'major';
}

export const UPTIME_BAND_COLORS: Record<UptimeBand, string> = {
  full: 'var(--mantine-color-green-7)',
  minor: 'var(--mantine-color-orange-7)',
  major: 'var(--mantine-color-red-7)',
  none: 'var(--mantine-color-gray-5)',
};

/** "2026-12-06: 99.51% up, down 7 min" — the text of one bar. */
export function uptimeDayLabel(day: UptimeDay): string {
  if (day.uptime === null) return `${day.day}: not monitored`;
  const down = day.downSeconds > 0 ? `, down ${formatDuration(day.downSeconds)}` : '';
  return `${day.day}: ${formatUptime(day.uptime)} up${down}`;
}

/** How long an incident lasted (or lasts so far, at `now`). */
export function incidentDuration(startedAt: string, endedAt: string | null, now = new Date()): string {
  const end = endedAt ? new Date(endedAt) : now;
  return formatDuration(Math.max(0, (end.getTime() - new Date(startedAt).getTime()) / 1000));
}

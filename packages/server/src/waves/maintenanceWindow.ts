// A commons' maintenance window, from its label csoc.gen3.org/maintenance-window (label values allow no
// spaces or colons): `0200-0600` every day, or `sat.sun_0200-0600` on those days, in UTC. A window may
// cross midnight (`2200-0200`). A wave starts a commons only inside its window; outside it the commons is
// deferred, not failed.

export const MAINTENANCE_WINDOW_LABEL = 'csoc.gen3.org/maintenance-window';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface MaintenanceWindow {
  /** Days of the week (0 = Sunday) the window opens on; every day when empty. */
  days: number[];
  startMinute: number;
  endMinute: number;
}

/** The window a label value describes, or an error saying how to write one. */
export function parseMaintenanceWindow(value: string): MaintenanceWindow | { error: string } {
  const match = /^(?:([a-z.]+)_)?(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(value.toLowerCase());
  const fix = 'write HHMM-HHMM in UTC, optionally after days: sat.sun_0200-0600';
  if (!match) return { error: `"${value}" is not a maintenance window; ${fix}` };
  const days = match[1] ? match[1].split('.').map((day) => DAYS.indexOf(day)) : [];
  if (days.includes(-1)) return { error: `"${value}" names an unknown day (use ${DAYS.join(', ')}); ${fix}` };
  const [startHour, startMinute, endHour, endMinute] = match.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (startHour > 23 || endHour > 24 || startMinute > 59 || endMinute > 59)
    return { error: `"${value}" has an hour or minute out of range; ${fix}` };
  return { days, startMinute: startHour * 60 + startMinute, endMinute: endHour * 60 + endMinute };
}

/**
 * Whether `at` falls inside the window of these labels (always, when there is no window label). A window
 * that crosses midnight belongs to the day it opens on.
 */
export function maintenanceWindowOf(
  labels: Record<string, string>,
  at: Date,
): { open: boolean; window?: string; error?: string } {
  const value = labels[MAINTENANCE_WINDOW_LABEL];
  if (value === undefined) return { open: true };
  const window = parseMaintenanceWindow(value);
  if ('error' in window) return { open: false, window: value, error: window.error };
  const minute = at.getUTCHours() * 60 + at.getUTCMinutes();
  const day = at.getUTCDay();
  const opensOn = (weekday: number) => window.days.length === 0 || window.days.includes(weekday);
  const open =
    window.startMinute <= window.endMinute
      ? opensOn(day) && minute >= window.startMinute && minute < window.endMinute
      : (opensOn(day) && minute >= window.startMinute) ||
        (opensOn((day + 6) % 7) && minute < window.endMinute);
  return { open, window: value };
}

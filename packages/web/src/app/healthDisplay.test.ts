import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatUptime,
  incidentDuration,
  sortWorstFirst,
  uptimeBand,
  uptimeDayLabel,
} from './healthDisplay.ts';

describe('health as the portal shows it', () => {
  it('puts down commons first, then degraded, unknown and healthy; the longest broken first', () => {
    const items = [
      { commons: 'a', state: 'healthy' as const, since: '2026-01-01T00:00:00Z' },
      { commons: 'b', state: 'down' as const, since: '2026-01-03T00:00:00Z' },
      { commons: 'c', state: 'unknown' as const, since: '2026-01-01T00:00:00Z' },
      { commons: 'd', state: 'degraded' as const, since: '2026-01-01T00:00:00Z' },
      { commons: 'e', state: 'down' as const, since: '2026-01-02T00:00:00Z' },
    ];
    expect(sortWorstFirst(items).map((item) => item.commons)).toEqual(['e', 'b', 'd', 'c', 'a']);
    // The input stays as it was (the query cache holds it).
    expect(items[0]!.commons).toBe('a');
  });

  it('says each day of the uptime strip in words, so the bars read without their colours', () => {
    expect(uptimeDayLabel({ day: '2026-12-06', uptime: 1, downSeconds: 0 })).toBe('2026-12-06: 100% up');
    expect(uptimeDayLabel({ day: '2026-12-05', uptime: 0.995, downSeconds: 432 })).toBe(
      '2026-12-05: 99.50% up, down 7 min',
    );
    expect(uptimeDayLabel({ day: '2026-12-04', uptime: null, downSeconds: 0 })).toBe(
      '2026-12-04: not monitored',
    );
    expect(uptimeBand({ uptime: 1 })).toBe('full');
    expect(uptimeBand({ uptime: 0.995 })).toBe('minor');
    expect(uptimeBand({ uptime: 0.5 })).toBe('major');
    expect(uptimeBand({ uptime: null })).toBe('none');
  });

  it('formats uptime shares and durations', () => {
    expect(formatUptime(null)).toBe('no data');
    expect(formatUptime(0.99512)).toBe('99.51%');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(formatDuration(90_000)).toBe('1 d 1 h');
    expect(incidentDuration('2026-01-01T00:00:00Z', '2026-01-01T00:05:00Z')).toBe('5 min');
    expect(incidentDuration('2026-01-01T00:00:00Z', null, new Date('2026-01-01T02:00:00Z'))).toBe('2 h');
  });
});

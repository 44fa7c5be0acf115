import { describe, expect, it } from 'vitest';
import { parseDateTime } from './dateTimeSchemas.ts';

describe('parseDateTime', () => {
  it('reads a leap second as the following second', () => {
    expect(parseDateTime('2016-12-31T23:59:60Z')?.toISOString()).toBe('2017-01-01T00:00:00.000Z');
    expect(parseDateTime('2017-01-01T00:59:60+01:00')?.toISOString()).toBe('2017-01-01T00:00:00.000Z');
  });

  it('reads every form the date-time format accepts', () => {
    expect(parseDateTime('2026-06-30t10:00:00z')?.toISOString()).toBe('2026-06-30T10:00:00.000Z');
    expect(parseDateTime('2026-06-30 10:00:00.123456+0530')?.toISOString()).toBe('2026-06-30T04:30:00.123Z');
    expect(parseDateTime('2026-06-30T10:00:00-02')?.toISOString()).toBe('2026-06-30T12:00:00.000Z');
    expect(parseDateTime('0000-01-01T00:00:00Z')?.toISOString()).toBe('0000-01-01T00:00:00.000Z');
  });

  it('refuses what is not a date-time', () => {
    for (const text of ['yesterday', '2026-02-30T00:00:00Z', '2026-06-30T10:00:00', '2026-13-01T00:00:00Z'])
      expect(parseDateTime(text), text).toBeUndefined();
  });
});

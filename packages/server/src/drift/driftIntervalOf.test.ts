import { describe, expect, it } from 'vitest';
import { DRIFT_INTERVAL_LABEL, driftIntervalOf } from './driftIntervalOf.ts';

const DEFAULT = 360 * 60_000;

describe('driftIntervalOf', () => {
  it('uses the default without the label, and the label when it is valid', () => {
    expect(driftIntervalOf({}, DEFAULT)).toEqual({ kind: 'every', ms: DEFAULT, fromLabel: false });
    expect(driftIntervalOf({ [DRIFT_INTERVAL_LABEL]: '60' }, DEFAULT)).toEqual({
      kind: 'every',
      ms: 3_600_000,
      fromLabel: true,
    });
    expect(driftIntervalOf({ [DRIFT_INTERVAL_LABEL]: '0' }, DEFAULT)).toEqual({ kind: 'off' });
  });

  it('falls back to the default and names the label and the fix for a bad value', () => {
    for (const value of ['soon', '-5', '2', '1.5']) {
      const interval = driftIntervalOf({ [DRIFT_INTERVAL_LABEL]: value }, DEFAULT);
      expect(interval).toMatchObject({ kind: 'invalid', ms: DEFAULT });
      expect(interval.kind === 'invalid' && interval.problem).toContain(DRIFT_INTERVAL_LABEL);
      expect(interval.kind === 'invalid' && interval.problem).toMatch(/at least 5/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnectDelay.ts';

describe('reconnect backoff', () => {
  it('doubles the ceiling from 1 s up to 60 s, and jitters over the whole range', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 5, 6, 20].map((attempt) => reconnectDelay(attempt, top))).toEqual([
      999, 1999, 3999, 31999, 59999, 59999,
    ]);
    expect(reconnectDelay(10, () => 0)).toBe(0);
  });
});

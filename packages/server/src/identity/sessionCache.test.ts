// The memory of verified sessions: fresh for its time to live only, bounded, and never refilled by a read
// that began before everything was forgotten (that read may have seen a session about to be revoked).
import { describe, expect, it } from 'vitest';
import { createSessionCache } from './sessionCache.ts';

describe('createSessionCache', () => {
  it('answers from memory until the time to live has passed, then asks the database again', () => {
    let clock = 1_000;
    const cache = createSessionCache<string>({ ttlMs: 2_000, now: () => clock });
    cache.remember('s1', 'alice', cache.startRead());
    clock += 1_999;
    expect(cache.get('s1')).toBe('alice');
    clock += 1;
    expect(cache.get('s1')).toBeUndefined();
  });

  it('never answers for a session past its own expiry, even within the time to live', () => {
    let clock = 1_000;
    const cache = createSessionCache<string>({ ttlMs: 2_000, now: () => clock });
    cache.remember('s1', 'alice', cache.startRead(), 1_500);
    clock = 1_499;
    expect(cache.get('s1')).toBe('alice');
    clock = 1_500;
    expect(cache.get('s1')).toBeUndefined();
  });

  it('forgets everything at once, and does not keep what a read begun before that found', () => {
    const cache = createSessionCache<string>();
    cache.remember('s1', 'alice', cache.startRead());
    const readBeforeRevocation = cache.startRead();
    cache.forgetAll();
    expect(cache.get('s1')).toBeUndefined();
    cache.remember('s2', 'bob (read before the revocation)', readBeforeRevocation);
    expect(cache.get('s2')).toBeUndefined();
    cache.remember('s2', 'bob', cache.startRead());
    expect(cache.get('s2')).toBe('bob');
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    const cache = createSessionCache<number>({ maxEntries: 3 });
    for (let index = 1; index <= 4; index++) cache.remember(`s${index}`, index, cache.startRead());
    expect(['s1', 's2', 's3', 's4'].map((id) => cache.get(id))).toEqual([undefined, 2, 3, 4]);
  });
});

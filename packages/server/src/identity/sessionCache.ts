// A short memory of verified sessions, so a browser's burst of requests does not read its session and
// user rows again for each one (two queries, a hash and their query building were about a tenth of an
// authenticated list request). Bounded in time and size; forgotten at once when this process changes a
// session or a user, so a sign-out, a revocation, a disable or a demotion through this replica takes
// effect on its next request, and one made elsewhere (another replica, SQL) within SESSION_CACHE_TTL_MS.
// The trade-off is docs/adr/0051.

/** How long a verified session is trusted without reading the database again. */
export const SESSION_CACHE_TTL_MS = 2_000;
/** Most sessions remembered at once; the oldest is dropped first. */
const MAX_CACHED_SESSIONS = 10_000;

interface Entry<T> {
  value: T;
  /** Date.now() after which the entry is read from the database again. */
  until: number;
}

export interface SessionCache<T> {
  /** The remembered value of a session id, if it is still fresh. */
  get(sessionId: string): T | undefined;
  /** A read of the database that started before a `forgetAll` is not remembered (it may be stale). */
  startRead(): number;
  /** `notAfter` (ms since the epoch): the entry ends then at the latest (the session's own expiry). */
  remember(sessionId: string, value: T, readStartedAt: number, notAfter?: number): void;
  /** Drops everything: any session or user changed. */
  forgetAll(): void;
}

export function createSessionCache<T>(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): SessionCache<T> {
  const ttlMs = options.ttlMs ?? SESSION_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_CACHED_SESSIONS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  let generation = 0;
  return {
    get(sessionId) {
      const entry = entries.get(sessionId);
      if (!entry) return undefined;
      if (entry.until <= now()) {
        entries.delete(sessionId);
        return undefined;
      }
      return entry.value;
    },
    startRead: () => generation,
    remember(sessionId, value, readStartedAt, notAfter = Infinity) {
      if (readStartedAt !== generation) return;
      entries.delete(sessionId);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(sessionId, { value, until: Math.min(now() + ttlMs, notAfter) });
    },
    forgetAll() {
      generation += 1;
      entries.clear();
    },
  };
}

// A store for @fastify/rate-limit that counts in the database, so every CSOC process on it enforces one
// limit together: with three API replicas behind a load balancer, a source address still gets its 20
// sign-in attempts a minute, not 60. One upsert per limited request (only sign-in routes are limited).
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';

/** Rows of windows that ended this long ago are deleted now and then. */
const KEEP_MS = 60 * 60_000;

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/** Counts a hit for `key` in its fixed window; returns the hits so far and the milliseconds left. */
export async function countHit(
  database: CsocDatabase,
  key: string,
  timeWindowMs: number,
  now = Date.now(),
): Promise<{ current: number; ttl: number }> {
  const expiredBefore = now - timeWindowMs;
  const row = await database.db
    .insertInto('rate_limit_windows')
    .values({ key, window_started_ms: now, hits: 1 })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        // Both expressions read the row as it was: a window that ended starts over at this hit.
        hits: sql`case when rate_limit_windows.window_started_ms <= ${expiredBefore} then 1 else rate_limit_windows.hits + 1 end`,
        window_started_ms: sql`case when rate_limit_windows.window_started_ms <= ${expiredBefore} then ${now} else rate_limit_windows.window_started_ms end`,
      }),
    )
    .returning(['hits', 'window_started_ms'])
    .executeTakeFirstOrThrow();
  const started = Number(row.window_started_ms);
  return { current: Number(row.hits), ttl: Math.max(0, started + timeWindowMs - now) };
}

/** Forgets every hit counted for `key` (its next hit starts a new window). */
export async function forgetHits(database: CsocDatabase, key: string): Promise<void> {
  await database.db.deleteFrom('rate_limit_windows').where('key', '=', key).execute();
}

async function forgetOldWindows(database: CsocDatabase, now = Date.now()): Promise<void> {
  await database.db
    .deleteFrom('rate_limit_windows')
    .where('window_started_ms', '<', now - KEEP_MS)
    .execute();
}

/** The store class @fastify/rate-limit instantiates; each limited route gets a child with its own keys. */
export function databaseRateLimitStore(database: CsocDatabase): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(private readonly route = 'global') {}

    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      countHit(database, `${this.route}|${key}`, timeWindow)
        .then((result) => {
          // Now and then, not on every hit: old windows only take space.
          if (Math.random() < 0.01) void forgetOldWindows(database).catch(() => undefined);
          callback(null, result);
        })
        .catch((error: unknown) => callback(error as Error));
    }

    /**
     * Called once per limited route. The typings say it gets the route's options; @fastify/rate-limit 11
     * passes its merged limit options, with the route as `routeInfo` (index.js, mergeParams).
     */
    child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const route =
        (options as unknown as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : route.method;
      return new DatabaseRateLimitStore(`${method ?? '*'} ${route.url ?? '*'}`);
    }
  }
  return DatabaseRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

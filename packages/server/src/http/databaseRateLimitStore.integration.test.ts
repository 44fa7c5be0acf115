// The sign-in rate limit is counted in the database: two CSOC processes on one database (as two API
// replicas behind a load balancer) enforce one limit per source address together, on both dialects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { countHit } from './databaseRateLimitStore.ts';

describe.each(testDatabaseTargets)('the shared rate limit on $dialect', (target) => {
  let first: TestCsoc;
  let second: TestCsoc;

  beforeAll(async () => {
    const databaseUrl = await target.create();
    const env = { CSOC_LOGIN_RATE_LIMIT_PER_MINUTE: '4' };
    first = await startTestCsoc({ databaseUrl, env });
    second = await startTestCsoc({ databaseUrl, env });
  }, 60_000);
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('counts sign-in attempts from one address across both processes', async () => {
    const attempt = (csoc: TestCsoc) =>
      csoc.anonymous().post('/api/v1/session', { email: 'nobody@example.org', password: 'not-the-password' });
    // startTestCsoc signed its admin in once on each process: 2 of the 4 are used.
    expect((await attempt(first)).status).toBe(401);
    expect((await attempt(second)).status).toBe(401);
    const limited = await attempt(first);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await attempt(second)).status).toBe(429);
    // Each limited route counts apart: the sign-in limit does not touch the SSO routes' own.
    const keys = await first.context.database.db.selectFrom('rate_limit_windows').select('key').execute();
    expect(keys.map((row) => row.key)).toContain('POST /api/v1/session|127.0.0.1');
  });

  it('starts a new window once the old one has passed', async () => {
    const database = first.context.database;
    const start = 1_700_000_000_000;
    expect(await countHit(database, 'test|1.2.3.4', 60_000, start)).toEqual({ current: 1, ttl: 60_000 });
    expect(await countHit(database, 'test|1.2.3.4', 60_000, start + 10_000)).toEqual({
      current: 2,
      ttl: 50_000,
    });
    expect(await countHit(database, 'test|1.2.3.4', 60_000, start + 60_000)).toEqual({
      current: 1,
      ttl: 60_000,
    });
    // Other keys are counted apart.
    expect((await countHit(database, 'test|5.6.7.8', 60_000, start + 60_000)).current).toBe(1);
  });
});

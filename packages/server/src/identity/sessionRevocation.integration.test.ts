// A session CSOC remembered as verified (ADR 0051) stops working at once when it is signed out, revoked,
// its user disabled or demoted through this CSOC, and within the cache's time to live when another
// replica (here: SQL on the shared database) revokes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, TEST_USER_PASSWORD } from '../testing/testUsers.ts';
import { ApiClient } from '../testing/ApiClient.ts';
import { SESSION_CACHE_TTL_MS } from './sessionCache.ts';

describe.each(testDatabaseTargets)(
  'revoking a remembered session on $dialect',
  (target) => {
    let csoc: TestCsoc;
    beforeAll(async () => {
      csoc = await startTestCsoc({ databaseUrl: await target.create() });
    });
    afterAll(async () => {
      await csoc?.stop();
    });

    /** Two reads in a row: the second is answered from the remembered session. */
    async function warm(client: ApiClient): Promise<string> {
      expect((await client.get('/api/v1/orgs')).status).toBe(200);
      const me = await client.get('/api/v1/me');
      expect(me.status).toBe(200);
      return me.body.user.id as string;
    }

    async function userEtag(userId: string): Promise<string> {
      const listed = await csoc.admin.get('/api/v1/users?limit=200');
      const user = (listed.body.items as Array<{ id: string; version: number }>).find(
        (u) => u.id === userId,
      )!;
      return `"v${user.version}"`;
    }

    it('refuses the cookie on the very next request after signing out', async () => {
      const person = await createSignedInUser(csoc, 'signout@cache.example');
      await warm(person);
      const cookie = [...(person as unknown as { cookies: Map<string, string> }).cookies]
        .map(([name, value]) => `${name}=${value}`)
        .join('; ');
      expect((await person.delete('/api/v1/session')).status).toBe(204);
      const replayed = await csoc.anonymous().get('/api/v1/orgs', { cookie });
      expect(replayed.status).toBe(401);
      expect(replayed.body.error.code).toBe('session_expired');
    });

    it('refuses a revoked session, a disabled user and a dropped platform-admin flag at once', async () => {
      const person = await createSignedInUser(csoc, 'revoked@cache.example');
      const other = await createSignedInUser(csoc, 'bystander@cache.example');
      await warm(other);
      const personId = await warm(person);
      // The same person signed in a second time (another browser), then revoking that session from the first.
      const second = new ApiClient(csoc.url);
      await second.login('revoked@cache.example', TEST_USER_PASSWORD);
      await warm(second);
      const secondSession = (await second.get('/api/v1/me/sessions')).body.items.find(
        (session: { current?: boolean }) => session.current,
      );
      expect((await person.delete(`/api/v1/me/sessions/${secondSession.id}`)).status).toBe(204);
      expect((await second.get('/api/v1/orgs')).status).toBe(401);

      const promoted = await csoc.admin.patch(
        `/api/v1/users/${personId}`,
        { isPlatformAdmin: true },
        { 'if-match': await userEtag(personId) },
      );
      expect(promoted.status).toBe(200);
      expect((await person.get('/api/v1/users')).status).toBe(200);
      expect((await person.get('/api/v1/users')).status).toBe(200);
      const demoted = await csoc.admin.patch(
        `/api/v1/users/${personId}`,
        { isPlatformAdmin: false },
        { 'if-match': await userEtag(personId) },
      );
      expect(demoted.status).toBe(200);
      expect((await person.get('/api/v1/users')).status).toBe(403);

      const disabled = await csoc.admin.patch(
        `/api/v1/users/${personId}`,
        { disabled: true },
        { 'if-match': await userEtag(personId) },
      );
      expect(disabled.status).toBe(200);
      expect((await person.get('/api/v1/orgs')).status).toBe(401);
      // Someone else's remembered session is untouched by all this.
      expect((await other.get('/api/v1/orgs')).status).toBe(200);
    });

    it('refuses a session revoked by another replica within the time to live', async () => {
      const person = await createSignedInUser(csoc, 'elsewhere@cache.example');
      const userId = await warm(person);
      await csoc.context.database.db
        .updateTable('sessions')
        .set({ revoked_at: new Date().toISOString() })
        .where('user_id', '=', userId)
        .execute();
      const revokedAt = Date.now();
      let status = 200;
      // Bounded: the time to live plus a wide margin for a busy machine; the figure that matters is printed.
      while (status === 200 && Date.now() - revokedAt < SESSION_CACHE_TTL_MS + 30_000) {
        status = (await person.get('/api/v1/orgs')).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(401);
    });
  },
  180_000,
);

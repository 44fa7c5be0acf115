// The attacks of issue 19 on accounts, tokens and invitations, replayed over real HTTP on SQLite and
// PostgreSQL: parallel password guesses, takeover through an API token, cross-org invitations, account
// enumeration and tokens that outlive a disabled account or a changed password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../testing/ApiClient.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import {
  createSignedInUser,
  createTokenClient,
  ensureOrg,
  TEST_USER_PASSWORD,
} from '../testing/testUsers.ts';

describe.each(testDatabaseTargets)('identity under attack on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    // The per-address limit would otherwise hide the per-account lockout these tests are about.
    csoc = await startTestCsoc({
      databaseUrl: await target.create(),
      env: { CSOC_LOGIN_RATE_LIMIT_PER_MINUTE: '10000' },
    });
    await ensureOrg(csoc, 'org-a');
    await ensureOrg(csoc, 'org-b');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  const signIn = (email: string, password: string) =>
    csoc.anonymous().post('/api/v1/session', { email, password });
  const userIdOf = async (client: ApiClient) => (await client.get('/api/v1/me')).body.user.id as string;

  describe('password guessing', () => {
    it('checks at most five of 19 wrong passwords sent at once, then refuses the right one', async () => {
      await createSignedInUser(csoc, 'parallel@org-a.example');
      const answers = await Promise.all(
        Array.from({ length: 19 }, (_, index) => signIn('parallel@org-a.example', `wrong-guess-${index}`)),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(14);
      const right = await signIn('parallel@org-a.example', TEST_USER_PASSWORD);
      expect(right.status).toBe(429);
      expect(right.body.error.code).toBe('account_locked');
    });

    it('answers an unknown email exactly like a known one: same errors, same delays, same lock', async () => {
      await createSignedInUser(csoc, 'known@org-a.example');
      const attempts = async (email: string) => {
        const seen: { status: number; code: string; message: string; ms: number }[] = [];
        for (let attempt = 0; attempt < 6; attempt++) {
          const started = performance.now();
          const answer: ApiResponse<any> = await signIn(email, 'not-the-password');
          seen.push({
            status: answer.status,
            code: answer.body.error.code,
            message: answer.body.error.message,
            ms: performance.now() - started,
          });
        }
        return seen;
      };
      const known = await attempts('known@org-a.example');
      const unknown = await attempts('nobody-here@org-a.example');
      const shape = (seen: typeof known) =>
        seen.map(({ status, code, message }) => ({ status, code, message }));
      expect(shape(unknown)).toEqual(shape(known));
      expect(known.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429]);
      expect(known[5]!.code).toBe('account_locked');
      // The fourth failure waits 1 s before answering, whether or not the account exists.
      for (const seen of [known, unknown]) expect(seen[3]!.ms).toBeGreaterThanOrEqual(900);
    });
  });

  describe('API tokens and the account they belong to', () => {
    it('cannot change the password or see and revoke the browser sessions', async () => {
      const victim = await createSignedInUser(csoc, 'victim@org-a.example', 'org-a', 'viewer');
      const token = await createTokenClient(csoc, victim, 'org-a', 'viewer');
      const change = await token.post('/api/v1/me/password', {
        currentPassword: TEST_USER_PASSWORD,
        newPassword: 'attacker-chosen-password',
      });
      expect(change.status).toBe(403);
      expect(change.body.error.code).toBe('forbidden_token');
      const sessions = await token.get('/api/v1/me/sessions');
      expect(sessions.status).toBe(403);
      expect(sessions.body.error.code).toBe('forbidden_token');
      const own = await victim.get('/api/v1/me/sessions');
      const revoke = await token.delete(`/api/v1/me/sessions/${own.body.items[0].id}`);
      expect(revoke.status).toBe(403);
      expect((await victim.get('/api/v1/me')).status).toBe(200);
      expect((await signIn('victim@org-a.example', TEST_USER_PASSWORD)).status).toBe(200);
    });

    it('counts wrong current passwords like failed sign-ins', async () => {
      const user = await createSignedInUser(csoc, 'guessed@org-a.example', 'org-a', 'viewer');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          user.post('/api/v1/me/password', {
            currentPassword: `wrong-guess-${index}`,
            newPassword: 'attacker-chosen-password',
          }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 400)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(5);
      const right = await user.post('/api/v1/me/password', {
        currentPassword: TEST_USER_PASSWORD,
        newPassword: 'attacker-chosen-password',
      });
      expect(right.status).toBe(429);
      expect(right.body.error.code).toBe('account_locked');
      expect((await signIn('guessed@org-a.example', TEST_USER_PASSWORD)).status).toBe(429);
    });

    it('stay revoked when a disabled user is enabled again, and die with a password change', async () => {
      const user = await createSignedInUser(csoc, 'returning@org-a.example', 'org-a', 'operator');
      const token = await createTokenClient(csoc, user, 'org-a', 'operator');
      expect((await token.get('/api/v1/orgs/org-a')).status).toBe(200);
      const userId = await userIdOf(user);
      const disabled = await csoc.admin.patch(
        `/api/v1/users/${userId}`,
        { disabled: true },
        { 'if-match': '"v1"' },
      );
      expect(disabled.status).toBe(200);
      const enabled = await csoc.admin.patch(
        `/api/v1/users/${userId}`,
        { disabled: false },
        { 'if-match': '"v2"' },
      );
      expect(enabled.status).toBe(200);
      const revived = await token.get('/api/v1/orgs/org-a');
      expect(revived.status).toBe(401);
      expect(revived.body.error.code).toBe('invalid_token');

      const changer = await createSignedInUser(csoc, 'rotating@org-a.example', 'org-a', 'operator');
      const old = await createTokenClient(csoc, changer, 'org-a', 'operator');
      const changed = await changer.post('/api/v1/me/password', {
        currentPassword: TEST_USER_PASSWORD,
        newPassword: 'a-fresh-password-42',
      });
      expect(changed.status).toBe(204);
      expect((await old.get('/api/v1/orgs/org-a')).status).toBe(401);
    });
  });

  describe('invitations and members across orgs', () => {
    const orgAudit = async (org: string) =>
      (await csoc.admin.get(`/api/v1/orgs/${org}/audit?action=invitation.accept&limit=100`)).body.items as {
        target: string;
        outcome: string;
      }[];

    it('audits an acceptance in the inviting org and refuses a token of another org', async () => {
      const joiner = await createSignedInUser(csoc, 'joiner@org-a.example', 'org-a', 'owner');
      const tokenOfA = await createTokenClient(csoc, joiner, 'org-a', 'owner');
      const invited = await csoc.admin.post('/api/v1/orgs/org-b/invitations', {
        email: 'joiner@org-a.example',
        role: 'admin',
      });
      const target = `orgs/org-b/invitations/${invited.body.invitation.id}`;

      const byToken = await tokenOfA.post('/api/v1/invitations/accept', { token: invited.body.token });
      expect(byToken.status).toBe(403);
      expect(byToken.body.error.code).toBe('forbidden_token');
      expect((await tokenOfA.get('/api/v1/me')).body.memberships).toHaveLength(1);

      const accepted = await joiner.post('/api/v1/invitations/accept', { token: invited.body.token });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ orgSlug: 'org-b', role: 'admin' });

      const inB = (await orgAudit('org-b')).filter((event) => event.target === target);
      expect(inB.map((event) => event.outcome).sort()).toEqual(['denied', 'success']);
      const inA = (await orgAudit('org-a')).filter((event) => event.target === target);
      expect(inA).toEqual([]);
    });

    it('lets an org admin invite, not add, existing users, without learning who has an account', async () => {
      const orgAdmin = await createSignedInUser(csoc, 'b-admin@org-b.example', 'org-b', 'admin');
      await createSignedInUser(csoc, 'elsewhere@org-a.example', 'org-a', 'operator');
      const existing = await orgAdmin.post('/api/v1/orgs/org-b/members', {
        email: 'elsewhere@org-a.example',
        role: 'viewer',
      });
      const missing = await orgAdmin.post('/api/v1/orgs/org-b/members', {
        email: 'no-account@org-a.example',
        role: 'viewer',
      });
      expect(existing.status).toBe(403);
      expect(existing.body.error.code).toBe('invite_instead');
      expect({ status: missing.status, error: { ...missing.body.error, requestId: undefined } }).toEqual({
        status: existing.status,
        error: { ...existing.body.error, requestId: undefined },
      });
      const members = await orgAdmin.get('/api/v1/orgs/org-b/members?limit=100');
      expect(members.body.items.map((member: any) => member.email)).not.toContain('elsewhere@org-a.example');
      const invitation = await orgAdmin.post('/api/v1/orgs/org-b/invitations', {
        email: 'elsewhere@org-a.example',
        role: 'viewer',
      });
      expect(invitation.status).toBe(201);
      // Platform admins, who see every account anyway, still add people directly.
      const added = await csoc.admin.post('/api/v1/orgs/org-b/members', {
        email: 'elsewhere@org-a.example',
        role: 'viewer',
      });
      expect(added.status).toBe(201);
    });
  });
});

// Accounts, tokens, invitations, memberships and sessions, over real HTTP on SQLite and PostgreSQL.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../testing/ApiClient.ts';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg, TEST_USER_PASSWORD } from '../testing/testUsers.ts';

describe.each(testDatabaseTargets)('identity on $dialect', (target) => {
  let csoc: TestCsoc;
  beforeAll(async () => {
    csoc = await startTestCsoc({ databaseUrl: await target.create() });
    await ensureOrg(csoc, 'acme');
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  describe('API tokens', () => {
    it('are shown once, stored hashed, scoped to one org and capped at the creator’s role', async () => {
      const operator = await createSignedInUser(csoc, 'token-op@acme.example', 'acme', 'operator');
      const tooHigh = await operator.post('/api/v1/orgs/acme/tokens', { name: 'ci', role: 'admin' });
      expect(tooHigh.status).toBe(403);
      const created = await operator.post('/api/v1/orgs/acme/tokens', {
        name: 'ci',
        role: 'operator',
        expiresInDays: 30,
      });
      expect(created.status).toBe(201);
      const token: string = created.body.token;
      expect(token).toMatch(/^csoc_/);
      const stored = await csoc.context.database.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);
      const listed = await operator.get('/api/v1/orgs/acme/tokens');
      expect(listed.text).not.toContain(token);
      expect(listed.body.items[0].prefix).toBe(token.slice(0, 11));

      const machine = new ApiClient(csoc.url);
      machine.bearerToken = token;
      expect((await machine.get('/api/v1/orgs/acme/members')).status).toBe(200);
      expect(
        (await machine.post('/api/v1/orgs/acme/members', { email: 'x@y.example', role: 'viewer' })).status,
      ).toBe(403);
      expect((await machine.get('/api/v1/me')).body.memberships).toEqual([
        { orgSlug: 'acme', orgName: 'acme', role: 'operator' },
      ]);
      const afterUse = await operator.get('/api/v1/orgs/acme/tokens');
      expect(afterUse.body.items[0].lastUsedAt).not.toBeNull();

      expect((await operator.delete(`/api/v1/orgs/acme/tokens/${created.body.apiToken.id}`)).status).toBe(
        204,
      );
      const revoked = await machine.get('/api/v1/orgs/acme/members');
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe('invalid_token');
    });

    it('refuse expired, forged and malformed tokens with 401', async () => {
      const owner = await createSignedInUser(csoc, 'token-owner@acme.example', 'acme', 'owner');
      const created = await owner.post('/api/v1/orgs/acme/tokens', {
        name: 'short',
        role: 'viewer',
        expiresInDays: 1,
      });
      await csoc.context.database.db
        .updateTable('api_tokens')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', created.body.apiToken.id)
        .execute();
      for (const bearer of [
        created.body.token,
        'csoc_forged-token-value',
        'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
      ]) {
        const client = new ApiClient(csoc.url);
        client.bearerToken = bearer;
        const response = await client.get('/api/v1/orgs/acme');
        expect(response.status, bearer).toBe(401);
        expect(response.body.error.code).toBe('invalid_token');
      }
    });

    it('stop working when the creator leaves the org', async () => {
      const member = await createSignedInUser(csoc, 'leaver@acme.example', 'acme', 'admin');
      const created = await member.post('/api/v1/orgs/acme/tokens', { name: 'leaver', role: 'viewer' });
      const me = await member.get('/api/v1/me');
      expect((await csoc.admin.delete(`/api/v1/orgs/acme/members/${me.body.user.id}`)).status).toBe(204);
      const client = new ApiClient(csoc.url);
      client.bearerToken = created.body.token;
      expect((await client.get('/api/v1/orgs/acme')).status).toBe(401);
    });
  });

  describe('sign-in', () => {
    it('slows down, then locks the account after repeated failures, auditing each attempt', async () => {
      await createSignedInUser(csoc, 'locked@acme.example');
      const anonymous = csoc.anonymous();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        statuses.push(
          (
            await anonymous.post('/api/v1/session', {
              email: 'locked@acme.example',
              password: 'wrong-password',
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const locked = await anonymous.post('/api/v1/session', {
        email: 'locked@acme.example',
        password: TEST_USER_PASSWORD,
      });
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('account_locked');
      expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
      const audit = await csoc.admin.get('/api/v1/audit?actor=locked@acme.example&limit=20');
      const outcomes = audit.body.items
        .filter((event: any) => event.target === 'users/locked@acme.example')
        .map((event: any) => event.outcome);
      expect(outcomes.filter((outcome: string) => outcome === 'denied')).toHaveLength(5);
      expect(outcomes.filter((outcome: string) => outcome === 'failure')).toHaveLength(1);
      expect(audit.text).not.toContain('wrong-password');
    });

    it('audits a failed sign-in for an unknown email too', async () => {
      await csoc
        .anonymous()
        .post('/api/v1/session', { email: 'nobody@nowhere.example', password: 'guess-guess' });
      const audit = await csoc.admin.get('/api/v1/audit?actor=nobody@nowhere.example');
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        action: 'public',
        outcome: 'denied',
        actor: { kind: 'anonymous', label: 'nobody@nowhere.example' },
      });
    });

    it('changes a password, signing out the other sessions', async () => {
      const first = await createSignedInUser(csoc, 'changer@acme.example', 'acme', 'viewer');
      const second = new ApiClient(csoc.url);
      await second.login('changer@acme.example', TEST_USER_PASSWORD);
      const sessions = await first.get('/api/v1/me/sessions');
      expect(sessions.body.items).toHaveLength(2);
      const wrong = await first.post('/api/v1/me/password', {
        currentPassword: 'not-it',
        newPassword: 'a-brand-new-password',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details[0].field).toBe('body.currentPassword');
      expect(
        (
          await first.post('/api/v1/me/password', {
            currentPassword: TEST_USER_PASSWORD,
            newPassword: 'a-brand-new-password',
          })
        ).status,
      ).toBe(204);
      expect((await first.get('/api/v1/me')).status).toBe(200);
      expect((await second.get('/api/v1/me')).status).toBe(401);
      await new ApiClient(csoc.url).login('changer@acme.example', 'a-brand-new-password');
    });

    it('lists and revokes sessions', async () => {
      const first = await createSignedInUser(csoc, 'revoker@acme.example', 'acme', 'viewer');
      const second = new ApiClient(csoc.url);
      await second.login('revoker@acme.example', TEST_USER_PASSWORD);
      const sessions = await first.get('/api/v1/me/sessions');
      const other = sessions.body.items.find((session: any) => !session.current);
      expect((await first.delete(`/api/v1/me/sessions/${other.id}`)).status).toBe(204);
      expect((await second.get('/api/v1/me')).status).toBe(401);
    });
  });

  describe('memberships and invitations', () => {
    it('never removes or demotes the last owner', async () => {
      await ensureOrg(csoc, 'solo-org');
      const me = await csoc.admin.get('/api/v1/me');
      const demote = await csoc.admin.patch(`/api/v1/orgs/solo-org/members/${me.body.user.id}`, {
        role: 'admin',
      });
      expect(demote.status).toBe(409);
      expect(demote.body.error.code).toBe('last_owner');
      const remove = await csoc.admin.delete(`/api/v1/orgs/solo-org/members/${me.body.user.id}`);
      expect(remove.status).toBe(409);
    });

    it('lets admins manage roles below owner only', async () => {
      const admin = await createSignedInUser(csoc, 'role-admin@acme.example', 'acme', 'admin');
      const viewer = await createSignedInUser(csoc, 'role-viewer@acme.example', 'acme', 'viewer');
      const viewerId = (await viewer.get('/api/v1/me')).body.user.id;
      const member = await admin.get('/api/v1/orgs/acme/members?limit=100');
      const etag = `"v${member.body.items.find((item: any) => item.userId === viewerId).version}"`;
      expect((await admin.patch(`/api/v1/orgs/acme/members/${viewerId}`, { role: 'owner' })).status).toBe(
        403,
      );
      const promoted = await admin.patch(
        `/api/v1/orgs/acme/members/${viewerId}`,
        { role: 'operator' },
        { 'if-match': etag },
      );
      expect(promoted.status).toBe(200);
      expect(promoted.body.role).toBe('operator');
      expect(
        (await admin.patch(`/api/v1/orgs/acme/members/${viewerId}`, { role: 'admin' }, { 'if-match': etag }))
          .status,
      ).toBe(412);
    });

    it('invites by single-use, expiring link that creates the account', async () => {
      const invited = await csoc.admin.post('/api/v1/orgs/acme/invitations', {
        email: 'new.person@acme.example',
        role: 'operator',
      });
      expect(invited.status).toBe(201);
      const token = invited.body.token;
      expect(invited.body.acceptUrl).toBe(`${csoc.url}/invitations/accept#${token}`);
      const noPassword = await csoc.anonymous().post('/api/v1/invitations/accept', { token });
      expect(noPassword.status).toBe(400);
      expect(noPassword.body.error.details[0].field).toBe('body.password');
      const accepted = await csoc.anonymous().post('/api/v1/invitations/accept', {
        token,
        password: 'my-own-password-1',
        displayName: 'New Person',
      });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ orgSlug: 'acme', role: 'operator' });
      const again = await csoc
        .anonymous()
        .post('/api/v1/invitations/accept', { token, password: 'my-own-password-1' });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('invitation_invalid');
      const person = new ApiClient(csoc.url);
      await person.login('new.person@acme.example', 'my-own-password-1');
      expect((await person.get('/api/v1/me')).body.memberships).toEqual([
        { orgSlug: 'acme', orgName: 'acme', role: 'operator' },
      ]);

      const expiring = await csoc.admin.post('/api/v1/orgs/acme/invitations', {
        email: 'late@acme.example',
        role: 'viewer',
      });
      await csoc.context.database.db
        .updateTable('invitations')
        .set({ expires_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', expiring.body.invitation.id)
        .execute();
      const late = await csoc
        .anonymous()
        .post('/api/v1/invitations/accept', { token: expiring.body.token, password: 'my-own-password-1' });
      expect(late.status).toBe(400);
      expect(late.body.error.message).toMatch(/expired/);
      const stored = await sql<{
        n: number;
      }>`select count(*) as n from invitations where token_hash = ${token}`.execute(csoc.context.database.db);
      expect(Number(stored.rows[0]!.n)).toBe(0);
    });
  });
});

// The audit log over real HTTP on SQLite and PostgreSQL: filters, JSON Lines export, chain verification
// that names a row changed behind the application's back, immutability on PostgreSQL, retention.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCsoc, type TestCsoc } from '../testing/startTestCsoc.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { createSignedInUser, ensureOrg } from '../testing/testUsers.ts';
import { appendAuditEvent, pruneAuditEvents, verifyAuditChain } from './auditLog.ts';

describe.each(testDatabaseTargets)('audit log on $dialect', (target) => {
  let csoc: TestCsoc;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await target.create();
    csoc = await startTestCsoc({ databaseUrl });
    await ensureOrg(csoc, 'audited');
    await ensureOrg(csoc, 'other-org');
    await csoc.admin.patch('/api/v1/orgs/audited', { name: 'Audited Org' });
    await csoc.admin.post('/api/v1/orgs/audited/tokens', { name: 'audit-token', role: 'viewer' });
  });
  afterAll(async () => {
    await csoc?.stop();
  });

  it('filters by action, target, actor and time, newest first, scoped to the org', async () => {
    const renamed = await csoc.admin.get('/api/v1/orgs/audited/audit?action=org.manage');
    expect(renamed.body.items).toHaveLength(1);
    expect(renamed.body.items[0]).toMatchObject({
      action: 'org.manage',
      target: 'orgs/audited',
      outcome: 'success',
      actor: { kind: 'user', label: 'admin@example.org' },
      summary: { name: { from: 'audited', to: 'Audited Org' } },
    });
    expect(renamed.body.items[0].requestId).toBeTruthy();
    expect(renamed.body.items[0].sourceIp).toBe('127.0.0.1');
    const tokens = await csoc.admin.get('/api/v1/orgs/audited/audit?target=orgs/audited/tokens');
    expect(tokens.body.items).toHaveLength(1);
    expect(JSON.stringify(tokens.body)).not.toMatch(/csoc_[A-Za-z0-9_-]{20,}/);
    const future = await csoc.admin.get(
      `/api/v1/orgs/audited/audit?since=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.body.items).toHaveLength(0);
    const other = await csoc.admin.get('/api/v1/orgs/other-org/audit');
    expect(other.body.items.every((event: any) => event.target !== 'orgs/audited')).toBe(true);
    const all = await csoc.admin.get('/api/v1/orgs/audited/audit?limit=2');
    expect(all.body.items[0].seq).toBeGreaterThan(all.body.items[1].seq);
  });

  it('is readable by org admins but not by operators', async () => {
    const operator = await createSignedInUser(csoc, 'op@audited.example', 'audited', 'operator');
    expect((await operator.get('/api/v1/orgs/audited/audit')).status).toBe(403);
  });

  it('exports JSON Lines, oldest first', async () => {
    const exported = await csoc.admin.get('/api/v1/orgs/audited/audit/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const events = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(2);
    expect(events.map((event) => event.seq)).toEqual(
      [...events.map((event) => event.seq)].sort((a, b) => a - b),
    );
  });

  it('verifies the chain and names the first row changed behind the application’s back', async () => {
    const before = await csoc.admin.get('/api/v1/audit/verify');
    expect(before.body).toMatchObject({ valid: true });
    expect(before.body.checked).toBeGreaterThan(3);
    const victim = await csoc.context.database.db
      .selectFrom('audit_events')
      .select(['id', 'seq'])
      .orderBy('seq')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    if (target.dialect === 'postgres') {
      // Only a superuser bypassing the trigger can do this; the application cannot (next test).
      const superuser = new pg.Client({ connectionString: databaseUrl });
      await superuser.connect();
      await superuser.query('SET session_replication_role = replica');
      await superuser.query(`UPDATE audit_events SET outcome = 'success', summary = '{}' WHERE id = $1`, [
        victim.id,
      ]);
      await superuser.end();
    } else {
      await sql`UPDATE audit_events SET summary = '{}' WHERE id = ${victim.id}`.execute(
        csoc.context.database.db,
      );
    }
    const after = await csoc.admin.get('/api/v1/audit/verify');
    expect(after.body.valid).toBe(false);
    expect(after.body.firstBroken).toMatchObject({ id: victim.id, seq: Number(victim.seq) });
    expect(after.body.firstBroken.reason).toMatch(/changed/);
  });

  // Dialect-specific behaviour is registered only for its dialect (not skipped on the other).
  if (target.dialect === 'postgres')
    it('cannot be updated or deleted by the application on PostgreSQL', async () => {
      const db = csoc.context.database.db;
      await expect(sql`UPDATE audit_events SET action = 'forged'`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow(/cannot be deleted/);
      await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow();
    });

  if (target.dialect === 'sqlite')
    it('prunes past retention and stays verifiable from the anchor', async () => {
      const fresh = await startTestCsoc({ databaseUrl: await target.create() });
      try {
        for (let index = 0; index < 5; index++) {
          await appendAuditEvent(fresh.context.database, {
            actorKind: 'system',
            actorLabel: 'test',
            action: 'test.event',
            target: `t/${index}`,
            outcome: 'success',
          });
        }
        const oldest = await fresh.context.database.db
          .selectFrom('audit_events')
          .select('seq')
          .orderBy('seq')
          .limit(3)
          .execute();
        // Age three events past retention, re-hashing nothing: retention looks at time only.
        for (const row of oldest) {
          await fresh.context.database.db
            .updateTable('audit_events')
            .set({ time: '2000-01-01T00:00:00.000Z' })
            .where('seq', '=', row.seq)
            .execute();
        }
        // The aged rows' hashes no longer match (time is hashed), but they are pruned, and the anchor takes
        // the last pruned event's hash, so the remaining chain verifies.
        expect(await pruneAuditEvents(fresh.context.database, 30)).toBe(3);
        expect(await verifyAuditChain(fresh.context.database)).toMatchObject({ valid: true });
        await appendAuditEvent(fresh.context.database, {
          actorKind: 'system',
          actorLabel: 'test',
          action: 'test.event',
          target: 't/after',
          outcome: 'success',
        });
        expect(await verifyAuditChain(fresh.context.database)).toMatchObject({ valid: true });
      } finally {
        await fresh.stop();
      }
    });
});

// The last-owner rule on real SQLite and PostgreSQL: an org keeps at least one owner whatever change is
// asked, and two concurrent demotions of the last two owners cannot both pass.
import { newId } from '@csoc/common';
import type { OrgRole } from '@csoc/common/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { insertTestOrg, openMigratedTestDatabase } from '../testing/storeTestDatabase.ts';
import { testDatabaseTargets } from '../testing/testDatabases.ts';
import { removesLastOwner, withOrgMembershipLock } from './memberships.ts';
import { newUserRow } from './newUserRow.ts';

describe.each(testDatabaseTargets)('the last-owner rule on $dialect', (target) => {
  let database: CsocDatabase;

  beforeAll(async () => {
    database = await openMigratedTestDatabase(target);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A fresh org with one member per given role; returns its id and the members' ids in order. */
  async function orgWith(...roles: OrgRole[]): Promise<{ orgId: string; memberIds: string[] }> {
    const now = nowIso();
    const orgId = await insertTestOrg(database);
    const memberIds: string[] = [];
    for (const role of roles) {
      const user = newUserRow({ email: `${newId()}@example.org`, displayName: 'Member', passwordHash: null });
      await database.db.insertInto('users').values(user).execute();
      const id = newId();
      await database.db
        .insertInto('memberships')
        .values({
          id,
          org_id: orgId,
          user_id: user.id,
          role,
          source: 'local',
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
      memberIds.push(id);
    }
    return { orgId, memberIds };
  }

  const ask = (orgId: string, from: OrgRole, to: OrgRole | null) =>
    withOrgMembershipLock(database, orgId, (trx) => removesLastOwner(trx, orgId, from, to));

  it('refuses demoting or removing the only owner', async () => {
    const { orgId } = await orgWith('owner', 'admin');
    for (const to of ['admin', 'operator', 'viewer', null] as const)
      expect(await ask(orgId, 'owner', to), `owner → ${to ?? 'removed'}`).toBe(true);
  });

  it('allows it while another owner remains, and keeping an owner an owner', async () => {
    const { orgId } = await orgWith('owner', 'owner');
    expect(await ask(orgId, 'owner', 'viewer')).toBe(false);
    expect(await ask(orgId, 'owner', null)).toBe(false);
    const { orgId: single } = await orgWith('owner');
    expect(await ask(single, 'owner', 'owner')).toBe(false);
  });

  it('never counts against changes of members who are not owners', async () => {
    const { orgId } = await orgWith('owner', 'admin');
    for (const from of ['admin', 'operator', 'viewer'] as const)
      for (const to of ['owner', 'admin', 'operator', 'viewer', null] as const)
        expect(await ask(orgId, from, to), `${from} → ${to ?? 'removed'}`).toBe(false);
  });

  it('counts only the owners of the org asked about', async () => {
    const { orgId } = await orgWith('owner');
    await orgWith('owner', 'owner');
    expect(await ask(orgId, 'owner', 'admin')).toBe(true);
  });

  it('lets only one of two concurrent demotions of the last two owners pass', async () => {
    const { orgId, memberIds } = await orgWith('owner', 'owner');
    const demote = (membershipId: string) =>
      withOrgMembershipLock(database, orgId, async (trx) => {
        if (await removesLastOwner(trx, orgId, 'owner', 'admin')) return 'refused';
        await trx.updateTable('memberships').set({ role: 'admin' }).where('id', '=', membershipId).execute();
        return 'demoted';
      });
    const outcomes = await Promise.all(memberIds.map(demote));
    expect(outcomes.sort()).toEqual(['demoted', 'refused']);
    const owners = await database.db
      .selectFrom('memberships')
      .select('id')
      .where('org_id', '=', orgId)
      .where('role', '=', 'owner')
      .execute();
    expect(owners).toHaveLength(1);
  });
});

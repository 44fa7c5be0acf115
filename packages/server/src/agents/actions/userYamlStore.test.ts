// The saved user.yaml versions on real SQLite and PostgreSQL (migration 0030): the renderer reads the newest
// version that may reach the cluster (never one waiting for a second person), a rollout moves one state at a
// time (only one process wins a move), and an older save still in flight is superseded by a newer one.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsocDatabase } from '../../db/createDatabase.ts';
import type { AppContext } from '../../http/appContext.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { insertTestOrg, openMigratedTestDatabase } from '../../testing/storeTestDatabase.ts';
import { supersedeOlderVersions } from './userYamlRollout.ts';
import {
  findUserYamlVersion,
  moveUserYamlVersion,
  renderableUserYaml,
  saveUserYaml,
  unfinishedUserYamlRollouts,
} from './userYamlStore.ts';

describe.each(testDatabaseTargets)('the user.yaml versions on $dialect', (target) => {
  let database: CsocDatabase;
  let orgId: string;

  beforeAll(async () => {
    database = await openMigratedTestDatabase(target);
    orgId = await insertTestOrg(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('renders the newest version that may reach the cluster, never one waiting for a second person', async () => {
    const commonsId = newId();
    const save = (content: string, expectedVersion: number, state?: 'pending-approval') =>
      saveUserYaml(database.db, {
        orgId,
        commonsId,
        content,
        savedBy: 'op@example.org',
        savedById: 'user-1',
        expectedVersion,
        ...(state ? { state } : {}),
      });
    expect(await renderableUserYaml(database.db, commonsId)).toBeUndefined();
    const first = await save('users: {a: {}}\n', 0);
    expect(first).toMatchObject({ state: 'deploying', saved_by_id: 'user-1', deploy_id: null });
    const pending = await save('users: {b: {}}\n', 1, 'pending-approval');
    expect(await renderableUserYaml(database.db, commonsId)).toMatchObject({
      version: 1,
      content: 'users: {a: {}}\n',
    });

    // Approving moves it once: a second approver (another replica) loses the move.
    const approve = () =>
      moveUserYamlVersion(database.db, pending.id, 'pending-approval', {
        state: 'deploying',
        approved_by: 'op2@example.org',
        approved_by_id: 'user-2',
      });
    expect(await approve()).toBe(true);
    expect(await approve()).toBe(false);
    expect(await renderableUserYaml(database.db, commonsId)).toMatchObject({ version: 2 });
    expect(await findUserYamlVersion(database.db, commonsId, 2)).toMatchObject({
      state: 'deploying',
      approved_by: 'op2@example.org',
    });

    // The newer save supersedes the older one still deploying; both are followed until they settle.
    expect((await unfinishedUserYamlRollouts(database.db)).map((row) => row.version)).toEqual([1, 2]);
    await supersedeOlderVersions({ database } as AppContext, { ...pending, state: 'deploying' });
    expect((await findUserYamlVersion(database.db, commonsId, 1))!.state).toBe('superseded');
    expect(await moveUserYamlVersion(database.db, first.id, 'deploying', { state: 'usersync' })).toBe(false);
    expect((await unfinishedUserYamlRollouts(database.db)).map((row) => row.version)).toEqual([2]);

    // A deploy that failed still leaves its file the one every later deploy carries.
    await moveUserYamlVersion(database.db, pending.id, 'deploying', {
      state: 'deploy-failed',
      state_message: 'Deploy d ended degraded',
    });
    expect(await renderableUserYaml(database.db, commonsId)).toMatchObject({ version: 2 });
  });
});

// Stored cluster actions on real SQLite and PostgreSQL: one approval wins, output keeps its last 64 KiB
// (whole characters), and actions left running by a stopped CSOC end failed saying why.
import { newId } from '@csoc/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsocDatabase } from '../../db/createDatabase.ts';
import { testDatabaseTargets } from '../../testing/testDatabases.ts';
import { insertTestOrg, openMigratedTestDatabase } from '../../testing/storeTestDatabase.ts';
import {
  CSOC_RESTARTED_MESSAGE,
  OUTPUT_LIMIT_BYTES,
  appendActionOutput,
  approveClusterAction,
  createClusterAction,
  failInterruptedActions,
  findClusterAction,
  finishClusterAction,
  keepTail,
  listClusterActions,
} from './clusterActionStore.ts';
import { currentUserYaml, saveUserYaml } from './userYamlStore.ts';

describe.each(testDatabaseTargets)('the cluster action store on $dialect', (target) => {
  let database: CsocDatabase;
  let orgId: string;
  const newAction = (commonsId: string, state: 'running' | 'pending-approval' = 'running') =>
    createClusterAction(database.db, {
      orgId,
      commonsId,
      commonsName: 'dev',
      action: 'usersync',
      target: null,
      requestedById: 'user-1',
      requestedByLabel: 'op@example.org',
      state,
    });

  beforeAll(async () => {
    database = await openMigratedTestDatabase(target);
    orgId = await insertTestOrg(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('approves a pending action once, and never one of another commons', async () => {
    const commonsId = newId();
    const pending = await newAction(commonsId, 'pending-approval');
    await expect(findClusterAction(database.db, newId(), pending.id)).rejects.toMatchObject({
      code: 'action_not_found',
    });
    expect(
      await approveClusterAction(database.db, pending.id, { id: 'user-2', label: 'two@example.org' }),
    ).toBe(true);
    expect(
      await approveClusterAction(database.db, pending.id, { id: 'user-3', label: 'three@example.org' }),
    ).toBe(false);
    expect(await findClusterAction(database.db, commonsId, pending.id)).toMatchObject({
      state: 'running',
      approved_by_label: 'two@example.org',
    });
  });

  it('keeps the last 64 KiB of output and counts every byte appended', async () => {
    const commonsId = newId();
    const action = await newAction(commonsId);
    await appendActionOutput(database.db, action.id, 'first line\n');
    const filler = 'é'.repeat(40_000); // 80,000 bytes: pushes "first line" out
    await appendActionOutput(database.db, action.id, filler);
    await appendActionOutput(database.db, action.id, 'last line\n');
    const stored = await findClusterAction(database.db, commonsId, action.id);
    expect(Number(stored.output_bytes)).toBe(11 + 80_000 + 10);
    expect(Buffer.byteLength(stored.output)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    expect(stored.output.endsWith('é'.repeat(10) + 'last line\n')).toBe(true);
    expect(stored.output).not.toContain('first line');
    expect(stored.output).not.toContain('\uFFFD');
    expect(keepTail('aé', 2)).toBe('é');
  });

  it('ends actions whose heartbeat went stale as failed, saying why, and leaves live, finished and pending ones alone', async () => {
    const commonsId = newId();
    const running = await newAction(commonsId);
    const done = await newAction(commonsId);
    const pending = await newAction(commonsId, 'pending-approval');
    expect(await finishClusterAction(database.db, done.id, 'succeeded', 'usersync finished')).toBe(true);
    // A fresh heartbeat (another replica running it) is left alone; once stale, the action ends.
    expect((await failInterruptedActions(database.db)).map((a) => a.id)).not.toContain(running.id);
    const ended = await failInterruptedActions(database.db, new Date(Date.now() + 1000).toISOString());
    expect(ended.map((a) => a.id)).toContain(running.id);
    expect(await findClusterAction(database.db, commonsId, running.id)).toMatchObject({
      state: 'failed',
      result_message: CSOC_RESTARTED_MESSAGE,
    });
    expect((await findClusterAction(database.db, commonsId, done.id)).state).toBe('succeeded');
    expect((await findClusterAction(database.db, commonsId, pending.id)).state).toBe('pending-approval');
    // A late finisher does not overwrite the sweep's verdict.
    expect(await finishClusterAction(database.db, running.id, 'succeeded', 'late')).toBe(false);
    const listed = await listClusterActions(database.db, commonsId);
    expect(listed.map((a) => a.id).sort()).toEqual([running.id, done.id, pending.id].sort());
    expect(listed[0]).not.toHaveProperty('output');
  });

  it("saves a commons' user.yaml version by version, refusing an edit of a version that is no longer current", async () => {
    const commonsId = newId();
    expect(await currentUserYaml(database.db, commonsId)).toBeUndefined();
    const save = (content: string, expectedVersion: number) =>
      saveUserYaml(database.db, { orgId, commonsId, content, savedBy: 'op@example.org', expectedVersion });
    const first = await save('users: {}\n', 0);
    expect(first).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(save('users: {a: {}}\n', 0)).rejects.toMatchObject({ code: 'user_yaml_changed' });
    expect((await save('users: {b: {}}\n', 1)).version).toBe(2);
    expect(await currentUserYaml(database.db, commonsId)).toMatchObject({
      version: 2,
      content: 'users: {b: {}}\n',
    });
  });
});

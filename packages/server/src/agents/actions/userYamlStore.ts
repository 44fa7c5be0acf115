// The saved user.yaml of each commons, version by version (migration 0028). Saving is guarded by the
// version the editor read: two operators editing at once never overwrite each other silently.
import { newId } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../db/schema.ts';
import { PreconditionError } from '../../errors.ts';
import type { UserYamlVersionsTable } from './clusterActionTables.ts';

export async function currentUserYaml(
  db: Kysely<Database>,
  commonsId: string,
): Promise<UserYamlVersionsTable | undefined> {
  return db
    .selectFrom('user_yaml_versions')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Saves `content` as the next version when the current one is still `expectedVersion` (0: none saved yet);
 * otherwise a PreconditionError asks to read it again.
 */
export async function saveUserYaml(
  db: Kysely<Database>,
  input: { orgId: string; commonsId: string; content: string; savedBy: string; expectedVersion: number },
): Promise<UserYamlVersionsTable> {
  const current = await currentUserYaml(db, input.commonsId);
  const lost = () =>
    new PreconditionError(
      `user.yaml changed since you read it (now version ${current?.version ?? 0}); read it again and retry.`,
      'user_yaml_changed',
    );
  if ((current?.version ?? 0) !== input.expectedVersion) throw lost();
  const row: UserYamlVersionsTable = {
    id: newId(),
    org_id: input.orgId,
    commons_id: input.commonsId,
    version: input.expectedVersion + 1,
    content: input.content,
    sha256: createHash('sha256').update(input.content).digest('hex'),
    saved_by: input.savedBy,
    saved_at: nowIso(),
    usersync_action_id: null,
  };
  try {
    // The unique (commons, version) makes a concurrent save of the same version fail here.
    await db.insertInto('user_yaml_versions').values(row).execute();
  } catch (error) {
    if (await currentUserYaml(db, input.commonsId).then((now) => (now?.version ?? 0) >= row.version))
      throw lost();
    throw error;
  }
  return row;
}

export async function recordUsersyncAction(
  db: Kysely<Database>,
  versionId: string,
  actionId: string,
): Promise<void> {
  await db
    .updateTable('user_yaml_versions')
    .set({ usersync_action_id: actionId })
    .where('id', '=', versionId)
    .execute();
}

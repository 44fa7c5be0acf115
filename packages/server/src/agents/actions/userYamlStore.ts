// The saved user.yaml of each commons, version by version (migrations 0028, 0030). Saving is guarded by the
// version the editor read: two operators editing at once never overwrite each other silently. Each version
// records where its rollout is (ADR 0078); the renderer reads the newest one that may reach the cluster.
import { newId } from '@csoc/common';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso, type Database } from '../../db/schema.ts';
import { PreconditionError } from '../../errors.ts';
import type { UserYamlState, UserYamlVersionsTable } from './clusterActionTables.ts';

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
  input: {
    orgId: string;
    commonsId: string;
    content: string;
    savedBy: string;
    expectedVersion: number;
    /** The saver's user id (a second person must be someone else). */
    savedById?: string;
    /** 'pending-approval' when a second person must approve it first; default 'deploying'. */
    state?: UserYamlState;
  },
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
    state: input.state ?? 'deploying',
    state_message: null,
    saved_by_id: input.savedById ?? null,
    approved_by_id: null,
    approved_by: null,
    deploy_id: null,
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

/** States whose content may reach the cluster: the renderer carries the newest such version. */
const RENDERABLE: UserYamlState[] = [
  'saved',
  'deploying',
  'usersync',
  'done',
  'deploy-failed',
  'usersync-failed',
];

/**
 * The user.yaml every deploy of the commons renders into fence's values: the newest version that is not
 * waiting for a second person (nor was superseded while it waited). Undefined when none was saved.
 */
export async function renderableUserYaml(
  db: Kysely<Database>,
  commonsId: string,
): Promise<Pick<UserYamlVersionsTable, 'version' | 'content' | 'sha256'> | undefined> {
  return db
    .selectFrom('user_yaml_versions')
    .select(['version', 'content', 'sha256'])
    .where('commons_id', '=', commonsId)
    .where('state', 'in', RENDERABLE)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findUserYamlVersion(
  db: Kysely<Database>,
  commonsId: string,
  version: number,
): Promise<UserYamlVersionsTable | undefined> {
  return db
    .selectFrom('user_yaml_versions')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Versions whose rollout is under way (a CSOC process resumes following them at start). */
export async function unfinishedUserYamlRollouts(db: Kysely<Database>): Promise<UserYamlVersionsTable[]> {
  return db
    .selectFrom('user_yaml_versions')
    .selectAll()
    .where('state', 'in', ['deploying', 'usersync'])
    .orderBy('saved_at')
    .execute();
}

/**
 * Moves a version from `from` to another state (with the fields given), as a compare-and-set: false when it
 * was not in `from` any more (another replica or a newer save moved it), so only one process acts on a move.
 */
export async function moveUserYamlVersion(
  db: Kysely<Database>,
  versionId: string,
  from: UserYamlState,
  change: Partial<
    Pick<
      UserYamlVersionsTable,
      'state' | 'state_message' | 'deploy_id' | 'usersync_action_id' | 'approved_by' | 'approved_by_id'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('user_yaml_versions')
    .set(change)
    .where('id', '=', versionId)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Links a version to the deploy that carries it, whatever its state now (a newer save may supersede it). */
export async function recordUserYamlDeploy(
  db: Kysely<Database>,
  versionId: string,
  deployId: string,
): Promise<void> {
  await db
    .updateTable('user_yaml_versions')
    .set({ deploy_id: deployId })
    .where('id', '=', versionId)
    .execute();
}

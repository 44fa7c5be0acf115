// The commons area's store: find a commons, create it, save a new spec with its immutable revision (an
// update and a restore alike), read revisions, and delete under its rules (infrastructure destroyed, no
// active run, the name typed, and for prod a second person). Other areas find a commons here.
import { diffDocuments, newId, type CommonsSpec, type DocumentChange } from '@csoc/common';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { CsocDatabase } from '../db/createDatabase.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, InputError, NotFoundError, PreconditionError } from '../errors.ts';
import type { AppContext } from '../http/appContext.ts';
import type { PageRequest } from '../http/pagination.ts';
import { activeRunOfCommons } from '../runs/runLifecycle.ts';
import type { CommonsRevisionsTable, CommonsTable } from './commonsTables.ts';
import type { LabelRequirement } from './labelSelector.ts';
import { checkLabels } from './commonsLabels.ts';
import { validateCommonsSpec } from './validateCommonsSpec.ts';

/** Who made a change, as revisions record it. */
export interface RevisionAuthor {
  id: string;
  label: string;
}

// Finding one commons is a leaf module (runs/runLifecycle.ts reads it, and this store reads runs).
export { findCommons, findCommonsById } from './findCommons.ts';

export interface CommonsListFilter {
  environment?: CommonsTable['environment'];
  /** A part of the name. */
  q?: string;
  /** Label requirements, all of which must hold (labelSelector.ts parses them). */
  labels?: readonly LabelRequirement[];
}

type CommonsQuery = SelectQueryBuilder<Database, 'commons', CommonsTable>;

/** Narrows a commons query to those whose labels meet every requirement (Kubernetes semantics). */
function whereLabelsMatch(query: CommonsQuery, requirements: readonly LabelRequirement[]): CommonsQuery {
  for (const requirement of requirements) {
    query = query.where((eb) => {
      let label = eb
        .selectFrom('commons_labels')
        .select('commons_labels.commons_id')
        .whereRef('commons_labels.commons_id', '=', 'commons.id')
        .where('commons_labels.key', '=', requirement.key);
      if (requirement.values.length) label = label.where('commons_labels.value', 'in', requirement.values);
      // notEquals and notIn also select commons without the key, as Kubernetes does.
      const negated = ['notEquals', 'notIn', 'notExists'].includes(requirement.op);
      return negated ? eb.not(eb.exists(label)) : eb.exists(label);
    });
  }
  return query;
}

/**
 * Every commons of the org whose labels meet `requirements`, in name order: the selection a release wave
 * or a bulk action works on.
 */
export async function selectCommonsByLabels(
  db: Kysely<Database>,
  orgId: string,
  requirements: readonly LabelRequirement[],
): Promise<CommonsTable[]> {
  const query = db.selectFrom('commons').selectAll().where('org_id', '=', orgId).orderBy('name');
  return whereLabelsMatch(query, requirements).execute();
}

/** Replaces the label rows of a commons with `labels` (inside the caller's transaction). */
async function writeLabelRows(trx: Kysely<Database>, commonsId: string, labels: Record<string, string>) {
  await trx.deleteFrom('commons_labels').where('commons_id', '=', commonsId).execute();
  const rows = Object.entries(labels).map(([key, value]) => ({ commons_id: commonsId, key, value }));
  if (rows.length) await trx.insertInto('commons_labels').values(rows).execute();
}

/** Up to page.limit + 1 commons of the org in id order (the extra row tells there is a next page). */
export async function listCommonsRows(
  database: CsocDatabase,
  orgId: string,
  filter: CommonsListFilter,
  page: PageRequest,
): Promise<CommonsTable[]> {
  let query = database.db
    .selectFrom('commons')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .limit(page.limit + 1);
  if (filter.environment) query = query.where('environment', '=', filter.environment);
  if (filter.q) query = query.where('name', 'like', `%${filter.q.replace(/[%_]/g, '')}%`);
  if (filter.labels?.length) query = whereLabelsMatch(query, filter.labels);
  if (page.afterId) query = query.where('id', '>', page.afterId);
  return query.execute();
}

async function writeRevision(
  trx: Kysely<Database>,
  commonsId: string,
  number: number,
  spec: CommonsSpec,
  author: RevisionAuthor,
  message: string,
) {
  const row: CommonsRevisionsTable = {
    id: newId(),
    commons_id: commonsId,
    number,
    spec: JSON.stringify(spec),
    author_id: author.id,
    author_label: author.label,
    message,
    created_at: nowIso(),
  };
  await trx.insertInto('commons_revisions').values(row).execute();
}

export interface NewCommons {
  orgId: string;
  name: string;
  spec: CommonsSpec;
  labels: Record<string, string>;
  message: string;
  author: RevisionAuthor;
}

/** Creates a commons (revision 1) from a spec and labels it validates; a taken name is a ConflictError. */
export async function createCommons(context: AppContext, input: NewCommons): Promise<CommonsTable> {
  checkLabels(input.labels);
  const db = context.database.db;
  const existing = await db
    .selectFrom('commons')
    .select('id')
    .where('org_id', '=', input.orgId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (existing)
    throw new ConflictError(
      `A commons "${input.name}" already exists; update it with PUT (send If-Match).`,
      'already_exists',
      [{ field: 'body.metadata.name', message: 'is taken' }],
    );
  const { spec } = await validateCommonsSpec(context, input.orgId, input.spec);
  const now = nowIso();
  const row: CommonsTable = {
    id: newId(),
    org_id: input.orgId,
    name: input.name,
    environment: spec.environment,
    plugin_name: spec.plugin.name,
    plugin_version: spec.plugin.version!,
    account_name: spec.account,
    spec: JSON.stringify(spec),
    labels: JSON.stringify(input.labels),
    revision: 1,
    infra_status: 'none',
    outputs: '{}',
    deletion_requested_by: null,
    deletion_requested_at: null,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('commons').values(row).execute();
    await writeLabelRows(trx, row.id, input.labels);
    await writeRevision(trx, row.id, 1, spec, input.author, input.message);
  });
  return row;
}

/**
 * Stores a validated spec as the commons' current one, guarded by the version that was read, and writes
 * the new revision in the same transaction (none when only labels changed). An update and a restore
 * both save through here.
 */
export async function saveCommonsSpec(
  database: CsocDatabase,
  current: CommonsTable,
  spec: CommonsSpec,
  labels: string,
  revision: { number: number; message: string } | undefined,
  author: RevisionAuthor,
): Promise<CommonsTable> {
  const updated: CommonsTable = {
    ...current,
    environment: spec.environment,
    plugin_name: spec.plugin.name,
    plugin_version: spec.plugin.version!,
    account_name: spec.account,
    spec: JSON.stringify(spec),
    labels,
    revision: revision?.number ?? current.revision,
    updated_at: nowIso(),
    version: current.version + 1,
  };
  await database.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('commons')
      .set(updated)
      .where('id', '=', current.id)
      .where('version', '=', current.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new PreconditionError('The commons changed while you were updating it; read it again and retry.');
    if (labels !== current.labels)
      await writeLabelRows(trx, current.id, JSON.parse(labels) as Record<string, string>);
    if (revision) await writeRevision(trx, current.id, revision.number, spec, author, revision.message);
  });
  return updated;
}

export interface CommonsUpdate {
  spec: CommonsSpec;
  labels: Record<string, string>;
  message: string | undefined;
  author: RevisionAuthor;
}

export interface CommonsUpdateResult {
  commons: CommonsTable;
  /** False when neither the spec nor the labels changed: nothing was written. */
  changed: boolean;
  /** The revision the commons is at now. */
  revision: number;
  changes: DocumentChange[];
}

/**
 * Replaces the spec and labels of a commons. A changed spec makes a new revision; the plugin of a commons
 * with live infrastructure cannot change.
 */
export async function updateCommons(
  context: AppContext,
  current: CommonsTable,
  update: CommonsUpdate,
): Promise<CommonsUpdateResult> {
  checkLabels(update.labels);
  const { spec } = await validateCommonsSpec(context, current.org_id, update.spec);
  const before = JSON.parse(current.spec) as CommonsSpec;
  if (before.plugin.name !== spec.plugin.name && current.infra_status === 'provisioned') {
    throw new InputError(
      'The plugin of a commons with live infrastructure cannot change; destroy it first.',
      [{ field: 'body.spec.plugin.name', message: `must stay ${before.plugin.name}` }],
    );
  }
  const changes = diffDocuments(before, spec);
  const labels = JSON.stringify(update.labels);
  if (changes.length === 0 && labels === current.labels)
    return { commons: current, changed: false, revision: current.revision, changes };
  const revision = changes.length ? current.revision + 1 : current.revision;
  const commons = await saveCommonsSpec(
    context.database,
    current,
    spec,
    labels,
    changes.length ? { number: revision, message: update.message ?? 'Updated' } : undefined,
    update.author,
  );
  return { commons, changed: true, revision, changes };
}

/** Revision `number` of a commons; a NotFoundError when there is none. */
export async function findRevision(
  database: CsocDatabase,
  commonsId: string,
  number: number,
): Promise<CommonsRevisionsTable> {
  const row = await database.db
    .selectFrom('commons_revisions')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No revision ${number} of this commons.`, 'revision_not_found');
  return row;
}

/** Up to `count` revisions numbered below `before`, newest first. */
export async function listRevisionRows(
  database: CsocDatabase,
  commonsId: string,
  before: number,
  count: number,
): Promise<CommonsRevisionsTable[]> {
  return database.db
    .selectFrom('commons_revisions')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .where('number', '<', before)
    .orderBy('number', 'desc')
    .limit(count)
    .execute();
}

/** Saves an old revision's spec, validated again, as a new revision. */
export async function restoreRevision(
  context: AppContext,
  current: CommonsTable,
  number: number,
  author: RevisionAuthor,
): Promise<CommonsTable> {
  const old = await findRevision(context.database, current.id, number);
  const { spec } = await validateCommonsSpec(
    context,
    current.org_id,
    JSON.parse(old.spec) as CommonsSpec,
    'revision.spec',
  );
  return saveCommonsSpec(
    context.database,
    current,
    spec,
    current.labels,
    { number: current.revision + 1, message: `Restored revision ${number}` },
    author,
  );
}

export type CommonsDeletion = { deleted: true } | { deleted: false; awaitingSecondApprovalBy: string };

/**
 * Checks that the commons may go: its name typed in `confirm`, its infrastructure not provisioned, no run
 * of it active. Throws the first rule broken.
 */
export async function checkCommonsDeletable(
  database: CsocDatabase,
  commons: CommonsTable,
  confirm: string,
): Promise<void> {
  if (confirm !== commons.name) {
    throw new InputError(
      `Type the commons name to confirm: ?confirm=${commons.name}.`,
      [{ field: 'query.confirm', message: `must equal ${commons.name}` }],
      'confirmation_required',
    );
  }
  if (commons.infra_status === 'provisioned') {
    throw new ConflictError(
      'This commons still has infrastructure; run a destroy and let it succeed first.',
      'infrastructure_exists',
    );
  }
  const activeRunId = await activeRunOfCommons(database, commons.id);
  if (activeRunId)
    throw new ConflictError(
      `Run ${activeRunId} is still active on this commons; cancel or finish it first.`,
      'run_active',
    );
}

/**
 * Deletes a commons that {@link checkCommonsDeletable} let go. A prod commons needs two people: the first
 * call records who asked (and returns awaiting), the call of someone else deletes it.
 */
export async function deleteCommons(
  database: CsocDatabase,
  commons: CommonsTable,
  by: string,
): Promise<CommonsDeletion> {
  if (
    commons.environment === 'prod' &&
    (!commons.deletion_requested_by || commons.deletion_requested_by === by)
  ) {
    await database.db
      .updateTable('commons')
      .set({ deletion_requested_by: by, deletion_requested_at: nowIso() })
      .where('id', '=', commons.id)
      .execute();
    return { deleted: false, awaitingSecondApprovalBy: by };
  }
  await database.db.deleteFrom('commons').where('id', '=', commons.id).execute();
  return { deleted: true };
}

/** These commons (those that still exist), in one query per 500 ids: for areas that watch many at once. */
export async function findCommonsByIds(
  db: Kysely<Database>,
  commonsIds: readonly string[],
): Promise<CommonsTable[]> {
  const found: CommonsTable[] = [];
  for (let start = 0; start < commonsIds.length; start += 500)
    found.push(
      ...(await db
        .selectFrom('commons')
        .selectAll()
        .where('id', 'in', commonsIds.slice(start, start + 500))
        .execute()),
    );
  return found;
}

/**
 * Provisioned commons of every org (infrastructure applied), in id order after `afterId`: for background
 * work that visits each of them (the drift check schedule).
 */
export async function listProvisionedCommons(
  db: Kysely<Database>,
  page: { afterId?: string; limit: number },
): Promise<Pick<CommonsTable, 'id' | 'org_id' | 'name'>[]> {
  let query = db
    .selectFrom('commons')
    .select(['id', 'org_id', 'name'])
    .where('infra_status', '=', 'provisioned')
    .orderBy('id')
    .limit(page.limit);
  if (page.afterId) query = query.where('id', '>', page.afterId);
  return query.execute();
}

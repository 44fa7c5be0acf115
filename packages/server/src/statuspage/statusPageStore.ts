// The status page area's store: whether a commons publishes a public status page (looked up by its public
// address, org slug and commons name, without reading other areas' tables), and the updates operators post
// to its incidents.
import { newId } from '@csoc/common';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import type { IncidentUpdateStatus, StatusPagesTable, StatusPageUpdatesTable } from './statusPageTables.ts';

/** The page setting of a commons, or undefined when it was never set (off). */
export async function findStatusPageOfCommons(
  database: CsocDatabase,
  commonsId: string,
): Promise<StatusPagesTable | undefined> {
  return database.db
    .selectFrom('status_pages')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .executeTakeFirst();
}

/** The published page at /status/<org>/<commons>, or undefined when there is none or it is off. */
export async function findPublishedStatusPage(
  database: CsocDatabase,
  orgSlug: string,
  commonsName: string,
): Promise<StatusPagesTable | undefined> {
  return database.db
    .selectFrom('status_pages')
    .selectAll()
    .where('org_slug', '=', orgSlug)
    .where('commons_name', '=', commonsName)
    .where('enabled', '=', 1)
    .executeTakeFirst();
}

export interface StatusPageSettingChange {
  commonsId: string;
  orgId: string;
  orgSlug: string;
  commonsName: string;
  enabled: boolean;
  /** undefined keeps the current title; null clears it. */
  title?: string | null;
  updatedBy: string;
}

/** Publishes or withdraws the page of a commons; returns the stored setting. */
export async function saveStatusPageSetting(
  database: CsocDatabase,
  change: StatusPageSettingChange,
): Promise<StatusPagesTable> {
  const current = await findStatusPageOfCommons(database, change.commonsId);
  const row: StatusPagesTable = {
    commons_id: change.commonsId,
    org_id: change.orgId,
    org_slug: change.orgSlug,
    commons_name: change.commonsName,
    enabled: change.enabled ? 1 : 0,
    title: change.title === undefined ? (current?.title ?? null) : change.title,
    updated_by: change.updatedBy,
    updated_at: nowIso(),
  };
  await database.db
    .insertInto('status_pages')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('commons_id').doUpdateSet({
        org_slug: row.org_slug,
        commons_name: row.commons_name,
        enabled: row.enabled,
        title: row.title,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return row;
}

export interface NewIncidentUpdate {
  orgId: string;
  commonsId: string;
  incidentId: string;
  status: IncidentUpdateStatus;
  message: string;
  postedBy: string;
}

export async function postIncidentUpdate(
  database: CsocDatabase,
  update: NewIncidentUpdate,
): Promise<StatusPageUpdatesTable> {
  const row: StatusPageUpdatesTable = {
    id: newId(),
    org_id: update.orgId,
    commons_id: update.commonsId,
    incident_id: update.incidentId,
    status: update.status,
    message: update.message,
    posted_by: update.postedBy,
    posted_at: nowIso(),
  };
  await database.db.insertInto('status_page_updates').values(row).execute();
  return row;
}

/** The updates posted to the commons' incidents (all of them, or those of one incident), oldest first. */
export async function listIncidentUpdates(
  database: CsocDatabase,
  commonsId: string,
  incidentId?: string,
): Promise<StatusPageUpdatesTable[]> {
  let query = database.db
    .selectFrom('status_page_updates')
    .selectAll()
    .where('commons_id', '=', commonsId)
    .orderBy('id');
  if (incidentId) query = query.where('incident_id', '=', incidentId);
  return query.execute();
}

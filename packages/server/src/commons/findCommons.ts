// Finding one commons, by org and name or by id: a leaf of the commons area (no other area's imports), so
// areas the commons store itself reads (runs) can find a commons without an import cycle.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import type { CommonsTable } from './commonsTables.ts';

/** The commons `name` of the org; a NotFoundError when there is none. */
export async function findCommons(db: Kysely<Database>, orgId: string, name: string): Promise<CommonsTable> {
  const row = await db
    .selectFrom('commons')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No commons "${name}" in this organization.`, 'commons_not_found');
  return row;
}

/** A commons by id, for areas holding a row that refers to it (runs, deploys); it must exist. */
export async function findCommonsById(db: Kysely<Database>, commonsId: string): Promise<CommonsTable> {
  return db.selectFrom('commons').selectAll().where('id', '=', commonsId).executeTakeFirstOrThrow();
}

// What other areas read of deploys, per org: the latest deploy of each commons of an org (alerts watch
// for Degraded), in one query.
import type { CsocDatabase } from '../../db/createDatabase.ts';
import type { DeployStatus } from '../gitopsTables.ts';

export interface DeployHeadline {
  id: string;
  commonsId: string;
  status: DeployStatus;
  message: string;
  release: string;
  createdAt: string;
  finishedAt: string | null;
}

export async function latestDeploysOfOrg(database: CsocDatabase, orgId: string): Promise<DeployHeadline[]> {
  // Ids are time-ordered (UUIDv7): the greatest id per commons is its latest deploy.
  const rows = await database.db
    .selectFrom('deploys')
    .select(['id', 'commons_id', 'status', 'message', 'release', 'created_at', 'finished_at'])
    .where('id', 'in', (sub) =>
      sub
        .selectFrom('deploys')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('org_id', '=', orgId)
        .groupBy('commons_id'),
    )
    .execute();
  return rows.map((row) => ({
    id: row.id,
    commonsId: row.commons_id,
    status: row.status,
    message: row.message,
    release: row.release,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }));
}

// What other areas read of deploys fleet-wide: the latest deploy of each commons (monitor/ probes what is
// deployed), in one query.
import type { CsocDatabase } from '../../db/createDatabase.ts';
import type { DeployStatus } from '../gitopsTables.ts';

export interface LatestDeploy {
  id: string;
  orgId: string;
  commonsId: string;
  status: DeployStatus;
  message: string;
  release: string;
  createdAt: string;
  finishedAt: string | null;
}

export async function latestDeployOfEachCommons(database: CsocDatabase): Promise<LatestDeploy[]> {
  // Ids are time-ordered (UUIDv7): the greatest id per commons is its latest deploy.
  const rows = await database.db
    .selectFrom('deploys')
    .select(['id', 'org_id', 'commons_id', 'status', 'message', 'release', 'created_at', 'finished_at'])
    .where('id', 'in', (sub) =>
      sub
        .selectFrom('deploys')
        .select((eb) => eb.fn.max('id').as('id'))
        .groupBy('commons_id'),
    )
    .execute();
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    commonsId: row.commons_id,
    status: row.status,
    message: row.message,
    release: row.release,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }));
}

// What other areas read of particular deploys (a release wave watches the deploys it started): their
// status and message, in one query per 500 ids.
import type { CsocDatabase } from '../../db/createDatabase.ts';
import type { DeployStatus } from '../gitopsTables.ts';

export interface DeployStatusRow {
  id: string;
  status: DeployStatus;
  message: string;
  finishedAt: string | null;
}

export async function findDeployStatuses(
  database: CsocDatabase,
  deployIds: readonly string[],
): Promise<Map<string, DeployStatusRow>> {
  const found = new Map<string, DeployStatusRow>();
  for (let start = 0; start < deployIds.length; start += 500) {
    const rows = await database.db
      .selectFrom('deploys')
      .select(['id', 'status', 'message', 'finished_at'])
      .where('id', 'in', deployIds.slice(start, start + 500))
      .execute();
    for (const row of rows)
      found.set(row.id, {
        id: row.id,
        status: row.status,
        message: row.message,
        finishedAt: row.finished_at,
      });
  }
  return found;
}

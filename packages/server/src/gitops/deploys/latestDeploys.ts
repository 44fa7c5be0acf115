// What other areas read of deploys fleet-wide: the latest deploy of each commons (monitor/ probes what is
// deployed), in one query; and the mark that its first healthy probe was traced.
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
  /**
   * The deploy's stored trace context while no probe has been traced healthy for it yet (ADR 0039): the
   * probe scheduler records that first healthy probe in the deploy's trace. Null otherwise.
   */
  pendingProbeTrace: string | null;
}

export async function latestDeployOfEachCommons(database: CsocDatabase): Promise<LatestDeploy[]> {
  // Ids are time-ordered (UUIDv7): the greatest id per commons is its latest deploy.
  const rows = await database.db
    .selectFrom('deploys')
    .select([
      'id',
      'org_id',
      'commons_id',
      'status',
      'message',
      'release',
      'created_at',
      'finished_at',
      'trace_context',
      'healthy_probe_traced_at',
    ])
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
    pendingProbeTrace: row.healthy_probe_traced_at ? null : row.trace_context,
  }));
}

/**
 * Marks that a probe found the commons healthy after this deploy; true for the one caller that marked it
 * first (with several probers, exactly one records the span).
 */
export async function markHealthyProbeTraced(database: CsocDatabase, deployId: string): Promise<boolean> {
  const result = await database.db
    .updateTable('deploys')
    .set({ healthy_probe_traced_at: new Date().toISOString() })
    .where('id', '=', deployId)
    .where('healthy_probe_traced_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface RecentDeploy {
  id: string;
  commonsId: string;
  finishedAt: string | null;
}

/**
 * Deploys whose id is at least `fromId` (ids are time-ordered, so: created since that moment), oldest
 * first, at most `limit`: how the probe scheduler notices a new deploy within a second without reading the
 * latest deploy of every commons (a range of the primary key).
 */
export async function deploysCreatedSince(
  database: CsocDatabase,
  fromId: string,
  limit = 1000,
): Promise<RecentDeploy[]> {
  const rows = await database.db
    .selectFrom('deploys')
    .select(['id', 'commons_id', 'finished_at'])
    .where('id', '>=', fromId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, commonsId: row.commons_id, finishedAt: row.finished_at }));
}

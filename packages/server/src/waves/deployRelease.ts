// Commons' moves to a release within a wave: the release written into each spec (a new revision) and the
// deploys of them recorded and followed, as a person's deploy is. All moves of one look (release steps, or
// a stage's rollback) share one commit; each commons keeps its own deploy record, diff and revision.
import type { CommonsSpec } from '@csoc/common';
import { findCommonsById, updateCommons } from '../commons/commonsStore.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { createDeployBatch } from '../gitops/deploys/createDeployBatch.ts';
import { startFollowingDeploy } from '../gitops/deploys/deployService.ts';
import type { DeploysTable } from '../gitops/gitopsTables.ts';
import type { AppContext } from '../http/appContext.ts';
import { orgSlugOf } from '../identity/directory.ts';
import type { WaveMembersTable, WavesTable } from './waveTables.ts';

/** Spec writes at once: each is a few statements on the database, nothing worth more parallelism. */
const SPEC_CONCURRENCY = 8;

export interface ReleaseMove {
  member: WaveMembersTable;
  release: string;
}

/** A move's outcome: the deploy recorded for it, or why none could be. */
export type ReleaseMoveOutcome =
  { deploy: DeploysTable; error?: undefined } | { deploy?: undefined; error: Error };

/** Runs `work` over `items`, `limit` at a time, keeping the order of the results. */
export async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Writes `release` into the commons' spec (a new revision, unless it is there already: a restarted step). */
async function writeRelease(
  context: AppContext,
  wave: WavesTable,
  move: ReleaseMove,
  note: string,
): Promise<CommonsTable> {
  const commons = await findCommonsById(context.database.db, move.member.commons_id);
  const spec = JSON.parse(commons.spec) as CommonsSpec;
  if (spec.gen3?.release === move.release) return commons;
  const result = await updateCommons(context, commons, {
    spec: { ...spec, gen3: { ...spec.gen3!, release: move.release } },
    labels: JSON.parse(commons.labels) as Record<string, string>,
    message: note,
    author: { id: wave.created_by_id, label: wave.created_by },
  });
  return result.commons;
}

/**
 * Moves every commons of `moves` to its release: writes each spec (the revision message `noteOf(move)`),
 * then deploys them all in one commit titled `title` with one deploy record each, followed in the
 * background. The wave's creator is the author. Outcomes come back in the order of `moves`; one commons
 * that cannot be written or rendered does not hold the others back.
 */
export async function deployReleases(
  context: AppContext,
  wave: WavesTable,
  moves: ReleaseMove[],
  title: string,
  noteOf: (move: ReleaseMove) => string,
): Promise<ReleaseMoveOutcome[]> {
  if (moves.length === 0) return [];
  const written = await inParallel(moves, SPEC_CONCURRENCY, async (move) => {
    try {
      return { commons: await writeRelease(context, wave, move, noteOf(move)) };
    } catch (error) {
      return { error: error as Error };
    }
  });
  const outcomes: ReleaseMoveOutcome[] = written.map((item) =>
    item.error ? { error: item.error } : (undefined as unknown as ReleaseMoveOutcome),
  );
  const targets = written.flatMap((item, index) => (item.commons ? [{ commons: item.commons, index }] : []));
  const deployed = await createDeployBatch(context, {
    orgId: wave.org_id,
    orgSlug: await orgSlugOf(context.database.db, wave.org_id),
    requestedBy: { id: wave.created_by_id, email: wave.created_by, name: wave.created_by },
    title,
    targets,
  });
  deployed.forEach((outcome, position) => {
    outcomes[targets[position]!.index] = outcome.deploy
      ? { deploy: outcome.deploy }
      : { error: outcome.error };
    if (outcome.deploy && outcome.deploy.status !== 'failed')
      startFollowingDeploy(context, outcome.deploy.id);
  });
  return outcomes;
}

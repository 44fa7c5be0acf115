// Deploys of many commons of one org at once (a release wave's look): every commons rendered, all their
// folders committed in ONE commit and one push, and one deploy record per commons pointing at that shared
// commit with that commons' own diff (its folder only). Each record is then followed like a person's deploy;
// a later move of one commons (a rollback) is its own new commit of that folder, so a shared commit is never
// reverted as a whole (ADR 0044). Person-made deploys keep going through createDeploy, one commit each.
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { nowIso } from '../../db/schema.ts';
import type { AppContext } from '../../http/appContext.ts';
import { activeTraceId, captureTraceContext, inStoredTrace } from '../../telemetry/traceContext.ts';
import type { DeploysTable } from '../gitopsTables.ts';
import { GitPushRejectedError } from '../repository/gitopsRepository.ts';
import { GitError } from '../repository/runGit.ts';
import {
  secretDeliveryTimelineEntries,
  newDeployRow,
  renderForDeploy,
  timelineEntry,
  type RenderedDeploy,
} from './deployService.ts';

/** Ingest credential issues at once (database work and a queued run each). */
const CREDENTIAL_CONCURRENCY = 8;

export interface DeployBatch {
  orgId: string;
  orgSlug: string;
  requestedBy: { id: string; email: string; name: string };
  /** The batch's one commit message headline, e.g. the wave and stage. */
  title: string;
  /** The commons to deploy, each at its current revision. */
  targets: { commons: CommonsTable }[];
}

/** Each target's outcome, in the order of `targets`: its deploy record, or why it could not be rendered. */
export type DeployBatchOutcome =
  | { commons: CommonsTable; deploy: DeploysTable; error?: undefined }
  | { commons: CommonsTable; deploy?: undefined; error: Error };

function batchMessage(batch: DeployBatch, rendered: { commons: CommonsTable; prepared: RenderedDeploy }[]) {
  return [
    `${batch.title}: deploy ${rendered.length} commons of ${batch.orgSlug}`,
    '',
    ...rendered.map(
      ({ commons, prepared }) =>
        `- ${batch.orgSlug}/${commons.name} revision ${commons.revision} (Gen3 ${prepared.release})`,
    ),
    '',
    `Requested by ${batch.requestedBy.email} through the CSOC.`,
  ].join('\n');
}

/**
 * Renders every target, commits the rendered folders together and records one deploy per rendered commons
 * (none is followed yet: the caller starts the followers). A target that cannot be rendered gets its error
 * and no record; a push the remote refuses makes every record `failed` with the remote's message.
 */
export async function createDeployBatch(
  context: AppContext,
  batch: DeployBatch,
): Promise<DeployBatchOutcome[]> {
  const { repository } = context.gitops;
  const outcomes: DeployBatchOutcome[] = [];
  const rendered: { commons: CommonsTable; prepared: RenderedDeploy; index: number }[] = [];
  for (const [index, target] of batch.targets.entries()) {
    try {
      rendered.push({
        commons: target.commons,
        prepared: await renderForDeploy(context, batch.orgSlug, target.commons),
        index,
      });
    } catch (error) {
      outcomes[index] = { commons: target.commons, error: error as Error };
    }
  }
  if (rendered.length === 0) return outcomes;

  const traceContext = captureTraceContext();
  const timelines = rendered.map(({ commons, prepared }) => [
    timelineEntry('requested', `revision ${commons.revision}, Gen3 ${prepared.release}`),
  ]);
  const rows: DeploysTable[] = rendered.map(({ commons, prepared }) =>
    newDeployRow({
      orgId: batch.orgId,
      commons,
      release: prepared.release,
      requestedBy: batch.requestedBy,
      traceContext,
    }),
  );
  try {
    const result = await inStoredTrace(
      traceContext,
      'gitops.commit',
      { 'csoc.org': batch.orgSlug, 'csoc.deploy.count': rows.length },
      async (span) => {
        const traceId = activeTraceId();
        const committed = await repository.commitMany(batch.orgSlug, {
          directories: rendered.map(({ prepared }) => ({
            directory: prepared.rendered.directory,
            files: prepared.rendered.files,
          })),
          author: { name: batch.requestedBy.name || batch.requestedBy.email, email: batch.requestedBy.email },
          message: batchMessage(batch, rendered),
          ...(traceId ? { trailers: { 'CSOC-Trace-Id': traceId } } : {}),
        });
        if (committed.commit) span.setAttribute('vcs.ref.head.revision', committed.commit);
        return committed;
      },
    );
    const others = rows.length - 1;
    rendered.forEach(({ prepared }, position) => {
      const row = rows[position]!;
      const diff = result.diffs.get(prepared.rendered.directory) ?? '';
      // A folder that did not change follows Argo CD on the commit now on the branch, which carries it.
      row.commit_sha = result.commit ?? result.base;
      row.diff = diff;
      row.message = diff
        ? `committed ${result.commit!.slice(0, 12)} to ${repository.branch} together with ${others} other commons` +
          (result.attempts > 1 ? ` after ${result.attempts} attempts (concurrent deploys)` : '')
        : 'nothing changed in the GitOps files; following Argo CD on the current commit';
      timelines[position]!.push(timelineEntry('committed', row.message));
    });
  } catch (error) {
    if (!(error instanceof GitPushRejectedError) && !(error instanceof GitError)) throw error;
    const message = error instanceof GitPushRejectedError ? error.message : `git failed: ${error.message}`;
    rows.forEach((row, position) => {
      row.status = 'failed';
      row.message = message;
      row.finished_at = nowIso();
      timelines[position]!.push(timelineEntry('failed', message));
    });
  }
  // As for a person's deploy: a commons without a working telemetry ingest credential gets one issued and
  // its delivery queued (docs/adr/0040); a few at a time, and Gen3's deploy goes on whatever happens here.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CREDENTIAL_CONCURRENCY, rows.length) }, async () => {
      while (next < rows.length) {
        const position = next++;
        if (rows[position]!.status === 'failed') continue;
        const { commons, prepared } = rendered[position]!;
        const notes = await secretDeliveryTimelineEntries(context, {
          orgId: batch.orgId,
          orgSlug: batch.orgSlug,
          commons,
          requestedBy: batch.requestedBy,
          prepared,
        });
        timelines[position]!.push(...notes);
      }
    }),
  );
  rows.forEach((row, position) => (row.timeline = JSON.stringify(timelines[position])));
  // A few statements for the whole batch, not one per commons (50 rows stay under any parameter limit).
  for (let start = 0; start < rows.length; start += 50)
    await context.database.db
      .insertInto('deploys')
      .values(rows.slice(start, start + 50))
      .execute();
  rendered.forEach(({ commons, index }, position) => {
    outcomes[index] = { commons, deploy: rows[position]! };
  });
  return outcomes;
}

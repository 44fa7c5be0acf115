// Runs one stored action through the commons' agent and records how it went: a restart is one
// action.restart request; a job action is action.runJob, then jobs.follow whose streamed output is appended
// as it arrives, scrubbed of secrets first (ADR 0081). The final state, and every state change, is audited
// with who asked and the result.
import type { JobTemplate } from '@csoc/common/agent-protocol';
import { appendAuditEvent } from '../../audit/auditLog.ts';
import { DomainError } from '../../errors.ts';
import { orgSlugOf } from '../../identity/directory.ts';
import type { AppContext } from '../../http/appContext.ts';
import {
  HEARTBEAT_EVERY_MS,
  appendActionOutput,
  finishClusterAction,
  recordActionJob,
  renewActionHeartbeat,
} from './clusterActionStore.ts';
import type { ClusterActionsTable } from './clusterActionTables.ts';
import { createSecretScrubber, scrubSecretText } from './scrubSecretText.ts';

/** Audits a state change of an action: the requester (and approver) as who, the action as what. */
export async function auditActionChange(
  context: AppContext,
  action: ClusterActionsTable,
  change: { state: string; result?: string; actor?: { id: string; label: string } },
): Promise<void> {
  await appendAuditEvent(context.database, {
    actorKind: change.actor ? 'user' : 'system',
    actorId: change.actor?.id ?? null,
    actorLabel: change.actor?.label ?? 'csoc (cluster action runner)',
    orgId: action.org_id,
    action: `cluster.action.${change.state}`,
    target: `orgs/${await orgSlugOf(context.database.db, action.org_id)}/commons/${action.commons_name}/cluster/actions/${action.id}`,
    outcome: change.state === 'failed' ? 'failure' : 'success',
    summary: {
      action: action.action,
      ...(action.target ? { target: action.target } : {}),
      requestedBy: action.requested_by_label,
      ...(action.approved_by_label ? { approvedBy: action.approved_by_label } : {}),
      state: change.state,
      ...(change.result ? { result: change.result } : {}),
    },
  });
}

function describeFailure(error: unknown): string {
  if (error instanceof DomainError) return scrubSecretText(error.message);
  return 'The agent request failed unexpectedly; see the CSOC log.';
}

async function runThroughAgent(
  context: AppContext,
  action: ClusterActionsTable,
): Promise<{
  state: 'succeeded' | 'failed';
  message: string;
}> {
  const hub = context.agentHub;
  const db = context.database.db;
  if (action.action === 'restart') {
    const { restartedAt } = await hub.request(action.commons_id, 'action.restart', {
      deployment: action.target!,
    });
    const message = `Deployment ${action.target} restarted at ${restartedAt}; its pods are replaced one by one.`;
    await appendActionOutput(db, action.id, `${message}\n`);
    return { state: 'succeeded', message };
  }
  const template: JobTemplate = action.action;
  const { job } = await hub.request(action.commons_id, 'action.runJob', {
    template,
    ...(action.action === 'cronjob' ? { cronJob: action.target! } : {}),
  });
  await recordActionJob(db, action.id, job);
  await appendActionOutput(db, action.id, `--- job ${job} created ---\n`);
  // Chunks are written one after another; the agent gets more credit only once each is stored. A chunk
  // that cannot be stored stops following (the hub must never see a rejected chunk: it would stall).
  // Output is scrubbed line by line before it is stored: the stored text is what the API, the SSE stream
  // and every later reader see, so nothing unscrubbed exists anywhere in CSOC.
  const abort = new AbortController();
  const scrubber = createSecretScrubber();
  let storeFailure: unknown;
  const store = (text: string) =>
    text
      ? appendActionOutput(db, action.id, text).catch((error: unknown) => {
          storeFailure ??= error;
          abort.abort();
        })
      : Promise.resolve();
  try {
    const followed = await hub
      .request(
        action.commons_id,
        'jobs.follow',
        { job },
        { signal: abort.signal, onChunk: (chunk) => store(scrubber.push(chunk)) },
      )
      .catch((error: unknown) => {
        throw storeFailure ?? error;
      });
    const message = followed.message ? scrubSecretText(followed.message) : undefined;
    return followed.status === 'succeeded'
      ? { state: 'succeeded', message: message ?? `Job ${job} succeeded.` }
      : { state: 'failed', message: message ?? `Job ${job} failed.` };
  } finally {
    // The last line may have had no newline; it is written scrubbed whatever the outcome.
    if (!storeFailure) await store(scrubber.flush());
  }
}

/**
 * Runs a `running` action to its end. Never throws: a failure of the agent or the link ends the action
 * failed with the reason. Returns once the final state is stored and audited.
 */
export async function runClusterAction(context: AppContext, action: ClusterActionsTable): Promise<void> {
  const logger = context.logger.child({ area: 'cluster-actions', actionId: action.id });
  let outcome: { state: 'succeeded' | 'failed'; message: string };
  const heartbeat = setInterval(() => {
    renewActionHeartbeat(context.database.db, action.id).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not renew the heartbeat of a cluster action'),
    );
  }, HEARTBEAT_EVERY_MS);
  heartbeat.unref();
  try {
    outcome = await runThroughAgent(context, action);
  } catch (error) {
    if (!(error instanceof DomainError)) logger.error({ err: error }, 'cluster action failed');
    outcome = { state: 'failed', message: describeFailure(error) };
  } finally {
    clearInterval(heartbeat);
  }
  try {
    if (await finishClusterAction(context.database.db, action.id, outcome.state, outcome.message))
      await auditActionChange(context, action, { state: outcome.state, result: outcome.message });
  } catch (error) {
    // The database went away (CSOC stopping): the startup sweep ends this action failed next time.
    logger.warn({ err: error }, 'could not record the end of a cluster action');
  }
}

// Delivers a commons' csoc-agent join token at deploy time (docs/adr/0065, 0074), through the same run and
// plugin verb as the OTLP ingest credential (runs/secretEntryDelivery.ts): CSOC creates the token and a run of
// kind `store-agent-join-token` writes it into the entry the rendered ExternalSecret reads, where the agent
// finds it and enrols. Only when it is needed: an enrolled, active agent keeps its identity and a token that
// is unused and unexpired may still be on its way, so a re-deploy burns nothing. A write that fails withdraws
// the token (executeRunPhase.ts). Nothing here prints, logs or audits the token.
import { appendAuditEvent } from '../audit/auditLog.ts';
import type { CommonsTable } from '../commons/commonsTables.ts';
import { CSOC_AGENT_JOIN_TOKEN_SECRET } from '../gitops/rendering/renderCsocAgent.ts';
import type { AppContext } from '../http/appContext.ts';
import {
  awaitSecretDelivery,
  queueSecretDelivery,
  renderedSecretEntry,
  whySecretDeliveryCannotRun,
  type SecretDeliveryRequester,
} from '../runs/secretEntryDelivery.ts';
import {
  agentOfCommons,
  createJoinToken,
  pendingJoinTokenOf,
  withdrawJoinTokenIfUnused,
} from './agentStore.ts';

export const JOIN_TOKEN_RUN_KIND = 'store-agent-join-token' as const;

export interface JoinTokenDeliveryTarget {
  orgId: string;
  orgSlug: string;
  commons: CommonsTable;
  /** The secrets.yaml the deploy committed (its csoc-agent-join-token ExternalSecret names the entry). */
  secretsYaml: string | undefined;
  requestedBy: SecretDeliveryRequester;
}

/**
 * Creates a join token and queues its delivery run when the commons' agent needs one; otherwise says why
 * none is created, in one sentence for the deploy's timeline. Undefined when the deploy rendered no agent.
 */
export async function startJoinTokenDelivery(
  context: AppContext,
  target: JoinTokenDeliveryTarget,
): Promise<{ runId?: string; message: string } | undefined> {
  const entry = renderedSecretEntry(target.secretsYaml, CSOC_AGENT_JOIN_TOKEN_SECRET);
  if (!entry) return undefined;
  const { commons } = target;
  const { db } = context.database;
  const agent = await agentOfCommons(db, commons.id);
  if (agent?.status === 'active')
    return { message: `agent: ${agent.id} is enrolled and keeps its identity; no join token created` };
  const pending = await pendingJoinTokenOf(db, commons.id);
  if (pending)
    return {
      message: `agent: a join token created ${pending.created_at} is unused until ${pending.expires_at}; no other created (the agent enrols with it from ${entry.secretName})`,
    };
  const cannot = await whySecretDeliveryCannotRun(context, commons, entry, 'join token');
  if (cannot) return { message: `agent: ${cannot}` };

  const issued = await createJoinToken(
    db,
    { orgId: target.orgId, commonsId: commons.id },
    `deploy (${target.requestedBy.email})`,
  );
  let runId: string;
  try {
    runId = await queueSecretDelivery(context, {
      orgId: target.orgId,
      commons,
      kind: JOIN_TOKEN_RUN_KIND,
      entry,
      token: issued.token,
      credentialId: issued.id,
      message: `store the csoc-agent join token in ${entry.secretName}`,
      requestedBy: target.requestedBy,
    });
  } catch (error) {
    await withdrawJoinTokenIfUnused(db, commons.id, issued.id);
    return {
      message: `agent: the join token was not delivered (${(error as Error).message}); the next deploy tries again`,
    };
  }
  await appendAuditEvent(context.database, {
    actorKind: 'user',
    actorId: target.requestedBy.id,
    actorLabel: target.requestedBy.email,
    orgId: target.orgId,
    action: 'agent.join-token.deliver',
    target: `orgs/${target.orgSlug}/commons/${commons.name}/agent/join-token`,
    outcome: 'success',
    summary: { run: runId, entry: entry.secretName, joinTokenId: issued.id, expiresAt: issued.expiresAt },
  });
  return {
    runId,
    message: `agent: created a join token; run ${runId} stores it in ${entry.secretName}, where the agent enrols with it`,
  };
}

/** How the join token's delivery run queued since `since` ended, in one sentence (see awaitSecretDelivery). */
export async function awaitJoinTokenDelivery(
  context: AppContext,
  target: { commonsId: string; since: string },
  options: { signal: AbortSignal; deadline: number; pollMs: number },
): Promise<{ runId: string; stored: boolean; message: string } | undefined> {
  const run = await awaitSecretDelivery(context, { ...target, kind: JOIN_TOKEN_RUN_KIND }, options);
  if (!run) return undefined;
  return {
    runId: run.runId,
    stored: run.stored,
    message: run.stored
      ? `agent: run ${run.runId} stored the join token; the agent enrols once its ExternalSecret refreshes`
      : `agent: the join token was not stored (run ${run.runId} ${run.state}: ${run.reason}); it was withdrawn and the next deploy creates a new one — Gen3 itself is not affected`,
  };
}

// Asking for an action, shared by POST …/cluster/actions and the user.yaml edit (which asks for usersync):
// the org's rule decides whether a second person must approve (pending) or it starts now (running).
import type { AppContext } from '../../http/appContext.ts';
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { UnavailableError } from '../../errors.ts';
import { requiresSecondApprover } from '../../identity/orgSettings.ts';
import { createClusterAction } from './clusterActionStore.ts';
import type { ClusterActionKind, ClusterActionsTable } from './clusterActionTables.ts';
import { runClusterAction } from './runClusterAction.ts';

/**
 * Refuses to start an action when the commons' agent is connected to no live replica (this one or another,
 * ADR 0079). Await it; the returned promise is also marked handled, so a caller that forgets only skips
 * the early refusal (the run then fails with agent_not_connected) instead of crashing the process.
 */
export function requireAgent(context: AppContext, commons: CommonsTable): Promise<void> {
  const checked = context.agentHub.isConnected(commons.id).then((connected) => {
    if (!connected)
      throw new UnavailableError(
        "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent, then retry.",
        'agent_not_connected',
      );
  });
  checked.catch(() => {});
  return checked;
}

/** Starts a `running` action in the background: the run never throws and records its own end. */
export function startClusterAction(context: AppContext, action: ClusterActionsTable): void {
  void runClusterAction(context, action);
}

export async function requestClusterAction(
  context: AppContext,
  input: {
    commons: CommonsTable;
    action: ClusterActionKind;
    target: string | null;
    actor: { id: string; label: string };
  },
): Promise<ClusterActionsTable> {
  const { commons, actor } = input;
  const needsSecondPerson = await requiresSecondApprover(context, commons.org_id, commons.environment);
  if (!needsSecondPerson) await requireAgent(context, commons);
  const action = await createClusterAction(context.database.db, {
    orgId: commons.org_id,
    commonsId: commons.id,
    commonsName: commons.name,
    action: input.action,
    target: input.target,
    requestedById: actor.id,
    requestedByLabel: actor.label,
    state: needsSecondPerson ? 'pending-approval' : 'running',
  });
  if (action.state === 'running') startClusterAction(context, action);
  return action;
}

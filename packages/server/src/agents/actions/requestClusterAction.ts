// Asking for an action, shared by POST …/cluster/actions and the user.yaml edit (which asks for usersync):
// the org's rule decides whether a second person must approve (pending) or it starts now (running).
import type { AppContext } from '../../http/appContext.ts';
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { UnavailableError } from '../../errors.ts';
import { requiresSecondApprover } from '../../identity/orgSettings.ts';
import { createClusterAction } from './clusterActionStore.ts';
import type { ClusterActionKind, ClusterActionsTable } from './clusterActionTables.ts';
import { runClusterAction } from './runClusterAction.ts';

/** Refuses to start an action when the commons' agent is not connected to this replica. */
export function requireAgent(context: AppContext, commons: CommonsTable): void {
  if (!context.agentHub.isConnected(commons.id))
    throw new UnavailableError(
      "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent, then retry.",
      'agent_not_connected',
    );
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
  if (!needsSecondPerson) requireAgent(context, commons);
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

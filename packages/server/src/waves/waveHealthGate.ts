// The health gate between stages (ADR 0043): every commons the stage moved is Synced and Healthy in Argo CD
// (its last deploy healthy), has no alert firing, and its probes say healthy. A commons whose probes say
// down or degraded stops the wave (the engine pauses it); anything else not yet healthy only holds the gate.
import { firingAlertsOfCommons } from '../alerts/firingAlertsOfCommons.ts';
import type { AppContext } from '../http/appContext.ts';
import { findDeployStatuses } from '../gitops/deploys/deployStatuses.ts';
import { findCommonsHealth, healthAsOf } from '../monitor/healthStore.ts';
import type { WaveMembersTable } from './waveTables.ts';

export type GateVerdict =
  | { kind: 'pass' }
  | { kind: 'hold'; reason: string }
  | { kind: 'degraded'; commons: WaveMembersTable; reason: string };

/** How old a probe may be and still count (as the health overview judges it). */
export function probeStaleMs(context: AppContext): number {
  return Math.max(3 * context.config.probeIntervalSeconds * 1000, 60_000);
}

/**
 * The probe verdict of one commons after `since` (its step's deploy finished): degraded when its probes
 * say down/degraded, hold when none judged it since (a probe taken after it, with signals read after it);
 * pass when healthy, or when this CSOC does not probe at all (nothing to wait for).
 */
export async function probeVerdict(
  context: AppContext,
  member: WaveMembersTable,
  since: string,
): Promise<GateVerdict> {
  if (context.config.probeIntervalSeconds <= 0) return { kind: 'pass' };
  const health = await findCommonsHealth(context.database, member.commons_id);
  if (!health) return { kind: 'hold', reason: `${member.commons_name} has not been probed yet` };
  // A probe from before the commons finished its step may describe the sync itself, not the outcome; and a
  // probe judges Argo CD from signals read a little earlier, so it counts only when those were read after
  // the step too (otherwise a sync the deploy already saw finish reads as OutOfSync). The prober reads a
  // commons' signals again within a second or two of its deploy finishing, then probes it.
  const after = Date.parse(since);
  if (
    Date.parse(health.checkedAt) <= after ||
    health.signalsAt === null ||
    Date.parse(health.signalsAt) <= after
  )
    return { kind: 'hold', reason: `waiting for a probe of ${member.commons_name} after its upgrade` };
  const { state } = healthAsOf(health, probeStaleMs(context));
  if (state === 'down' || state === 'degraded') {
    const reasons = health.reasons.map((reason) => reason.message).join('; ');
    return {
      kind: 'degraded',
      commons: member,
      reason: `${member.commons_name} probes ${state}${reasons ? `: ${reasons}` : ''}`,
    };
  }
  if (state !== 'healthy') return { kind: 'hold', reason: `${member.commons_name} probe health is ${state}` };
  return { kind: 'pass' };
}

/** The gate of a stage whose members are all done or skipped. */
export async function judgeStageGate(
  context: AppContext,
  members: readonly WaveMembersTable[],
): Promise<GateVerdict> {
  const moved = members.filter((member) => member.state === 'done' && member.deploy_id);
  const deploys = await findDeployStatuses(
    context.database,
    moved.map((member) => member.deploy_id!),
  );
  for (const member of moved) {
    const deploy = deploys.get(member.deploy_id!);
    if (deploy?.status !== 'healthy')
      return { kind: 'hold', reason: `${member.commons_name}'s deploy is ${deploy?.status ?? 'missing'}` };
  }
  // Probes judge the commons the stage moved; one already at the target may never have been deployed.
  // They count from its deploy's end: signals read after it describe the outcome, not the sync.
  for (const member of moved) {
    const finishedAt = deploys.get(member.deploy_id!)!.finishedAt;
    const verdict = await probeVerdict(context, member, finishedAt ?? member.updated_at);
    if (verdict.kind !== 'pass') return verdict;
  }
  const firing = await firingAlertsOfCommons(
    context.database,
    members.filter((member) => member.state === 'done').map((member) => member.commons_id),
  );
  if (firing.length) {
    const member = members.find((candidate) => candidate.commons_id === firing[0]!.commonsId)!;
    return {
      kind: 'hold',
      reason: `${member.commons_name} has a firing alert (${firing[0]!.ruleName}: ${firing[0]!.summary})`,
    };
  }
  return { kind: 'pass' };
}

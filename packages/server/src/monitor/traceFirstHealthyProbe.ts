// The last link of one trace from a change to a healthy commons (ADR 0039): the first probe that finds a
// commons healthy after its deploy was Synced and Healthy in Argo CD is recorded as a span of the deploy's
// trace, once (a mark on the deploy), by whichever process probes it.
import type { CsocDatabase } from '../db/createDatabase.ts';
import { markHealthyProbeTraced } from '../gitops/deploys/latestDeploys.ts';
import { recordSpanInStoredTrace } from '../telemetry/traceContext.ts';
import type { ProbeTarget } from './loadProbeTargets.ts';

/**
 * Records the healthy probe round that started at `startedAt` in the trace of the target's deploy, when it
 * still waits for one. Forgets the deploy's trace on the target at once, so later rounds before the next
 * target refresh neither write nor record again.
 */
export async function traceFirstHealthyProbe(
  database: CsocDatabase,
  target: ProbeTarget,
  round: { startedAt: number; endedAt: number; services: number },
): Promise<boolean> {
  const pending = target.deployTrace;
  if (!pending) return false;
  target.deployTrace = undefined;
  if (!(await markHealthyProbeTraced(database, pending.deployId))) return false;
  recordSpanInStoredTrace(pending.traceContext, 'monitor.probe healthy', {
    startTime: round.startedAt,
    endTime: round.endedAt,
    attributes: {
      'csoc.deploy.id': pending.deployId,
      'csoc.commons': target.commonsName,
      'csoc.org': target.orgSlug,
      'csoc.probe.services': round.services,
    },
  });
  return true;
}

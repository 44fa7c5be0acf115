// The health model: what one probe round and the commons' signals (Argo CD, its last deploy and run, its
// drift check) mean for each service and for the commons. Pure, so every rule is tested without a network.
import type { ServiceProbeResult } from '../gitops/deploys/probeGen3Status.ts';
import type { HealthState } from './monitorTables.ts';

export type HealthReasonKind = 'probe' | 'argocd' | 'deploy' | 'run' | 'drift';

export interface HealthReason {
  kind: HealthReasonKind;
  message: string;
}

export interface ServiceHealth {
  service: string;
  state: HealthState;
  /** Why it is not healthy; empty when it is. */
  reason: string;
  httpStatus: number | null;
  latencyMs: number | null;
}

export interface CommonsSignals {
  /** Argo CD's view of the commons' application; null when none is known or Argo CD is not configured. */
  argocd: { sync: string; health: string; message?: string } | null;
  /** The latest deploy that published something. */
  lastDeploy: { status: string; message: string } | null;
  /** The latest apply or destroy run, when it failed. */
  failedRun: { id: string; kind: string } | null;
  /** The latest drift check, when it found drift. */
  drift: { runId: string } | null;
}

export interface ProbedService extends ServiceProbeResult {
  latencyMs: number | null;
  /** false: slow this round only, not yet counted as slow (the scheduler wants two slow rounds in a row). */
  slowConfirmed?: boolean;
}

export interface CommonsHealth {
  state: HealthState;
  reasons: HealthReason[];
  services: ServiceHealth[];
}

/** The service answering at the commons' root: when it is down, nothing of the commons is reachable. */
const FRONT_DOOR = 'revproxy';

/** One service's health from its probe: a 2xx is healthy unless slower than `slowMs`. */
export function assessService(probe: ProbedService, slowMs: number): ServiceHealth {
  const base = { service: probe.service, httpStatus: probe.httpStatus, latencyMs: probe.latencyMs };
  switch (probe.status) {
    case 'healthy':
      if (probe.latencyMs !== null && probe.latencyMs > slowMs && probe.slowConfirmed !== false)
        return {
          ...base,
          state: 'degraded',
          reason: `${probe.path} answered in ${probe.latencyMs} ms (slower than ${slowMs} ms)`,
        };
      return { ...base, state: 'healthy', reason: '' };
    case 'unhealthy':
      return { ...base, state: 'down', reason: `${probe.path} answered ${probe.httpStatus}` };
    default:
      return { ...base, state: 'down', reason: `${probe.path}: ${probe.detail ?? probe.status}` };
  }
}

/**
 * The commons' health: down when its front door or every service is down; degraded when any service is
 * down or slow, Argo CD reports it Degraded or OutOfSync, its last deploy did not end healthy, its last
 * apply or destroy failed, or drift was found; unknown when nothing could be probed; healthy otherwise.
 * Every reason is listed, the most severe first.
 */
export function assessCommonsHealth(
  probes: readonly ProbedService[],
  signals: CommonsSignals,
  slowMs: number,
): CommonsHealth {
  const services = probes.map((probe) => assessService(probe, slowMs));
  const reasons: HealthReason[] = [];
  const down = services.filter((service) => service.state === 'down');
  const slow = services.filter((service) => service.state === 'degraded');
  let state: HealthState = 'healthy';
  if (services.length === 0) {
    state = 'unknown';
    reasons.push({ kind: 'probe', message: 'no Gen3 endpoint of this commons can be probed' });
  } else if (down.length === services.length || down.some((service) => service.service === FRONT_DOOR)) {
    state = 'down';
  } else if (down.length > 0 || slow.length > 0) {
    state = 'degraded';
  }
  for (const service of [...down, ...slow])
    reasons.push({ kind: 'probe', message: `${service.service} ${service.state}: ${service.reason}` });

  const degradeFor = (kind: HealthReasonKind, message: string) => {
    reasons.push({ kind, message });
    if (state === 'healthy') state = 'degraded';
  };
  const { argocd, lastDeploy, failedRun, drift } = signals;
  if (argocd && argocd.health !== 'Healthy' && argocd.health !== 'Progressing')
    degradeFor('argocd', `Argo CD reports ${argocd.health}${argocd.message ? `: ${argocd.message}` : ''}`);
  if (argocd && argocd.sync === 'OutOfSync') degradeFor('argocd', 'Argo CD reports OutOfSync');
  if (lastDeploy && ['degraded', 'timeout'].includes(lastDeploy.status))
    degradeFor('deploy', `the last deploy ended ${lastDeploy.status}: ${lastDeploy.message}`);
  if (failedRun) degradeFor('run', `the last ${failedRun.kind} run (${failedRun.id}) failed`);
  if (drift) degradeFor('drift', `drift detected by run ${drift.runId}`);
  return { state, reasons, services };
}

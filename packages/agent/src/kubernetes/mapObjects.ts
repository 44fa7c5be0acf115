// Kubernetes objects (as the API returns them) mapped to the shapes of the link's results: what an operator
// needs to see on one line, nothing that could carry a secret (no env, no args, no annotations).
import type { ClusterEvent, PodSummary, Workload } from '@csoc/common/agent-protocol';
import type {
  CronJobObject,
  DeploymentObject,
  EventObject,
  JobObject,
  PodMetricsObject,
  PodObject,
  PodTemplate,
} from './kubeObjects.ts';
import { parseQuantity } from './quantities.ts';

const count = (value: unknown) => (typeof value === 'number' && value > 0 ? Math.floor(value) : 0);
const imagesOf = (podSpec: PodTemplate['spec']): string[] =>
  (podSpec?.containers ?? []).map((container) => String(container.image ?? ''));

/** A Deployment or StatefulSet: ready replicas of desired (a missing `replicas` means 1, as the API defaults). */
export function toReplicatedWorkload(kind: 'Deployment' | 'StatefulSet', object: DeploymentObject): Workload {
  return {
    kind,
    name: String(object.metadata?.name ?? ''),
    ready: count(object.status?.readyReplicas),
    desired: object.spec?.replicas === undefined ? 1 : count(object.spec.replicas),
    images: imagesOf(object.spec?.template?.spec),
  };
}

/** A Job: completions succeeded of those wanted, with its active and failed pods. */
export function toJobWorkload(object: JobObject): Workload {
  return {
    kind: 'Job',
    name: String(object.metadata?.name ?? ''),
    ready: count(object.status?.succeeded),
    desired: object.spec?.completions === undefined ? 1 : count(object.spec.completions),
    images: imagesOf(object.spec?.template?.spec),
    succeeded: count(object.status?.succeeded),
    failed: count(object.status?.failed),
    active: count(object.status?.active),
  };
}

/** A CronJob has no replicas: its schedule, when it last ran, and how many of its Jobs run now. */
export function toCronJobWorkload(object: CronJobObject): Workload {
  return {
    kind: 'CronJob',
    name: String(object.metadata?.name ?? ''),
    ready: 0,
    desired: 0,
    images: imagesOf(object.spec?.jobTemplate?.spec?.template?.spec),
    schedule: String(object.spec?.schedule ?? ''),
    ...(object.status?.lastScheduleTime ? { lastScheduleTime: String(object.status.lastScheduleTime) } : {}),
    active: (object.status?.active ?? []).length,
  };
}

/** A pod's owner as the operator knows it: a ReplicaSet made by a Deployment is shown as that Deployment. */
function ownerOf(pod: PodObject): PodSummary['owner'] {
  const references = pod.metadata?.ownerReferences ?? [];
  const owner = references.find((reference) => reference.controller) ?? references[0];
  if (!owner) return undefined;
  const name = String(owner.name ?? '');
  const hash = pod.metadata?.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`))
    return { kind: 'Deployment', name: name.slice(0, -hash.length - 1) };
  return { kind: String(owner.kind ?? ''), name };
}

export function toPodSummary(pod: PodObject): PodSummary {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers = (pod.spec?.containers ?? statuses).map((container) => {
    const status = statuses.find((candidate) => candidate.name === container.name) ?? {};
    const reason = status.lastState?.terminated?.reason ?? status.state?.terminated?.reason;
    return {
      name: String(container.name ?? ''),
      image: String(status.image ?? container.image ?? ''),
      ready: status.ready === true,
      restarts: count(status.restartCount),
      ...(reason ? { lastTerminationReason: String(reason) } : {}),
    };
  });
  const owner = ownerOf(pod);
  return {
    name: String(pod.metadata?.name ?? ''),
    phase: String(pod.status?.phase ?? 'Unknown'),
    ready: (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    restarts: containers.reduce((sum, container) => sum + container.restarts, 0),
    ...(pod.spec?.nodeName ? { node: String(pod.spec.nodeName) } : {}),
    ...(pod.status?.startTime ? { startedAt: String(pod.status.startTime) } : {}),
    ...(owner ? { owner } : {}),
    containers,
  };
}

export function toClusterEvent(event: EventObject): ClusterEvent {
  return {
    type: String(event.type ?? 'Normal'),
    reason: String(event.reason ?? ''),
    message: String(event.message ?? event.note ?? ''),
    object: {
      kind: String(event.involvedObject?.kind ?? ''),
      name: String(event.involvedObject?.name ?? ''),
    },
    count: Math.max(1, count(event.count ?? event.series?.count)),
    lastSeen: String(
      event.lastTimestamp ??
        event.series?.lastObservedTime ??
        event.eventTime ??
        event.metadata?.creationTimestamp ??
        '',
    ),
  };
}

/** A pod's usage summed over its containers: CPU in millicores, memory in bytes. */
export function toPodMetrics(item: PodMetricsObject) {
  const containers = item.containers ?? [];
  const cores = containers.reduce((sum, c) => sum + parseQuantity(c.usage?.cpu), 0);
  return {
    name: String(item.metadata?.name ?? ''),
    // Whole thousandths of a millicore: the float sum of nano-cores would otherwise show 14.500000001.
    cpuMillicores: Math.round(cores * 1e6) / 1e3,
    memoryBytes: Math.round(containers.reduce((sum, c) => sum + parseQuantity(c.usage?.memory), 0)),
  };
}

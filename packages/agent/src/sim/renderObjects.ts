// The simulated cluster's state rendered as the Kubernetes API returns it, field for field as far as the
// agent (or kubectl) reads them.
import type { SimCronJob, SimEvent, SimJob, SimPod, SimWorkload } from './simulatedClusterState.ts';

const iso = (date: Date | undefined) => date?.toISOString();

export function renderWorkload(workload: SimWorkload, namespace: string, readyReplicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: workload.kind,
    metadata: {
      name: workload.name,
      namespace,
      uid: workload.uid,
      creationTimestamp: iso(workload.createdAt),
      labels: { app: workload.name },
    },
    spec: {
      replicas: workload.replicas,
      selector: { matchLabels: { app: workload.name } },
      template: {
        metadata: { labels: { app: workload.name }, annotations: { ...workload.annotations } },
        spec: { containers: [{ name: workload.name, image: workload.image }] },
      },
    },
    status: {
      replicas: workload.replicas,
      readyReplicas,
      availableReplicas: readyReplicas,
      updatedReplicas: readyReplicas,
    },
  };
}

export function renderCronJob(cronJob: SimCronJob, namespace: string, activeJobs: SimJob[]) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: cronJob.name, namespace, uid: cronJob.uid, creationTimestamp: iso(cronJob.createdAt) },
    spec: {
      schedule: cronJob.schedule,
      suspend: cronJob.schedule === '0 0 31 2 *',
      jobTemplate: cronJob.jobTemplate,
    },
    status: {
      ...(cronJob.lastScheduleTime ? { lastScheduleTime: iso(cronJob.lastScheduleTime) } : {}),
      active: activeJobs.map((job) => ({ kind: 'Job', name: job.name, namespace })),
    },
  };
}

export function renderJob(job: SimJob, namespace: string) {
  const conditions =
    job.outcome === 'succeeded'
      ? [{ type: 'Complete', status: 'True', lastTransitionTime: iso(job.completedAt) }]
      : job.outcome === 'failed'
        ? [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
              lastTransitionTime: iso(job.completedAt),
            },
          ]
        : [];
  return {
    ...job.object,
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...job.object.metadata, namespace, uid: job.uid, creationTimestamp: iso(job.createdAt) },
    status: {
      startTime: iso(job.createdAt),
      ...(job.outcome ? { completionTime: iso(job.completedAt) } : { active: 1 }),
      ...(job.outcome === 'succeeded' ? { succeeded: 1 } : {}),
      ...(job.outcome === 'failed' ? { failed: 1 } : {}),
      conditions,
    },
  };
}

export function renderPod(pod: SimPod, namespace: string) {
  const running = pod.phase === 'Running' && !pod.waitingReason;
  const state = pod.waitingReason
    ? { waiting: { reason: pod.waitingReason } }
    : running
      ? { running: { startedAt: iso(pod.startedAt) } }
      : pod.phase === 'Pending'
        ? { waiting: { reason: 'ContainerCreating' } }
        : {
            terminated: {
              exitCode: pod.phase === 'Succeeded' ? 0 : 1,
              reason: pod.phase === 'Succeeded' ? 'Completed' : 'Error',
            },
          };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace,
      uid: pod.uid,
      creationTimestamp: iso(pod.createdAt),
      labels: pod.labels,
      ownerReferences: [
        {
          apiVersion: pod.owner.kind === 'Job' ? 'batch/v1' : 'apps/v1',
          kind: pod.owner.kind,
          name: pod.owner.name,
          controller: true,
        },
      ],
      ...(pod.terminating ? { deletionTimestamp: iso(new Date()) } : {}),
    },
    spec: {
      nodeName: pod.node,
      containers: [{ name: pod.container, image: pod.image }, ...pod.sidecars],
    },
    status: {
      phase: pod.phase,
      ...(pod.startedAt ? { startTime: iso(pod.startedAt) } : {}),
      conditions: [{ type: 'Ready', status: pod.ready ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: pod.container,
          image: pod.image,
          ready: pod.ready,
          restartCount: pod.restarts,
          started: running,
          state,
          lastState: pod.lastTerminationReason
            ? { terminated: { exitCode: 1, reason: pod.lastTerminationReason } }
            : {},
        },
        // Sidecars run beside the main container and go with it; they never crash on cue.
        ...pod.sidecars.map((sidecar) => ({
          name: sidecar.name,
          image: sidecar.image,
          ready: running,
          restartCount: 0,
          started: running,
          state,
          lastState: {},
        })),
      ],
    },
  };
}

export function renderEvent(event: SimEvent, namespace: string) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: event.name, namespace, creationTimestamp: iso(event.firstSeen) },
    type: event.type,
    reason: event.reason,
    message: event.message,
    involvedObject: { kind: event.object.kind, name: event.object.name, namespace },
    count: event.count,
    firstTimestamp: iso(event.firstSeen),
    lastTimestamp: iso(event.lastSeen),
    source: { component: 'csoc-simulated-cluster' },
  };
}

/** Usage that moves with the pod's age and its service, so the portal's graph is not flat. */
export function renderPodMetrics(pod: SimPod, namespace: string, tick: number) {
  const seed = [...pod.service].reduce((sum, character) => sum + character.charCodeAt(0), 0);
  const cpuNano = (5 + (seed % 40) + ((tick * 7 + seed) % 13)) * 1_000_000;
  const memoryKi = (96 + (seed % 300) + (tick % 16)) * 1024;
  return {
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name: pod.name, namespace },
    timestamp: new Date().toISOString(),
    window: '15s',
    containers: [{ name: pod.container, usage: { cpu: `${cpuNano}n`, memory: `${memoryKi}Ki` } }],
  };
}

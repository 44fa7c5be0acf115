// The state of a simulated commons cluster: Gen3's workloads, their pods, events and logs, advanced one
// tick at a time. Pods start, crash and restart on cue (failService/recover), a restart annotation rolls a
// Deployment to new pods, Jobs created from CronJobs run a few ticks and finish. The HTTP side
// (simulatedKubernetesServer.ts) renders this state as Kubernetes API objects.
import { randomBytes } from 'node:crypto';
import { jobLogLine, serviceLogLine } from './simLogLines.ts';

/** One Gen3 workload to simulate, as the server-side caller derives it from the rendered values. */
export interface SimulatedWorkloadSeed {
  service: string;
  image: string;
  replicas: number;
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  /** CronJobs: the schedule shown (the simulator never fires it on its own). */
  schedule?: string;
  /** More containers in each pod beside the service's own (a sidecar), each logging on its own. */
  sidecars?: Array<{ name: string; image: string }>;
}

export interface SimLogLine {
  at: Date;
  text: string;
  /** A sidecar's line; absent: the pod's main container. */
  container?: string;
}

export interface SimPod {
  name: string;
  uid: string;
  service: string;
  owner: { kind: 'ReplicaSet' | 'StatefulSet' | 'Job'; name: string };
  templateHash?: string;
  labels: Record<string, string>;
  container: string;
  image: string;
  /** Containers beside `container`, in the order of the pod spec. */
  sidecars: Array<{ name: string; image: string }>;
  node: string;
  createdAt: Date;
  startedAt?: Date;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  restarts: number;
  lastTerminationReason?: string;
  waitingReason?: string;
  /** Set when a rollout replaced the pod: it goes at the next tick. */
  terminating: boolean;
  ticksRunning: number;
  lines: SimLogLine[];
  /** Log followers, told when a line arrives or the pod ends. */
  followers: Set<() => void>;
}

export interface SimWorkload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  uid: string;
  image: string;
  replicas: number;
  createdAt: Date;
  annotations: Record<string, string>;
  templateHash: string;
  failing?: string;
  sidecars?: Array<{ name: string; image: string }>;
}

export interface SimCronJob {
  name: string;
  uid: string;
  image: string;
  schedule: string;
  createdAt: Date;
  lastScheduleTime?: Date;
  failing?: string;
  /** The jobTemplate as a chart would render it, returned to GETs and copied into Jobs. */
  jobTemplate: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };
}

export interface SimJob {
  name: string;
  uid: string;
  object: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a client-made Job, kept as sent
  createdAt: Date;
  cronJob?: string;
  ticksLeft: number;
  failing?: string;
  outcome?: 'succeeded' | 'failed';
  completedAt?: Date;
}

export interface SimEvent {
  name: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

const MAX_LINES_PER_POD = 2000;
const MAX_EVENTS = 500;
const NODES = ['ip-10-0-1-17.ec2.internal', 'ip-10-0-2-41.ec2.internal', 'ip-10-0-3-9.ec2.internal'];

const suffix = (length: number) =>
  Array.from(randomBytes(length), (byte) => 'bcdfghjklmnpqrstvwxz2456789'[byte % 27]).join('');
const uid = () => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export interface SimulatedClusterStateOptions {
  workloads: SimulatedWorkloadSeed[];
  /** Ticks a Job's pod runs before it ends; default 3. */
  jobTicks?: number;
  now?: () => Date;
}

export function createSimulatedClusterState(options: SimulatedClusterStateOptions) {
  const now = options.now ?? (() => new Date());
  const jobTicks = options.jobTicks ?? 3;
  const workloads = new Map<string, SimWorkload>();
  const cronJobs = new Map<string, SimCronJob>();
  const jobs = new Map<string, SimJob>();
  const pods = new Map<string, SimPod>();
  const events: SimEvent[] = [];
  let lineCounter = 0;
  /** Which user.yaml usersync reads, as the synced values say (setUserYamlSource); told in its output. */
  let userYamlSource: string | undefined;

  function record(type: SimEvent['type'], reason: string, object: SimEvent['object'], message: string) {
    const at = now();
    const same = events.find(
      (event) =>
        event.reason === reason &&
        event.object.kind === object.kind &&
        event.object.name === object.name &&
        event.message === message,
    );
    if (same) {
      same.count += 1;
      same.lastSeen = at;
      return;
    }
    events.push({
      name: `${object.name}.${suffix(8)}`,
      type,
      reason,
      message,
      object,
      count: 1,
      firstSeen: at,
      lastSeen: at,
    });
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  }

  function log(pod: SimPod, text: string, container?: string) {
    pod.lines.push({ at: now(), text, ...(container ? { container } : {}) });
    if (pod.lines.length > MAX_LINES_PER_POD) pod.lines.splice(0, pod.lines.length - MAX_LINES_PER_POD);
    for (const follower of pod.followers) follower();
  }

  function addPod(
    pod: Omit<
      SimPod,
      | 'uid'
      | 'createdAt'
      | 'phase'
      | 'ready'
      | 'restarts'
      | 'terminating'
      | 'ticksRunning'
      | 'lines'
      | 'followers'
      | 'node'
    >,
  ) {
    const created: SimPod = {
      ...pod,
      uid: uid(),
      createdAt: now(),
      node: NODES[pods.size % NODES.length]!,
      phase: 'Pending',
      ready: false,
      restarts: 0,
      waitingReason: 'ContainerCreating',
      terminating: false,
      ticksRunning: 0,
      lines: [],
      followers: new Set(),
    };
    pods.set(created.name, created);
    record(
      'Normal',
      'Scheduled',
      { kind: 'Pod', name: created.name },
      `Successfully assigned to ${created.node}`,
    );
    return created;
  }

  function podsOf(workload: SimWorkload) {
    return [...pods.values()].filter((pod) => pod.service === workload.name && pod.owner.kind !== 'Job');
  }

  /** Brings a workload to its replicas at its current template: new pods for a new hash, old ones go. */
  function reconcile(workload: SimWorkload) {
    const current = podsOf(workload).filter(
      (pod) =>
        !pod.terminating && (workload.kind === 'StatefulSet' || pod.templateHash === workload.templateHash),
    );
    for (const pod of podsOf(workload)) {
      if (!current.includes(pod) && !pod.terminating) {
        pod.terminating = true;
        record('Normal', 'Killing', { kind: 'Pod', name: pod.name }, `Stopping container ${pod.container}`);
      }
    }
    for (let index = current.length; index < workload.replicas; index += 1) {
      const replicaSet = `${workload.name}-${workload.templateHash}`;
      const name =
        workload.kind === 'StatefulSet' ? `${workload.name}-${index}` : `${replicaSet}-${suffix(5)}`;
      if (workload.kind === 'StatefulSet' && pods.has(name)) continue;
      addPod({
        name,
        service: workload.name,
        owner:
          workload.kind === 'StatefulSet'
            ? { kind: 'StatefulSet', name: workload.name }
            : { kind: 'ReplicaSet', name: replicaSet },
        templateHash: workload.kind === 'Deployment' ? workload.templateHash : undefined,
        labels: {
          app: workload.name,
          ...(workload.kind === 'Deployment' ? { 'pod-template-hash': workload.templateHash } : {}),
        },
        container: workload.name,
        image: workload.image,
        sidecars: workload.sidecars ?? [],
      });
      if (workload.kind === 'Deployment')
        record(
          'Normal',
          'SuccessfulCreate',
          { kind: 'ReplicaSet', name: replicaSet },
          `Created pod: ${name}`,
        );
    }
  }

  for (const seed of options.workloads) {
    if (seed.kind === 'CronJob') {
      cronJobs.set(seed.service, {
        name: seed.service,
        uid: uid(),
        image: seed.image,
        schedule: seed.schedule ?? '0 0 31 2 *',
        createdAt: now(),
        jobTemplate: {
          metadata: { labels: { app: 'gen3job' } },
          spec: {
            backoffLimit: 0,
            template: {
              metadata: { labels: { app: 'gen3job' } },
              spec: { restartPolicy: 'Never', containers: [{ name: seed.service, image: seed.image }] },
            },
          },
        },
      });
      continue;
    }
    const workload: SimWorkload = {
      kind: seed.kind,
      name: seed.service,
      uid: uid(),
      image: seed.image,
      replicas: Math.max(0, Math.floor(seed.replicas)),
      createdAt: now(),
      annotations: {},
      templateHash: suffix(10),
      ...(seed.sidecars?.length ? { sidecars: seed.sidecars } : {}),
    };
    workloads.set(workload.name, workload);
    reconcile(workload);
  }

  function endPod(pod: SimPod, outcome: 'Succeeded' | 'Failed') {
    pod.phase = outcome;
    pod.ready = false;
    pod.waitingReason = undefined;
    for (const follower of pod.followers) follower();
  }

  function startContainer(pod: SimPod) {
    pod.phase = 'Running';
    pod.waitingReason = undefined;
    pod.startedAt ??= now();
    record('Normal', 'Started', { kind: 'Pod', name: pod.name }, `Started container ${pod.container}`);
  }

  function tickServicePod(pod: SimPod, failing: string | undefined) {
    if (pod.phase === 'Pending' && pod.waitingReason === 'ContainerCreating') {
      record(
        'Normal',
        'Pulled',
        { kind: 'Pod', name: pod.name },
        `Container image "${pod.image}" already present on machine`,
      );
      startContainer(pod);
      log(pod, `[${pod.service}] starting ${pod.image}`);
      return;
    }
    if (failing) {
      if (pod.waitingReason === 'CrashLoopBackOff') {
        // Back-off over: the kubelet starts the container again, and it crashes again.
        pod.waitingReason = undefined;
        log(pod, `[${pod.service}] starting ${pod.image}`);
        return;
      }
      log(pod, `[${pod.service}] ERROR ${failing}: exiting`);
      pod.restarts += 1;
      pod.lastTerminationReason = failing;
      pod.ready = false;
      pod.waitingReason = 'CrashLoopBackOff';
      record(
        'Warning',
        'BackOff',
        { kind: 'Pod', name: pod.name },
        `Back-off restarting failed container ${pod.container}`,
      );
      return;
    }
    if (pod.waitingReason === 'CrashLoopBackOff') {
      pod.waitingReason = undefined;
      startContainer(pod);
      log(pod, `[${pod.service}] starting ${pod.image}`);
      return;
    }
    if (!pod.ready) {
      pod.ready = true;
      log(pod, `[${pod.service}] ready, listening on :80`);
      return;
    }
    pod.ticksRunning += 1;
    log(pod, serviceLogLine(pod.service, lineCounter++));
    for (const sidecar of pod.sidecars)
      log(pod, `[${sidecar.name}] synced ${pod.ticksRunning} time(s)`, sidecar.name);
  }

  function tickJob(job: SimJob) {
    const pod = [...pods.values()].find(
      (candidate) => candidate.owner.kind === 'Job' && candidate.owner.name === job.name,
    );
    if (!pod || job.outcome) return;
    if (pod.phase === 'Pending') {
      startContainer(pod);
      return;
    }
    const step = jobTicks - job.ticksLeft;
    job.ticksLeft -= 1;
    log(pod, jobLogLine(job.cronJob ?? job.name, step, jobTicks, userYamlSource));
    if (job.ticksLeft > 0) return;
    job.completedAt = now();
    if (job.failing) {
      log(pod, `ERROR ${job.failing}`);
      job.outcome = 'failed';
      endPod(pod, 'Failed');
      record(
        'Warning',
        'BackoffLimitExceeded',
        { kind: 'Job', name: job.name },
        'Job has reached the specified backoff limit',
      );
    } else {
      log(pod, jobLogLine(job.cronJob ?? job.name, jobTicks, jobTicks));
      job.outcome = 'succeeded';
      endPod(pod, 'Succeeded');
      record('Normal', 'Completed', { kind: 'Job', name: job.name }, 'Job completed');
    }
  }

  return {
    workloads,
    cronJobs,
    jobs,
    pods,
    events,

    /** Advances the cluster by one step: pods start, log, crash or recover, rollouts finish, Jobs run. */
    tick() {
      for (const pod of [...pods.values()]) {
        if (pod.terminating) {
          endPod(pod, 'Succeeded');
          pods.delete(pod.name);
          continue;
        }
        if (pod.owner.kind === 'Job') continue;
        const workload = workloads.get(pod.service);
        if (workload) tickServicePod(pod, workload.failing);
      }
      for (const job of jobs.values()) tickJob(job);
      for (const workload of workloads.values()) reconcile(workload);
    },

    /** The restart annotation changed: a new template hash, a rollout to new pods. */
    patchDeploymentAnnotations(name: string, annotations: Record<string, string>) {
      const workload = workloads.get(name);
      if (!workload || workload.kind !== 'Deployment') return undefined;
      const before = workload.annotations['kubectl.kubernetes.io/restartedAt'];
      Object.assign(workload.annotations, annotations);
      if (workload.annotations['kubectl.kubernetes.io/restartedAt'] !== before) {
        workload.templateHash = suffix(10);
        record(
          'Normal',
          'ScalingReplicaSet',
          { kind: 'Deployment', name },
          `Scaled up replica set ${name}-${workload.templateHash} to ${workload.replicas}`,
        );
        reconcile(workload);
      }
      return workload;
    },

    /** A Job posted by a client: one pod, running `jobTicks` ticks; it fails if its CronJob is failing. */
    createJob(object: SimJob['object']) {
      const name = String(object.metadata?.name ?? '');
      const owner = (object.metadata?.ownerReferences ?? []).find(
        (reference: { kind?: string }) => reference.kind === 'CronJob',
      );
      const cronJob = owner ? cronJobs.get(String(owner.name)) : undefined;
      const container = object.spec?.template?.spec?.containers?.[0] ?? {};
      const job: SimJob = {
        name,
        uid: uid(),
        object: { ...object, metadata: { ...object.metadata, uid: undefined } },
        createdAt: now(),
        cronJob: cronJob?.name,
        ticksLeft: jobTicks,
        failing: cronJob?.failing,
      };
      job.object.metadata.uid = job.uid;
      jobs.set(name, job);
      if (cronJob) cronJob.lastScheduleTime = now();
      const podName = `${name}-${suffix(5)}`;
      addPod({
        name: podName,
        service: cronJob?.name ?? name,
        owner: { kind: 'Job', name },
        labels: {
          ...(object.spec?.template?.metadata?.labels ?? {}),
          'job-name': name,
          'batch.kubernetes.io/job-name': name,
        },
        container: String(container.name ?? 'job'),
        image: String(container.image ?? cronJob?.image ?? ''),
        sidecars: [],
      });
      record('Normal', 'SuccessfulCreate', { kind: 'Job', name }, `Created pod: ${podName}`);
      return job;
    },

    /** From the next tick on, the service's pods crash with `reason` (a CronJob's Jobs fail with it). */
    /** The synced values changed where usersync reads user.yaml (a saved file, or the bucket). */
    setUserYamlSource(source: string | undefined) {
      userYamlSource = source;
    },

    failService(name: string, reason: string) {
      const target = workloads.get(name) ?? cronJobs.get(name);
      if (!target) throw new Error(`the simulated cluster has no workload ${name}`);
      target.failing = reason;
      for (const job of jobs.values()) if (job.cronJob === name && !job.outcome) job.failing = reason;
    },
    /** Writes a line to a pod's log now (its main container's, or a sidecar's), as the service would. */
    writeLog(podName: string, text: string, container?: string) {
      const pod = pods.get(podName);
      if (!pod) throw new Error(`the simulated cluster has no pod ${podName}`);
      log(pod, text, container === pod.container ? undefined : container);
    },
    recover(name: string) {
      const target = workloads.get(name) ?? cronJobs.get(name);
      if (!target) throw new Error(`the simulated cluster has no workload ${name}`);
      target.failing = undefined;
    },
    readyReplicas(workload: SimWorkload) {
      return podsOf(workload).filter((pod) => pod.ready && !pod.terminating).length;
    },
  };
}

export type SimulatedClusterState = ReturnType<typeof createSimulatedClusterState>;

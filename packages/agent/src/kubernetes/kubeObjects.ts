// The fields of Kubernetes objects the agent reads, all optional: the API server decides what is present
// (a new Deployment has no status yet, an old cluster no `series` on its events), so every read is defensive.

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface ContainerSpec {
  name?: string;
  image?: string;
}
export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: { containers?: ContainerSpec[]; nodeName?: string; restartPolicy?: string };
}
export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentObject extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplate };
  status?: { readyReplicas?: number };
}
export interface JobObject extends KubeObject {
  spec?: { completions?: number; template?: PodTemplate; backoffLimit?: number };
  status?: { succeeded?: number; failed?: number; active?: number; conditions?: Condition[] };
}
export interface CronJobObject extends KubeObject {
  spec?: { schedule?: string; jobTemplate?: { metadata?: ObjectMeta; spec?: JobObject['spec'] } };
  status?: { lastScheduleTime?: string; active?: unknown[] };
}

interface ContainerState {
  terminated?: { reason?: string; exitCode?: number };
  waiting?: { reason?: string };
  running?: { startedAt?: string };
}
export interface ContainerStatusObject {
  name?: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}
export interface PodObject extends KubeObject {
  spec?: PodTemplate['spec'];
  status?: {
    phase?: string;
    startTime?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatusObject[];
  };
}

export interface EventObject extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  involvedObject?: { kind?: string; name?: string };
  count?: number;
  series?: { count?: number; lastObservedTime?: string };
  eventTime?: string;
  lastTimestamp?: string;
}

export interface PodMetricsObject extends KubeObject {
  containers?: { name?: string; usage?: { cpu?: string; memory?: string } }[];
}

export interface ArgoApplicationObject extends KubeObject {
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    conditions?: { message?: string }[];
    operationState?: { message?: string };
  };
}

export interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

/** A list response: only `items` is read. */
export interface KubeList<T> {
  metadata?: { continue?: string; remainingItemCount?: number; resourceVersion?: string };
  items?: T[];
}

// Reads the pod templates of rendered workloads: their containers, the environment each container
// gets (envFrom ConfigMaps included) and which files of which Secrets are mounted where.
import type { KubernetesObject } from './renderOverlay.ts';

export interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[]; add?: string[] } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  [key: string]: unknown;
}

export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  persistentVolumeClaim?: { claimName: string };
  emptyDir?: unknown;
  [key: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: Record<string, unknown>;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  [key: string]: unknown;
}

export interface PodTemplate {
  workload: KubernetesObject;
  labels: Record<string, string>;
  spec: PodSpec;
}

const workloadKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);

/** The pod template of every workload object among `objects` (a Pod is its own template). */
export function podTemplates(objects: KubernetesObject[]): PodTemplate[] {
  return objects
    .filter((object) => workloadKinds.has(object.kind))
    .map((workload) => {
      const spec = workload.spec as Record<string, any>;
      const template =
        workload.kind === 'Pod'
          ? { metadata: workload.metadata, spec }
          : workload.kind === 'CronJob'
            ? spec.jobTemplate.spec.template
            : spec.template;
      return { workload, labels: template.metadata?.labels ?? {}, spec: template.spec as PodSpec };
    });
}

/** The API (or worker) workload whose pod template has app.kubernetes.io/component=<component>. */
export function templateOf(objects: KubernetesObject[], component: string): PodTemplate {
  const found = podTemplates(objects).filter(
    (template) => template.labels['app.kubernetes.io/component'] === component,
  );
  if (found.length !== 1) throw new Error(`expected one ${component} workload, found ${found.length}`);
  return found[0]!;
}

/** Every container a pod runs, init containers first. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/**
 * The environment a container starts with: ConfigMap entries named by envFrom, then its own env
 * (which wins, as in Kubernetes). Values from secretKeyRef/fieldRef are `undefined`.
 */
export function containerEnvironment(
  container: Container,
  objects: KubernetesObject[],
): Map<string, string | undefined> {
  const environment = new Map<string, string | undefined>();
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`container ${container.name}: envFrom other than a ConfigMap`);
    const configMap = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef?.name,
    );
    if (!configMap)
      throw new Error(
        `container ${container.name}: envFrom ConfigMap ${source.configMapRef.name} is not rendered`,
      );
    for (const [name, value] of Object.entries((configMap.data as Record<string, string>) ?? {}))
      environment.set(name, value);
  }
  for (const variable of container.env ?? []) environment.set(variable.name, variable.value);
  return environment;
}

/** Which Secret key a file path inside the container comes from, or undefined when no Secret volume holds it. */
export function secretFileSource(
  filePath: string,
  container: Container,
  spec: PodSpec,
): { secretName: string; key: string } | undefined {
  for (const mount of container.volumeMounts ?? []) {
    if (!filePath.startsWith(`${mount.mountPath}/`)) continue;
    const volume = spec.volumes?.find((candidate) => candidate.name === mount.name);
    if (!volume?.secret) continue;
    const fileName = filePath.slice(mount.mountPath.length + 1);
    const items = volume.secret.items;
    const key = items ? items.find((item) => item.path === fileName)?.key : fileName;
    if (key !== undefined) return { secretName: volume.secret.secretName, key };
  }
  return undefined;
}

// Renders every overlay of deploy/kubernetes with the real `kubectl kustomize` (offline), validates
// each object against its schema, and checks what an operator relies on: locked-down containers,
// settings CSOC really reads, secrets only as files from the secret manager, the autoscaler and
// disruption budget wiring, the runner's narrow Role and the NetworkPolicy paths.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFields, loadConfig } from '@csoc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnknownFields } from './testing/findUnknownFields.ts';
import { allowedRules, allowsPodPeer, isDnsRule, policiesFor } from './testing/networkPolicyPaths.ts';
import {
  allContainers,
  containerEnvironment,
  podTemplates,
  secretFileSource,
  templateOf,
  type PodTemplate,
} from './testing/podTemplates.ts';
import {
  findObject,
  parseKubernetesYaml,
  renderOverlay,
  type KubernetesObject,
  type RenderedOverlay,
} from './testing/renderOverlay.ts';
import { kindsWithoutSchema, validateKubernetesObject } from './testing/validateKubernetesObject.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const overlays = ['single', 'ha', 'ha-external-postgres'] as const;
type Overlay = (typeof overlays)[number];
const rendered = new Map<Overlay, RenderedOverlay>();
const objectsOf = (overlay: Overlay): KubernetesObject[] => rendered.get(overlay)!.objects;

const fields = Object.values(configFields) as { env: string; secret?: boolean }[];
const settingNames = new Set(
  fields.flatMap((field) => (field.secret ? [field.env, `${field.env}_FILE`] : [field.env])),
);
const secretSettingNames = new Set(fields.filter((field) => field.secret).map((field) => field.env));

/** The labels the kubernetes runner puts on a run pod (createKubernetesRunner.ts buildRunJob). */
const runPodLabels = (network: 'none' | 'cloud') => ({
  'app.kubernetes.io/managed-by': 'csoc',
  'app.kubernetes.io/component': 'plugin-run',
  'csoc.gen3.org/run-id': 'run-1',
  'csoc.gen3.org/network': network,
});

/** What createKubernetesRunner.ts calls, as Role rules: secrets, jobs, pods, pods/log. */
const runnerPermissions = [
  '/secrets:create',
  '/secrets:delete',
  '/secrets:patch',
  'batch/jobs:create',
  'batch/jobs:delete',
  'batch/jobs:get',
  '/pods:list',
  '/pods/log:get',
].sort();

let scratch: string;
beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'csoc-k8s-manifests-'));
  for (const overlay of overlays)
    rendered.set(overlay, await renderOverlay(path.join(here, 'overlays', overlay)));
}, 180_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the schema check itself', () => {
  it('refuses an invalid object, a kind it has no schema for and a misspelt field', () => {
    const broken = parseKubernetesYaml(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec: {replicas: two, selector: {}, template: {}}\n',
    )[0]!;
    expect(validateKubernetesObject(broken)).toEqual([
      expect.stringContaining('spec/replicas must be integer'),
    ]);
    const unknown = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(validateKubernetesObject(unknown)).toEqual([
      expect.stringContaining('no schema for example.org/v1/Widget'),
    ]);
    const typo = parseKubernetesYaml(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: typo}\nspec:\n  selector: {}\n  template:\n    spec:\n      containers:\n        - {name: a, image: a:1, securityContext: {readOnlyRootFileSystem: true}}\n',
    )[0]!;
    expect(validateKubernetesObject(typo)).toEqual([]);
    expect(findUnknownFields(typo)).toEqual([
      'Deployment typo: .spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem',
    ]);
  });
});

describe.each(overlays)('overlay %s', (overlay) => {
  it('renders objects that are valid against their Kubernetes or CRD schema, all in namespace csoc', () => {
    const objects = objectsOf(overlay);
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap(validateKubernetesObject)).toEqual([]);
    expect(objects.flatMap((object) => findUnknownFields(object) ?? [])).toEqual([]);
    const misplaced = objects.filter(
      (object) => object.kind !== 'Namespace' && object.metadata.namespace !== 'csoc',
    );
    expect(misplaced.map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([]);
    expect(findObject(objects, 'Namespace', 'csoc').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('runs every container non-root, read-only, unprivileged, without capabilities, under RuntimeDefault seccomp, with requests and limits', () => {
    const problems: string[] = [];
    const templates = podTemplates(objectsOf(overlay));
    expect(templates.length).toBeGreaterThan(0);
    for (const { workload, spec } of templates) {
      const pod = (spec.securityContext ?? {}) as Record<string, any>;
      for (const container of allContainers(spec)) {
        const where = `${workload.kind} ${workload.metadata.name} container ${container.name}`;
        const own = (container.securityContext ?? {}) as Record<string, any>;
        const effective = (key: string) => own[key] ?? pod[key];
        if (effective('runAsNonRoot') !== true) problems.push(`${where}: runAsNonRoot is not true`);
        if (effective('runAsUser') === 0) problems.push(`${where}: runs as uid 0`);
        if (own.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
        if (own.allowPrivilegeEscalation !== false)
          problems.push(`${where}: privilege escalation is allowed`);
        if (own.privileged === true) problems.push(`${where}: privileged`);
        if (!own.capabilities?.drop?.includes('ALL'))
          problems.push(`${where}: capabilities are not all dropped`);
        if (own.capabilities?.add?.length) problems.push(`${where}: adds capabilities`);
        if (effective('seccompProfile')?.type !== 'RuntimeDefault')
          problems.push(`${where}: seccomp is not RuntimeDefault`);
        for (const kind of ['requests', 'limits'] as const) {
          for (const resource of ['cpu', 'memory']) {
            if (!container.resources?.[kind]?.[resource]) problems.push(`${where}: no ${resource} ${kind}`);
          }
        }
        if (!/:[\w.-]+$|@sha256:/.test(container.image ?? '') || container.image?.endsWith(':latest')) {
          problems.push(`${where}: image ${container.image} is not pinned to a tag or digest`);
        }
      }
      if (spec.containers.length !== 1)
        problems.push(`${workload.kind} ${workload.metadata.name}: ${spec.containers.length} containers`);
    }
    expect(problems).toEqual([]);
  });

  it('sets only environment variables CSOC reads, with values its configuration accepts', () => {
    for (const { workload, spec } of podTemplates(objectsOf(overlay))) {
      for (const container of allContainers(spec)) {
        const environment = containerEnvironment(container, objectsOf(overlay));
        expect(
          [...environment.keys()].filter((name) => !settingNames.has(name)),
          `${workload.metadata.name}`,
        ).toEqual([]);
        // loadConfig as the container would run it, the secret files replaced by local stand-ins.
        const env: Record<string, string> = {};
        for (const [name, value] of environment) {
          if (name.endsWith('_FILE')) {
            const file = path.join(scratch, `${workload.metadata.name}-${name}`);
            fs.writeFileSync(file, placeholderSecret(name.slice(0, -'_FILE'.length)));
            env[name] = file;
          } else {
            env[name] = value ?? '';
          }
        }
        expect(() => loadConfig(env), `${workload.metadata.name}`).not.toThrow();
      }
    }
  });

  it('hands every secret setting over as a file of a Secret that External Secrets or CloudNativePG writes', () => {
    const objects = objectsOf(overlay);
    for (const { workload, spec } of podTemplates(objects)) {
      for (const container of allContainers(spec)) {
        const environment = containerEnvironment(container, objects);
        for (const name of secretSettingNames) {
          expect(environment.has(name), `${workload.metadata.name}: ${name} given as a value`).toBe(false);
        }
        for (const [name, filePath] of environment) {
          if (!name.endsWith('_FILE')) continue;
          const source = secretFileSource(filePath!, container, spec);
          const modes = (spec.volumes ?? []).flatMap((volume) =>
            volume.secret ? [(volume.secret as any).defaultMode] : [],
          );
          // Readable by CSOC's user and group only (unset means 0644: world-readable).
          expect(modes.every((mode) => mode !== undefined && (mode & 0o007) === 0)).toBe(true);
          expect(
            source,
            `${workload.metadata.name}: ${name}=${filePath} is on no Secret volume`,
          ).toBeDefined();
          expect(secretWriters(objects), `${name} reads ${source!.secretName}/${source!.key}`).toContain(
            `${source!.secretName}/${source!.key}`,
          );
        }
      }
    }
  });

  it('holds no Secret value', () => {
    const { objects, text } = rendered.get(overlay)!;
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    expect(text).not.toMatch(/stringData:/);
    // A URL with user:password@, a private key, a base64 blob as long as a key.
    expect(text).not.toMatch(/[a-z]+:\/\/[^\s/@]+:[^\s/@]+@/i);
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    const blobs = text.match(/(?<![\w/.-])[A-Za-z0-9+/]{40,}={0,2}/g) ?? [];
    expect(blobs.filter((blob) => !blob.startsWith('/'))).toEqual([]);
    for (const secret of objects.filter((object) => object.kind === 'ExternalSecret')) {
      const spec = secret.spec as Record<string, any>;
      expect(
        spec.target?.template,
        `ExternalSecret ${secret.metadata.name} templates literal data`,
      ).toBeUndefined();
    }
  });

  it('reaches the API pods from the Service, the Ingress and the ServiceMonitor, and probes /readyz and /healthz', () => {
    const objects = objectsOf(overlay);
    const api = templateOf(objects, 'api');
    const service = findObject(objects, 'Service', 'csoc-api');
    const serviceSpec = service.spec as Record<string, any>;
    expect(api.labels).toMatchObject(serviceSpec.selector);
    const container = api.spec.containers[0]!;
    const containerPorts = (container.ports as { name: string; containerPort: number }[]).map(
      (port) => port.name,
    );
    for (const port of serviceSpec.ports) expect(containerPorts).toContain(port.targetPort);

    const ingress = findObject(objects, 'Ingress', 'csoc').spec as Record<string, any>;
    const backend = ingress.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe('csoc-api');
    expect(serviceSpec.ports.map((port: { name: string }) => port.name)).toContain(backend.port.name);

    const monitor = findObject(objects, 'ServiceMonitor', 'csoc-api').spec as Record<string, any>;
    expect(service.metadata.labels).toMatchObject(monitor.selector.matchLabels);
    expect(monitor.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);

    expect((container.readinessProbe as any).httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect((container.livenessProbe as any).httpGet).toMatchObject({ path: '/healthz', port: 'http' });
  });

  it('denies all traffic by default and lets run Jobs reach only the state backend (and DNS)', () => {
    const objects = objectsOf(overlay);
    const defaultDeny = objects.find(
      (object) =>
        object.kind === 'NetworkPolicy' &&
        Object.keys((object.spec as any).podSelector).length === 0 &&
        (object.spec as any).policyTypes.includes('Ingress') &&
        (object.spec as any).policyTypes.includes('Egress') &&
        !(object.spec as any).ingress &&
        !(object.spec as any).egress,
    );
    expect(defaultDeny?.metadata.name).toBe('csoc-default-deny');

    const apiLabels = templateOf(objects, 'api').labels;
    for (const network of ['none', 'cloud'] as const) {
      const egress = allowedRules(objects, runPodLabels(network), 'Egress').filter(
        (rule) => !isDnsRule(rule),
      );
      expect(allowsPodPeer(egress, apiLabels, 8080)).toBe(true);
      for (const rule of egress) {
        const toApiOnly =
          rule.peers.length > 0 &&
          rule.peers.every((peer) => peer.podSelector && !peer.ipBlock && !peer.namespaceSelector);
        const toPublicHttps =
          network === 'cloud' &&
          rule.ports.every((port) => port.port === 443) &&
          rule.peers.every(
            (peer) =>
              peer.ipBlock?.except?.includes('10.0.0.0/8') && peer.ipBlock.except.includes('169.254.0.0/16'),
          );
        expect(toApiOnly || toPublicHttps, `run pod (${network}) egress by ${rule.policy}`).toBe(true);
        if (toApiOnly) expect(rule.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
      }
      expect(allowedRules(objects, runPodLabels(network), 'Ingress')).toEqual([]);
    }
    // The database is no run pod's peer, whatever overlay chose it.
    for (const rule of allowedRules(objects, runPodLabels('none'), 'Egress')) {
      expect(rule.ports.map((port) => port.port)).not.toContain(5432);
    }
    // The API admits the run pods (state backend) and, where there are workers, the workers.
    const apiIngress = allowedRules(objects, apiLabels, 'Ingress');
    expect(allowsPodPeer(apiIngress, runPodLabels('none'), 8080)).toBe(true);
    if (overlay !== 'single') {
      const workerLabels = templateOf(objects, 'worker').labels;
      expect(allowsPodPeer(apiIngress, workerLabels, 8080)).toBe(true);
      expect(allowsPodPeer(allowedRules(objects, workerLabels, 'Egress'), apiLabels, 8080)).toBe(true);
    }
  });

  it("gives the pods that start run Jobs a Role with exactly the kubernetes runner's permissions, and no other pod a token", () => {
    const objects = objectsOf(overlay);
    expect(objects.filter((object) => ['ClusterRole', 'ClusterRoleBinding'].includes(object.kind))).toEqual(
      [],
    );
    const runners: PodTemplate[] = [];
    for (const template of podTemplates(objects)) {
      const environment = containerEnvironment(template.spec.containers[0]!, objects);
      const startsRuns =
        template.spec.containers[0]!.args?.[0] === 'worker' || environment.get('CSOC_WORKER') === 'embedded';
      if (!startsRuns) {
        expect(template.spec.automountServiceAccountToken, template.workload.metadata.name).toBe(false);
        continue;
      }
      runners.push(template);
      expect(environment.get('CSOC_RUNNER')).toBe('kubernetes');
      expect(environment.get('CSOC_KUBERNETES_NAMESPACE')).toBe('csoc');
      const serviceAccount = template.spec.serviceAccountName!;
      const roleNames = objects
        .filter((object) => object.kind === 'RoleBinding')
        .filter((binding) =>
          (binding.subjects as any[]).some(
            (subject) =>
              subject.kind === 'ServiceAccount' &&
              subject.name === serviceAccount &&
              subject.namespace === 'csoc',
          ),
        )
        .map((binding) => (binding.roleRef as any).name as string);
      const permissions = roleNames.flatMap((name) =>
        (findObject(objects, 'Role', name).rules as any[]).flatMap((rule) =>
          rule.apiGroups.flatMap((group: string) =>
            rule.resources.flatMap((resource: string) =>
              rule.verbs.map((verb: string) => `${group}/${resource}:${verb}`),
            ),
          ),
        ),
      );
      expect(permissions.sort(), template.workload.metadata.name).toEqual(runnerPermissions);

      // The work claim is ReadWriteMany and mounted at DATA_DIR/runs, where run work dirs live.
      const claimName = environment.get('CSOC_KUBERNETES_WORK_CLAIM')!;
      const claim = findObject(objects, 'PersistentVolumeClaim', claimName).spec as Record<string, any>;
      expect(claim.accessModes).toEqual(['ReadWriteMany']);
      const volume = template.spec.volumes!.find(
        (candidate) => candidate.persistentVolumeClaim?.claimName === claimName,
      )!;
      const mount = template.spec.containers[0]!.volumeMounts!.find(
        (candidate) => candidate.name === volume.name,
      );
      expect(mount?.mountPath).toBe(`${environment.get('CSOC_DATA_DIR')}/runs`);
    }
    // single: the API with its embedded worker; ha: the worker Deployment.
    expect(runners.length).toBe(1);
  });
});

describe('overlay single', () => {
  it('runs exactly one API replica, with its embedded worker, on SQLite in a ReadWriteOnce claim', () => {
    const objects = objectsOf('single');
    const deployments = objects.filter((object) => object.kind === 'Deployment');
    expect(deployments.map((object) => object.metadata.name)).toEqual(['csoc-api']);
    const spec = deployments[0]!.spec as Record<string, any>;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({ type: 'Recreate' });
    expect(
      objects.filter((object) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(object.kind)),
    ).toEqual([]);

    const api = templateOf(objects, 'api');
    const environment = containerEnvironment(api.spec.containers[0]!, objects);
    expect(environment.get('CSOC_WORKER')).toBe('embedded');
    expect(environment.has('CSOC_DATABASE_URL') || environment.has('CSOC_DATABASE_URL_FILE')).toBe(false);
    const dataMount = api.spec.containers[0]!.volumeMounts!.find(
      (mount) => mount.mountPath === environment.get('CSOC_DATA_DIR'),
    )!;
    const dataVolume = api.spec.volumes!.find((volume) => volume.name === dataMount.name)!;
    const claim = findObject(objects, 'PersistentVolumeClaim', dataVolume.persistentVolumeClaim!.claimName);
    expect((claim.spec as any).accessModes).toEqual(['ReadWriteOnce']);
  });
});

describe.each(['ha', 'ha-external-postgres'] as const)('overlay %s', (overlay) => {
  it('scales the API with an autoscaler over a Deployment without a replica count, and keeps one up through drains', () => {
    const objects = objectsOf(overlay);
    const autoscaler = findObject(objects, 'HorizontalPodAutoscaler', 'csoc-api').spec as Record<string, any>;
    expect(autoscaler.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'csoc-api',
    });
    const api = findObject(objects, 'Deployment', 'csoc-api');
    expect((api.spec as any).replicas).toBeUndefined();
    expect(autoscaler.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler.maxReplicas).toBeGreaterThan(autoscaler.minReplicas);

    const apiTemplate = templateOf(objects, 'api');
    const budget = findObject(objects, 'PodDisruptionBudget', 'csoc-api').spec as Record<string, any>;
    expect(apiTemplate.labels).toMatchObject(budget.selector.matchLabels);
    expect(templateOf(objects, 'worker').labels).not.toMatchObject(budget.selector.matchLabels);
    // A budget the minimum replica count can satisfy, or every node drain would hang.
    expect(budget.minAvailable).toBeLessThan(autoscaler.minReplicas);
    expect(containerEnvironment(apiTemplate.spec.containers[0]!, objects).get('CSOC_WORKER')).toBe('off');

    const worker = findObject(objects, 'Deployment', 'csoc-worker');
    expect((worker.spec as any).replicas).toBeGreaterThanOrEqual(2);
    const workerBudget = findObject(objects, 'PodDisruptionBudget', 'csoc-worker').spec as Record<
      string,
      any
    >;
    expect(templateOf(objects, 'worker').labels).toMatchObject(workerBudget.selector.matchLabels);
    expect(templateOf(objects, 'worker').spec.containers[0]!.args).toEqual(['worker']);
  });

  it('lets the API replicas reach each other at their pod IPs, to carry agent requests (ADR 0079)', () => {
    const objects = objectsOf(overlay);
    const apiTemplate = templateOf(objects, 'api');
    const podIp = (apiTemplate.spec.containers[0]!.env as Array<Record<string, any>>).find(
      (variable) => variable.name === 'CSOC_POD_IP',
    );
    expect(podIp?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    const apiLabels = apiTemplate.labels;
    expect(allowsPodPeer(allowedRules(objects, apiLabels, 'Egress'), apiLabels, 8080)).toBe(true);
    expect(allowsPodPeer(allowedRules(objects, apiLabels, 'Ingress'), apiLabels, 8080)).toBe(true);
    // Workers forward nothing: no worker reaches another worker.
    const workerLabels = templateOf(objects, 'worker').labels;
    expect(allowsPodPeer(allowedRules(objects, workerLabels, 'Ingress'), workerLabels, 8080)).toBe(false);
  });

  it('connects API and workers to PostgreSQL, and only them', () => {
    const objects = objectsOf(overlay);
    for (const component of ['api', 'worker']) {
      const template = templateOf(objects, component);
      const container = template.spec.containers[0]!;
      const file = containerEnvironment(container, objects).get('CSOC_DATABASE_URL_FILE')!;
      expect(secretFileSource(file, container, template.spec)).toEqual(
        overlay === 'ha'
          ? { secretName: 'csoc-db-app', key: 'uri' }
          : { secretName: 'csoc-database', key: 'uri' },
      );
      const egress = allowedRules(objects, template.labels, 'Egress').filter((rule) =>
        rule.ports.some((port) => port.port === 5432),
      );
      expect(egress.length, component).toBeGreaterThan(0);
    }
    if (overlay === 'ha') {
      const database = { 'cnpg.io/cluster': 'csoc-db', 'cnpg.io/instanceRole': 'primary' };
      expect(
        allowsPodPeer(allowedRules(objects, templateOf(objects, 'api').labels, 'Egress'), database, 5432),
      ).toBe(true);
      const databaseIngress = allowedRules(objects, database, 'Ingress');
      expect(allowsPodPeer(databaseIngress, templateOf(objects, 'api').labels, 5432)).toBe(true);
      expect(allowsPodPeer(databaseIngress, templateOf(objects, 'worker').labels, 5432)).toBe(true);
      expect(allowsPodPeer(databaseIngress, runPodLabels('none'), 5432)).toBe(false);
      expect(policiesFor(objects, database, 'Egress').length).toBeGreaterThan(0);
      checkCloudNativePgCluster(findObject(objects, 'Cluster', 'csoc-db'));
    } else {
      expect(objects.filter((object) => object.kind === 'Cluster')).toEqual([]);
    }
  });
});

describe('the Argo CD Application for CSOC', () => {
  it('is valid and follows an overlay that exists, into the namespace the manifests use', () => {
    const [application] = parseKubernetesYaml(
      fs.readFileSync(path.join(here, 'argocd', 'csoc-application.yaml'), 'utf8'),
    );
    expect(validateKubernetesObject(application!)).toEqual([]);
    const spec = application!.spec as Record<string, any>;
    const overlayPath = path.relative('deploy/kubernetes', spec.source.path);
    expect(fs.existsSync(path.join(here, overlayPath, 'kustomization.yaml'))).toBe(true);
    expect(spec.destination.namespace).toBe('csoc');
    expect(application!.metadata.finalizers).toBeUndefined();
  });
});

/** A value CSOC's configuration accepts for a secret setting (never a real secret). */
function placeholderSecret(setting: string): string {
  if (setting === 'CSOC_MASTER_KEY') return crypto.randomBytes(32).toString('base64');
  if (setting === 'CSOC_DATABASE_URL') return 'postgres://csoc:placeholder@csoc-db-rw:5432/csoc';
  return 'placeholder-secret-value';
}

/** `secret/key` pairs the rendered objects make the cluster write: ExternalSecret targets and CloudNativePG's app Secret. */
function secretWriters(objects: KubernetesObject[]): string[] {
  return objects.flatMap((object) => {
    const spec = object.spec as Record<string, any>;
    if (object.kind === 'ExternalSecret') {
      return (spec.data as { secretKey: string }[]).map((entry) => `${spec.target.name}/${entry.secretKey}`);
    }
    if (object.apiVersion === 'postgresql.cnpg.io/v1' && object.kind === 'Cluster')
      return [`${object.metadata.name}-app/uri`];
    return [];
  });
}

/**
 * No schema of the CloudNativePG CRD is available offline (kindsWithoutSchema), so the fields the
 * overlay sets are checked against the operator's documented types here.
 */
function checkCloudNativePgCluster(cluster: KubernetesObject): void {
  expect(kindsWithoutSchema).toHaveProperty(['postgresql.cnpg.io/v1/Cluster']);
  const spec = cluster.spec as Record<string, any>;
  expect(Object.keys(spec).sort()).toEqual(
    [
      'affinity',
      'bootstrap',
      'instances',
      'monitoring',
      'postgresql',
      'primaryUpdateStrategy',
      'resources',
      'storage',
    ].sort(),
  );
  expect(Number.isInteger(spec.instances) && spec.instances >= 3).toBe(true);
  expect(['unsupervised', 'supervised']).toContain(spec.primaryUpdateStrategy);
  expect(spec.bootstrap.initdb).toEqual({ database: 'csoc', owner: 'csoc' });
  expect(Object.keys(spec.postgresql)).toEqual(['parameters']);
  expect(Object.values(spec.postgresql.parameters).every((value) => typeof value === 'string')).toBe(true);
  expect(Object.keys(spec.storage)).toEqual(['size']);
  const quantity = expect.stringMatching(/^\d+(m|Mi|Gi)?$/);
  expect(spec.resources).toEqual({
    requests: { cpu: quantity, memory: quantity },
    limits: { cpu: quantity, memory: quantity },
  });
  expect(spec.storage.size).toMatch(/^\d+(Gi|Ti)$/);
  expect(spec.affinity).toEqual({
    enablePodAntiAffinity: true,
    topologyKey: 'kubernetes.io/hostname',
    podAntiAffinityType: 'required',
  });
  expect(spec.monitoring).toEqual({ enablePodMonitor: true });
}

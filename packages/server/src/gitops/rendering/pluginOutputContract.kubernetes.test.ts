// The output contract of the existing-cluster plugin (cloud kubernetes): its declared outputs — names parsed
// from the plugin's own terraform/outputs.tf, values from a real apply of its module (terraform_data only, no
// provider, so it runs here) read with `terraform output -json` — go through the plugin's mapping
// (pluginOutputMappings) and the renderer with zero errors; a missing output is named. Also checks the
// plugin's access check asks for every namespaced kind that lands in the commons namespace: the renderer's
// files and the templates of the enabled gen3-helm charts.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { MANAGED_RESOURCES, toTerraformVariables } from '@csoc/plugin-existing-cluster';
import { InputError } from '../../errors.ts';
import { locateSharedDir } from '../releases/readReleaseCatalogSources.ts';
import { loadFixture } from './gitopsTestFixtures.ts';
import { findPluginOutputMapping } from './pluginOutputMappings.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { toRenderInput } from './toRenderInput.ts';

const pluginDir = fileURLToPath(new URL('../../../../../plugins/existing-cluster/', import.meta.url));
const COMMONS = 'heart';
const GITOPS_REPO = 'https://git.csoc.example.org/acme/gitops.git';
const SERVICES = [
  'arborist',
  'audit',
  'etl',
  'fence',
  'guppy',
  'indexd',
  'manifestservice',
  'metadata',
  'peregrine',
  'portal',
  'revproxy',
  'sheepdog',
  'wts',
];

function renderFor(outputs: Record<string, unknown>) {
  return renderCommonsGitOps(
    toRenderInput(
      {
        org: 'acme',
        name: COMMONS,
        spec: {
          environment: 'prod',
          plugin: { name: 'existing-cluster' },
          account: 'onprem',
          inputs: {},
          gen3: {
            release: '2025.09',
            hostname: 'data.onprem.example.org',
            dictionaryUrl: 'https://s3.amazonaws.com/dictionary-artifacts/datadictionary/develop/schema.json',
            userYamlSource: 'https://minio.onprem.example.org/heart-config/user.yaml',
            services: SERVICES,
          },
        } as never,
        infraStatus: 'provisioned',
        outputs,
      },
      GITOPS_REPO,
    ),
  );
}

function fieldErrors(render: () => unknown): Array<{ field: string; message: string }> {
  try {
    render();
  } catch (error) {
    if (error instanceof InputError) return error.details as Array<{ field: string; message: string }>;
    throw error;
  }
  return [];
}

describe('existing-cluster plugin outputs -> renderer (a real apply of the module)', () => {
  let root: string;
  let outputs: Record<string, unknown>;
  let declared: string[];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'csoc-existing-cluster-contract-'));
    const module = join(root, 'module');
    cpSync(join(pluginDir, 'terraform'), module, { recursive: true });
    const cliConfig = join(root, 'terraform.rc');
    writeFileSync(
      cliConfig,
      'provider_installation {\n  filesystem_mirror {\n    path = "/nonexistent"\n  }\n}\n',
    );
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
    };
    const terraform = (args: string[]) => {
      const result = spawnSync('terraform', args, { cwd: module, env, encoding: 'utf8', timeout: 180_000 });
      if (result.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${result.stderr}`);
      return result.stdout;
    };
    // The variables exactly as the plugin writes them for a run of commons "heart".
    const inputs = JSON.parse(readFileSync(join(pluginDir, 'examples', 'onprem.inputs.json'), 'utf8'));
    const variables = toTerraformVariables(
      { ...inputs, buckets: { data: 'heart-data', user_yaml: 'heart-config' } },
      {
        commons: { org: 'acme', name: COMMONS },
        credentials: { kind: 'kubernetes', public: { server: 'https://api.onprem.example.org:6443' } },
      },
      { identity: 'csoc-deployer', permissions: 120 },
    );
    writeFileSync(join(module, 'heart.tfvars.json'), JSON.stringify(variables));
    terraform(['init', '-input=false', '-no-color']);
    terraform(['apply', '-input=false', '-no-color', '-auto-approve', '-var-file=heart.tfvars.json']);
    const json = JSON.parse(terraform(['output', '-json'])) as Record<
      string,
      { value: unknown; sensitive: boolean }
    >;
    outputs = Object.fromEntries(
      Object.entries(json)
        .filter(([, output]) => !output.sensitive)
        .map(([name, output]) => [name, output.value]),
    );
    declared = [
      ...readFileSync(join(pluginDir, 'terraform', 'outputs.tf'), 'utf8').matchAll(
        /^output "([a-z0-9_]+)"/gm,
      ),
    ].map((match) => match[1]!);
  }, 300_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports every output outputs.tf declares, none of them sensitive', () => {
    expect(Object.keys(outputs).sort()).toEqual([...declared].sort());
  });

  it('is registered for cloud kubernetes and renders the mapped outputs with zero errors', () => {
    expect(findPluginOutputMapping('existing-cluster')?.cloud).toBe('kubernetes');
    const rendered = renderFor(outputs);
    const values = parseYaml(rendered.files['values.yaml']);
    expect(values.global.environment).toBe(outputs.cluster_name);
    expect(values.global.postgres.master.host).toBe(outputs.postgres_host);
    const store = parseAllDocuments(rendered.files['secrets.yaml'])
      .map((document) => document.toJS())
      .find((document) => document?.kind === 'SecretStore');
    expect(store.spec.provider.kubernetes.remoteNamespace).toBe('gen3-secrets');
    expect(store.metadata.namespace).toBe(COMMONS);
    const ingressClass = JSON.stringify(values.revproxy ?? {});
    expect(ingressClass).toContain(String(outputs.ingress_class_name));
  });

  it('names a missing required output', () => {
    const mapping = findPluginOutputMapping('existing-cluster')!;
    const { postgres_host: _removed, ...withoutHost } = outputs;
    expect(mapping.toRenderOutputs(withoutHost, { namespace: COMMONS })).not.toHaveProperty('postgres_host');
    const errors = fieldErrors(() => renderFor(withoutHost));
    expect(errors).toContainEqual({
      field: 'outputs.postgres_host',
      message: expect.stringMatching(/required/),
    });
  });

  it('renders what the golden kubernetes fixture holds for the same outputs', () => {
    const fixture = loadFixture('kubernetes');
    const mapped = findPluginOutputMapping('existing-cluster')!.toRenderOutputs(
      {
        cluster_name: 'onprem-k8s',
        postgres_host: 'postgres.databases.svc.cluster.local',
        search_endpoint: 'http://elasticsearch.search.svc.cluster.local:9200',
        secrets_namespace: 'gen3-secrets',
        ingress_class_name: 'nginx',
        cluster_issuer: 'internal-ca',
        namespace: 'heart',
        api_server: 'https://api.onprem.example.org:6443',
      },
      { namespace: 'heart' },
    );
    expect(mapped).toEqual(fixture.outputs);
  });
});

/** kind -> [API group, plural resource] for the kinds that may land in the commons namespace. */
const NAMESPACED_KINDS: Record<string, [string, string]> = {
  ConfigMap: ['', 'configmaps'],
  Secret: ['', 'secrets'],
  Service: ['', 'services'],
  ServiceAccount: ['', 'serviceaccounts'],
  PersistentVolumeClaim: ['', 'persistentvolumeclaims'],
  Pod: ['', 'pods'],
  Deployment: ['apps', 'deployments'],
  StatefulSet: ['apps', 'statefulsets'],
  Job: ['batch', 'jobs'],
  CronJob: ['batch', 'cronjobs'],
  Role: ['rbac.authorization.k8s.io', 'roles'],
  RoleBinding: ['rbac.authorization.k8s.io', 'rolebindings'],
  Ingress: ['networking.k8s.io', 'ingresses'],
  NetworkPolicy: ['networking.k8s.io', 'networkpolicies'],
  PodDisruptionBudget: ['policy', 'poddisruptionbudgets'],
  HorizontalPodAutoscaler: ['autoscaling', 'horizontalpodautoscalers'],
  ExternalSecret: ['external-secrets.io', 'externalsecrets'],
  SecretStore: ['external-secrets.io', 'secretstores'],
};

/**
 * Kinds the enabled charts' templates hold that are not deployed on an existing cluster, and why: cluster-wide
 * ones the CSOC installs with the cluster add-ons or never, and other clouds' (the templates gate them on
 * global.aws / global.gcp / a feature flag CSOC leaves off for cloud kubernetes).
 */
const NOT_IN_THE_COMMONS_NAMESPACE = new Set([
  'ClusterRole', // cluster-scoped: installed with the cluster add-ons, not by the commons deploy
  'ClusterRoleBinding',
  'PriorityClass',
  'Namespace',
  'PersistentVolume',
  'MutatingWebhookConfiguration',
  'Application', // Argo CD's own namespace, written by CSOC's app.yaml
  'Policy', // Crossplane AWS IAM (global.crossplane)
  'RolePolicyAttachment',
  'Bucket',
  'Queue',
  'ProviderConfig',
  'ManagedCertificate', // GKE
  'Route', // OpenShift, gated off: CSOC renders an Ingress, which OpenShift turns into a Route itself
  'PushSecret', // gated off (global.externalSecrets.pushSecret)
  'NvSecurityRule', // NeuVector (not enabled)
  'ComputeClass', // GKE (global.gcp.enabled)
  'Certificate', // the gen3 chart's mutating webhook (mutatingWebhook.enabled, off)
  'Issuer',
]);

function chartTemplateKinds(chart: string, chartsDir: string): string[] {
  const dir = join(chartsDir, chart, 'templates');
  const kinds: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        for (const match of readFileSync(path, 'utf8').matchAll(/^kind:\s*([A-Za-z]+)\s*$/gm))
          kinds.push(match[1]!);
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return kinds;
}

describe('the permissions the existing-cluster plugin checks', () => {
  const granted = new Set(
    Object.entries(MANAGED_RESOURCES).flatMap(([group, resources]) => resources.map((r) => `${group}/${r}`)),
  );

  it('cover every kind the renderer writes into the commons namespace', () => {
    const rendered = renderCommonsGitOps(loadFixture('kubernetes'));
    const kinds = Object.values(rendered.files)
      .flatMap((text) => parseAllDocuments(text).map((document) => document.toJS()))
      .filter((document) => document?.metadata?.namespace === loadFixture('kubernetes').commons)
      .map((document) => document.kind as string);
    expect(kinds.length).toBeGreaterThan(5);
    for (const kind of new Set(kinds)) {
      const [group, resource] = NAMESPACED_KINDS[kind] ?? ['?', kind];
      expect(granted.has(`${group}/${resource}`), `${kind} (${group}/${resource})`).toBe(true);
    }
  });

  it('cover every namespaced kind the templates of the enabled charts create', () => {
    const chartsDir = join(locateSharedDir(), 'gen3-helm');
    const charts = [...SERVICES, 'common', 'gen3'];
    const unknown: string[] = [];
    for (const chart of charts) {
      for (const kind of new Set(chartTemplateKinds(chart, chartsDir))) {
        if (NOT_IN_THE_COMMONS_NAMESPACE.has(kind)) continue;
        const mapped = NAMESPACED_KINDS[kind];
        if (!mapped) {
          unknown.push(`${chart}: ${kind}`);
          continue;
        }
        // Pods the charts start are Jobs' and Deployments' pods; the check asks to read and delete them.
        if (kind === 'Pod') continue;
        expect(granted.has(`${mapped[0]}/${mapped[1]}`), `${chart}: ${kind}`).toBe(true);
      }
    }
    expect(unknown, 'kinds neither checked nor explained in NOT_IN_THE_COMMONS_NAMESPACE').toEqual([]);
  });
});

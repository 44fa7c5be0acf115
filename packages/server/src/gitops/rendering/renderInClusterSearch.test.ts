// Elasticsearch 7 on the cluster (ADR 0063): which commons get it, what Argo CD installs (elastic's chart
// with values its 7.10.2 chart declares), that the Gen3 services are pointed at it, and that its
// NetworkPolicy admits only the commons namespace. External search renders nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { InputError } from '../../errors.ts';
import { orgProjectWith } from '../deploys/argoCdRegistration.ts';
import { locateSharedDir } from '../releases/readReleaseCatalogSources.ts';
import { loadFixture, type GoldenFixture } from './gitopsTestFixtures.ts';
import { renderCommonsGitOps } from './renderCommonsGitOps.ts';
import { SEARCH_FILE_NAME } from './renderInClusterSearch.ts';

type Tree = Record<string, any>;

const gen3Charts = join(locateSharedDir(), 'gen3-helm', 'gen3');
const umbrellaValues = parseYaml(readFileSync(join(gen3Charts, 'values.yaml'), 'utf8')) as Tree;
const umbrellaChart = parseYaml(readFileSync(join(gen3Charts, 'Chart.yaml'), 'utf8')) as Tree;

/**
 * Keys of elastic's elasticsearch chart 7.10.2 the renderer sets beyond those gen3's `elasticsearch:` block
 * sets. No copy of elastic's chart is kept in this repository (gen3's block is the chart data here); each
 * name was read from elastic/helm-charts tag v7.10.2, elasticsearch/values.yaml, and says why it is set.
 */
const ELASTIC_CHART_KEYS_BEYOND_GEN3: Record<string, string> = {
  nodeGroup: 'with clusterName, names the service gen3-elasticsearch-master',
  minimumMasterNodes: 'a majority of the replicas (the chart defaults to 2)',
  sysctlInitContainer: 'off: its privileged root init container is not needed without mmap',
  esJavaOpts: 'heap per tier, half the memory limit',
  protocol: 'plain HTTP inside the namespace',
  httpPort: 'the port tube, guppy and metadata use',
  transportPort: 'node-to-node port the NetworkPolicy opens between the nodes only',
  service: 'ClusterIP only: nothing outside the cluster',
  persistence: 'data on a volume of the default storage class',
  volumeClaimTemplate: 'volume size per tier',
  podSecurityContext: 'non-root pod',
  securityContext: 'non-root container without capabilities',
  antiAffinity: 'soft on dev, hard (one node per host) on staging and prod',
};

const render = (input: Tree) => renderCommonsGitOps(input);
const documentsOf = (text: string) => parseAllDocuments(text).map((document) => document.toJS() as Tree);
const commonsApplication = (input: Tree) =>
  documentsOf(render(input).files['app.yaml']).find((doc) => doc.metadata.name === `gen3-${input.commons}`)!;
const elasticSourceOf = (input: Tree) =>
  (commonsApplication(input).spec.sources as Tree[]).find((source) => source.chart === 'elasticsearch');
const gen3ValuesOf = (input: Tree) => parseYaml(render(input).files['values.yaml']) as Tree;

/** A fixture whose plugin reported `endpoint` as its search. */
function withSearch(fixture: GoldenFixture, endpoint: string): Tree {
  const input = loadFixture(fixture);
  input.outputs.es_endpoint = endpoint;
  return input;
}

const IN_CLUSTER: GoldenFixture[] = ['azure', 'gcp', 'digitalocean'];

describe('Elasticsearch 7 on the cluster', () => {
  it.each(IN_CLUSTER)(
    '%s: the commons Application installs elastic’s chart 7.10.2, the one gen3 pins',
    (fixture) => {
      const input = loadFixture(fixture);
      const source = elasticSourceOf(input)!;
      expect(source).toMatchObject({
        repoURL: 'https://helm.elastic.co',
        chart: 'elasticsearch',
        targetRevision: '7.10.2',
        helm: { releaseName: 'gen3-elasticsearch' },
      });
      const pinned = (umbrellaChart.dependencies as Tree[]).find((dep) => dep.name === 'elasticsearch')!;
      expect([source.repoURL, source.targetRevision]).toEqual([pinned.repository, pinned.version]);
      // search.yaml (its NetworkPolicy) comes from the commons' GitOps folder, synced by the same Application.
      const app = commonsApplication(input);
      expect(app.spec.sources).toContainEqual({
        repoURL: input.gitopsRepoUrl,
        targetRevision: 'HEAD',
        path: `${input.org}/${input.commons}`,
        directory: { include: 'search.yaml' },
      });
      expect(render(input).files[SEARCH_FILE_NAME]).toBeDefined();
      expect(() => new Application(app as never).validate()).not.toThrow();
      // The org's AppProject lets its Applications read elastic's chart repository.
      const project = orgProjectWith(input.org, input.gitopsRepoUrl, undefined, []);
      for (const { repoURL } of app.spec.sources as Tree[])
        expect(project.spec.sourceRepos).toContain(repoURL);
    },
  );

  it.each(IN_CLUSTER)('%s: every value set is a key of elastic’s 7.10.2 chart', (fixture) => {
    const values = elasticSourceOf(loadFixture(fixture))!.helm.valuesObject as Tree;
    const gen3Block = umbrellaValues.elasticsearch as Tree;
    const unknown = Object.keys(values).filter(
      (key) => !Object.hasOwn(gen3Block, key) && !Object.hasOwn(ELASTIC_CHART_KEYS_BEYOND_GEN3, key),
    );
    expect(unknown).toEqual([]);
    // What gen3's block gives the subchart is kept: Gen3's image and the cluster name its services expect.
    expect(values).toMatchObject({
      image: gen3Block.image,
      imageTag: gen3Block.imageTag,
      clusterName: gen3Block.clusterName,
    });
    expect(values.esConfig['elasticsearch.yml']).toContain('node.store.allow_mmap: false');
  });

  it('sizes search per tier: one soft-placed node on dev, three nodes on separate hosts on prod', () => {
    const dev = elasticSourceOf(loadFixture('gcp'))!.helm.valuesObject as Tree; // tier dev
    const prod = elasticSourceOf(loadFixture('digitalocean'))!.helm.valuesObject as Tree; // tier prod
    expect(dev).toMatchObject({ replicas: 1, minimumMasterNodes: 1, antiAffinity: 'soft' });
    expect(dev.clusterHealthCheckParams).toContain('wait_for_status=yellow');
    expect(prod).toMatchObject({ replicas: 3, minimumMasterNodes: 2, antiAffinity: 'hard' });
    expect(prod.clusterHealthCheckParams).toContain('wait_for_status=green');
    for (const values of [dev, prod]) {
      // Data survives a restart, on the cluster's default storage class (no class named).
      expect(values.persistence).toEqual({ enabled: true });
      expect(values.volumeClaimTemplate.storageClassName).toBeUndefined();
      // Nothing runs as root or privileged.
      expect(values.sysctlInitContainer).toEqual({ enabled: false });
      expect(values.podSecurityContext.runAsNonRoot).toBe(true);
      expect(values.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
      expect(values.securityContext.runAsUser).not.toBe(0);
      expect(values.protocol).toBe('http');
      expect(values.service).toEqual({ type: 'ClusterIP' });
    }
  });

  it.each([
    ['azure', undefined],
    ['digitalocean', undefined],
    // The bare service name, as the gcp plugin reports it (its fixture enables none of these charts).
    ['azure', 'http://gen3-elasticsearch-master:9200'],
  ] as Array<[GoldenFixture, string | undefined]>)(
    '%s (%s): etl, guppy and metadata are pointed at the service it creates',
    (fixture, endpoint) => {
      const input = endpoint ? withSearch(fixture, endpoint) : loadFixture(fixture);
      const values = gen3ValuesOf(input);
      const host = values.etl.esEndpoint as string;
      // The service is <clusterName>-<nodeGroup>; a longer name must be that service in this namespace.
      expect(host.split('.')[0]).toBe('gen3-elasticsearch-master');
      if (host.includes('.')) expect(host.split('.')[1]).toBe(input.commons);
      expect(values.guppy.esEndpoint).toBe(`${host}:9200`);
      expect(values.metadata.esEndpoint).toBe(`http://${host}:9200`);
      expect(values.metadata.esEndpoint).toBe(new URL(input.outputs.es_endpoint).href.replace(/\/$/, ''));
    },
  );

  it('an existing cluster whose search endpoint names the service in its namespace gets it too', () => {
    const input = withSearch('kubernetes', 'http://gen3-elasticsearch-master.heart.svc:9200');
    expect(elasticSourceOf(input)).toBeDefined();
    expect(render(input).files[SEARCH_FILE_NAME]).toBeDefined();
  });
});

describe('external search', () => {
  it.each([
    ['kubernetes', undefined],
    ['azure', 'https://gen3-es-http.elastic.svc:9200'],
    ['azure', 'http://elasticsearch-master.elastic.svc:9200'],
    // The same service name in another namespace is someone else's Elasticsearch.
    ['digitalocean', 'http://gen3-elasticsearch-master.search.svc.cluster.local:9200'],
  ] as Array<[GoldenFixture, string | undefined]>)(
    '%s with %s renders no Elasticsearch and keeps the endpoint',
    (fixture, endpoint) => {
      const input = endpoint ? withSearch(fixture, endpoint) : loadFixture(fixture);
      const rendered = render(input);
      expect(elasticSourceOf(input)).toBeUndefined();
      expect(rendered.files[SEARCH_FILE_NAME]).toBeUndefined();
      expect(rendered.files['app.yaml']).not.toContain('helm.elastic.co');
      const url = new URL(input.outputs.es_endpoint);
      expect(gen3ValuesOf(input).guppy.esEndpoint).toBe(`${url.hostname}:${url.port || 443}`);
    },
  );

  it.each(['aws', 'sim'] as GoldenFixture[])('%s keeps its managed search behind aws-es-proxy', (fixture) => {
    const rendered = render(loadFixture(fixture));
    expect(rendered.files['app.yaml']).not.toContain('helm.elastic.co');
    expect(rendered.files[SEARCH_FILE_NAME]).toBeUndefined();
  });

  it('refuses an endpoint naming the in-cluster service with a scheme or port it does not serve', () => {
    for (const endpoint of [
      'https://gen3-elasticsearch-master:9200',
      'http://gen3-elasticsearch-master.lung.svc.cluster.local:9300',
      'http://gen3-elasticsearch-master',
      'http://gen3-elasticsearch-master:9200/prefix',
    ]) {
      let error: unknown;
      try {
        render(withSearch('gcp', endpoint));
      } catch (caught) {
        error = caught;
      }
      expect(error, endpoint).toBeInstanceOf(InputError);
      const details = (error as InputError).details ?? [];
      expect(details.map((detail) => detail.field)).toEqual(['outputs.es_endpoint']);
      expect(details[0]!.message).toMatch(/http:\/\/gen3-elasticsearch-master:9200/);
    }
  });
});

interface Pod {
  namespace: string;
  labels: Record<string, string>;
}

const matchesLabels = (selector: Tree | undefined, labels: Record<string, string>) =>
  Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).every(
    ([key, value]) => labels[key] === value,
  ) && !selector?.matchExpressions;

/**
 * Whether NetworkPolicy `policy` admits `client` to `target` on `port` (Kubernetes semantics for the peers
 * it may contain: a podSelector alone selects pods of the policy's namespace; a namespaceSelector or ipBlock
 * reaches beyond it).
 */
function admits(policy: Tree, target: Pod, client: Pod, port: number): boolean {
  if (
    target.namespace !== policy.metadata.namespace ||
    !matchesLabels(policy.spec.podSelector, target.labels)
  )
    return true; // not selected: not isolated by this policy
  return (policy.spec.ingress as Tree[]).some((rule) => {
    const portAllowed = !rule.ports || (rule.ports as Tree[]).some((entry) => entry.port === port);
    const peerAllowed =
      !rule.from ||
      (rule.from as Tree[]).some((peer) => {
        if (peer.ipBlock) return true;
        // A namespaceSelector (even one with labels) can match another namespace: count it as admitting.
        const namespaceOk = peer.namespaceSelector ? true : client.namespace === policy.metadata.namespace;
        return namespaceOk && (!peer.podSelector || matchesLabels(peer.podSelector, client.labels));
      });
    return portAllowed && peerAllowed;
  });
}

describe('the NetworkPolicy of in-cluster search', () => {
  const input = loadFixture('digitalocean');
  const [policy] = documentsOf(render(input).files[SEARCH_FILE_NAME]!);
  const namespace = input.commons as string;
  const elasticsearch: Pod = { namespace, labels: { app: 'gen3-elasticsearch-master' } };

  it('is a valid NetworkPolicy of the commons namespace selecting the Elasticsearch pods', () => {
    expect(documentsOf(render(input).files[SEARCH_FILE_NAME]!)).toHaveLength(1);
    expect(() => new NetworkPolicy(policy as never).validate()).not.toThrow();
    expect(policy!.metadata.namespace).toBe(namespace);
    expect(policy!.spec.policyTypes).toEqual(['Ingress']);
    expect(admits(policy!, elasticsearch, { namespace: 'other', labels: {} }, 9200)).toBe(false);
  });

  it('admits every pod of the namespace on 9200 and nothing from another namespace', () => {
    const guppy: Pod = { namespace, labels: { app: 'guppy' } };
    const etlJob: Pod = { namespace, labels: {} };
    expect(admits(policy!, elasticsearch, guppy, 9200)).toBe(true);
    expect(admits(policy!, elasticsearch, etlJob, 9200)).toBe(true);
    for (const outsider of [
      { namespace: 'other-commons', labels: { app: 'guppy' } },
      { namespace: 'kube-system', labels: { app: 'gen3-elasticsearch-master' } },
    ]) {
      expect(admits(policy!, elasticsearch, outsider, 9200), outsider.namespace).toBe(false);
    }
    // No peer reaches beyond the namespace (no namespaceSelector, no ipBlock).
    for (const rule of policy!.spec.ingress as Tree[]) {
      for (const peer of rule.from as Tree[]) expect(Object.keys(peer)).toEqual(['podSelector']);
    }
  });

  it('opens the transport port only between the Elasticsearch nodes', () => {
    expect(admits(policy!, elasticsearch, elasticsearch, 9300)).toBe(true);
    expect(admits(policy!, elasticsearch, { namespace, labels: { app: 'guppy' } }, 9300)).toBe(false);
    expect(admits(policy!, elasticsearch, { namespace, labels: { app: 'guppy' } }, 22)).toBe(false);
  });
});

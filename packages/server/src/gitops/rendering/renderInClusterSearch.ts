// Elasticsearch 7 on the cluster for the clouds without a managed search service CSOC uses (azure, gcp,
// digitalocean, kubernetes): elastic's `elasticsearch` chart 7.10.2 — the subchart gen3's umbrella chart
// only turns on with global.dev — as a source of the commons' Argo CD Application, in the commons namespace,
// plus a NetworkPolicy (search.yaml) that lets only the namespace's pods reach it. See docs/adr/0063.
//
// The plugin's es_endpoint says where search lives: the chart's service in the commons namespace
// (gen3-elasticsearch-master, plain HTTP on 9200, what tube, guppy and metadata default to) means "run it
// here"; any other URL is an Elasticsearch the operator runs, and nothing is rendered for it.
import { usesAwsShape, type GitOpsRenderContext } from './gitopsRenderContext.ts';

type Manifest = Record<string, unknown>;

export const ELASTIC_HELM_REPOSITORY = 'https://helm.elastic.co';
/** The version gen3's umbrella chart pins for its `elasticsearch` dependency (gen3/Chart.yaml). */
export const ELASTICSEARCH_CHART_VERSION = '7.10.2';
/** gen3's values give the subchart this clusterName; with nodeGroup `master` the service is `<it>-master`. */
export const ELASTICSEARCH_CLUSTER_NAME = 'gen3-elasticsearch';
export const ELASTICSEARCH_NODE_GROUP = 'master';
/** The service (and the pods' `app` label) elastic's chart creates: `<clusterName>-<nodeGroup>`. */
export const IN_CLUSTER_SEARCH_SERVICE = `${ELASTICSEARCH_CLUSTER_NAME}-${ELASTICSEARCH_NODE_GROUP}`;
export const ELASTICSEARCH_HTTP_PORT = 9200;
/** Node-to-node traffic of a multi-node cluster. */
export const ELASTICSEARCH_TRANSPORT_PORT = 9300;
/** The GitOps file holding the NetworkPolicy, synced by the Elasticsearch Application. */
export const SEARCH_FILE_NAME = 'search.yaml';

export type SearchPlacement = 'in-cluster' | 'external';

/**
 * True when `hostname` names the chart's service in `namespace`: bare (resolved through the pod's search
 * domain), `<service>.<namespace>`, `.svc` or `.svc.cluster.local`.
 */
export function namesInClusterSearchService(hostname: string, namespace: string): boolean {
  const service = IN_CLUSTER_SEARCH_SERVICE;
  const inNamespace = `${service}.${namespace}`;
  return [service, inNamespace, `${inNamespace}.svc`, `${inNamespace}.svc.cluster.local`].includes(hostname);
}

/**
 * Where the commons' search runs. AWS-shaped clouds use a managed OpenSearch domain (aws-es-proxy); elsewhere
 * an es_endpoint naming the in-namespace service is served by the Elasticsearch this module renders.
 * Validation has refused an endpoint that names that service with another scheme or port.
 */
export function searchPlacement(context: GitOpsRenderContext): SearchPlacement {
  if (usesAwsShape(context.cloud)) return 'external';
  const url = new URL((context.input.outputs as { es_endpoint: string }).es_endpoint);
  return namesInClusterSearchService(url.hostname, context.namespace) ? 'in-cluster' : 'external';
}

/** Why an es_endpoint naming the in-cluster service cannot be served by it; undefined when it can. */
export function inClusterSearchEndpointProblem(endpoint: string, namespace: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined; // not a URL: the URL check reports it
  }
  if (!namesInClusterSearchService(url.hostname, namespace)) return undefined;
  if (url.protocol !== 'http:' || url.port !== String(ELASTICSEARCH_HTTP_PORT)) {
    return (
      `names the in-cluster Elasticsearch (${IN_CLUSTER_SEARCH_SERVICE}), which serves plain HTTP on ` +
      `${ELASTICSEARCH_HTTP_PORT}: use http://${IN_CLUSTER_SEARCH_SERVICE}:${ELASTICSEARCH_HTTP_PORT}, or the URL ` +
      'of an Elasticsearch 7 you run elsewhere'
    );
  }
  if (url.pathname !== '/' || url.search || url.username || url.password) {
    return `must be http://${IN_CLUSTER_SEARCH_SERVICE}:${ELASTICSEARCH_HTTP_PORT} with no path, query or credentials`;
  }
  return undefined;
}

/** Sizing per tier: dev runs one node, staging and prod a three-node cluster that survives losing one. */
function tierSizing(tier: GitOpsRenderContext['input']['tier']) {
  if (tier === 'dev') {
    return { replicas: 1, heap: '1g', memory: '2Gi', cpu: '500m', storage: '30Gi', antiAffinity: 'soft' };
  }
  return { replicas: 3, heap: '2g', memory: '4Gi', cpu: '1', storage: '100Gi', antiAffinity: 'hard' };
}

/**
 * Values of elastic's chart: gen3's own `elasticsearch:` block (image, clusterName, esConfig, resources…)
 * made fit for a real commons. Every key is one elastic's 7.10.2 chart declares
 * (renderInClusterSearch.test.ts checks them against gen3's block and ELASTIC_CHART_KEYS_BEYOND_GEN3).
 */
export function elasticsearchValues(context: GitOpsRenderContext): Manifest {
  const sizing = tierSizing(context.input.tier);
  const singleNode = sizing.replicas === 1;
  return {
    image: 'quay.io/cdis/elasticsearch',
    imageTag: ELASTICSEARCH_CHART_VERSION,
    clusterName: ELASTICSEARCH_CLUSTER_NAME,
    nodeGroup: ELASTICSEARCH_NODE_GROUP,
    replicas: sizing.replicas,
    // A majority of the master-eligible nodes (ES 7 computes its own quorum; the chart still passes it).
    minimumMasterNodes: Math.floor(sizing.replicas / 2) + 1,
    // One node can only be yellow (no replica shards); three are green.
    clusterHealthCheckParams: `wait_for_status=${singleNode ? 'yellow' : 'green'}&timeout=1s`,
    // The chart's sysctl init container runs privileged as root to raise vm.max_map_count; without mmap the
    // node needs no such limit, so every container runs as the elasticsearch user.
    sysctlInitContainer: { enabled: false },
    esConfig: {
      'elasticsearch.yml': [
        '# Rendered by CSOC: no mmap, so no privileged sysctl init container is needed.',
        'node.store.allow_mmap: false',
        '',
      ].join('\n'),
    },
    esJavaOpts: `-Xmx${sizing.heap} -Xms${sizing.heap}`,
    resources: {
      requests: { cpu: sizing.cpu, memory: sizing.memory },
      limits: { memory: sizing.memory },
    },
    // Plain HTTP inside the namespace, as tube and guppy expect; the NetworkPolicy keeps other namespaces out.
    protocol: 'http',
    httpPort: ELASTICSEARCH_HTTP_PORT,
    transportPort: ELASTICSEARCH_TRANSPORT_PORT,
    service: { type: 'ClusterIP' },
    // No storageClassName: the claim gets the cluster's default class (managed-csi on AKS, standard-rwo on
    // GKE, do-block-storage on DOKS, whatever an existing cluster marks default).
    persistence: { enabled: true },
    volumeClaimTemplate: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: sizing.storage } },
    },
    podSecurityContext: { fsGroup: 1000, runAsUser: 1000, runAsNonRoot: true },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
    // Soft on dev (a one-node cluster schedules anywhere); hard elsewhere: one node per host, so losing a
    // host loses one copy of the data.
    antiAffinity: sizing.antiAffinity,
    // One node down at a time (drains and upgrades stay possible; the dev node accepts the downtime).
    maxUnavailable: 1,
  };
}

/** The Helm source of the commons Application that installs elastic's chart (renderArgoApplications.ts). */
export function elasticsearchSource(context: GitOpsRenderContext): Manifest {
  return {
    repoURL: ELASTIC_HELM_REPOSITORY,
    chart: 'elasticsearch',
    targetRevision: ELASTICSEARCH_CHART_VERSION,
    helm: { releaseName: ELASTICSEARCH_CLUSTER_NAME, valuesObject: elasticsearchValues(context) },
  };
}

/**
 * Only pods of the commons namespace reach the HTTP port; only the Elasticsearch pods reach each other's
 * transport port. A policy without a namespaceSelector admits nothing from other namespaces.
 */
export function searchNetworkPolicy(context: GitOpsRenderContext): Manifest {
  const elasticsearchPods = { matchLabels: { app: IN_CLUSTER_SEARCH_SERVICE } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `${IN_CLUSTER_SEARCH_SERVICE}-namespace-only`,
      namespace: context.namespace,
      labels: context.labels,
    },
    spec: {
      podSelector: elasticsearchPods,
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: {} }],
          ports: [{ protocol: 'TCP', port: ELASTICSEARCH_HTTP_PORT }],
        },
        {
          from: [{ podSelector: elasticsearchPods }],
          ports: [{ protocol: 'TCP', port: ELASTICSEARCH_TRANSPORT_PORT }],
        },
      ],
    },
  };
}

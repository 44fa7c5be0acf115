// The commons' telemetry agent: gen3-helm's `alloy` chart (Grafana Alloy) as one more source of the commons'
// Argo CD Application, configured to receive OTLP from the Gen3 services, scrape the services that expose
// Prometheus metrics, and export everything over OTLP/HTTP to CSOC's `/otlp` with the commons' ingest
// credential. The credential is never rendered: an ExternalSecret (secrets.yaml) copies it from the cloud's
// secret manager, where CSOC's delivery put it, into a Secret the agent mounts (docs/adr/0040).
import semver from 'semver';
import type { FieldErrorDetail } from '../../errors.ts';
import type { CommonsGitOpsInput } from './commonsGitOpsInput.ts';
import {
  EXTERNAL_SECRETS_API_VERSION,
  GEN3_HELM_REPOSITORY,
  SECRET_STORE_NAME,
  remoteKey,
  type GitOpsRenderContext,
} from './gitopsRenderContext.ts';
import type { Gen3Release } from '../releases/releaseCatalogTypes.ts';

type Manifest = Record<string, unknown>;

/** Name of the ExternalSecret, of the Kubernetes Secret it writes, and (after the prefix) of the remote entry. */
export const TELEMETRY_INGEST_SECRET = 'csoc-telemetry-ingest';
/** The one property of the remote entry (and key of the Secret): the `csoc_otlp_…` bearer token. */
export const TELEMETRY_INGEST_TOKEN_PROPERTY = 'token';
/** Where the agent's container mounts the Secret; Alloy re-reads the file when ESO refreshes it (rotation). */
export const TELEMETRY_TOKEN_DIR = '/etc/csoc-telemetry';
/**
 * How often ESO re-reads the entry: a rotated credential reaches the agent within this plus the kubelet's
 * Secret refresh (about a minute), instead of the 5 minutes of the Gen3 secrets.
 */
export const TELEMETRY_SECRET_REFRESH_INTERVAL = '1m';

/** Remote key of a commons' ingest credential: `<environment>-<namespace>-csoc-telemetry-ingest`. */
export function telemetryIngestRemoteKey(environment: string, namespace: string): string {
  return remoteKey(environment, namespace, TELEMETRY_INGEST_SECRET);
}

/** Helm release name of the agent (its resources are named after it; unique per namespace). */
export const telemetryAgentReleaseName = (commons: string) => `alloy-${commons}`;

/**
 * Problems with the telemetry input: the endpoint must be CSOC's `/otlp` over https (http only for the
 * simulator), without credentials in it; the chart version must be the one the release pins.
 */
export function telemetryAgentProblems(input: CommonsGitOpsInput, release?: Gen3Release): FieldErrorDetail[] {
  const telemetry = input.telemetry;
  if (!telemetry) return [];
  const problems: FieldErrorDetail[] = [];
  let url: URL | undefined;
  try {
    url = new URL(telemetry.endpoint);
  } catch {
    url = undefined;
  }
  const protocols = input.cloud === 'sim' ? ['https:', 'http:'] : ['https:'];
  if (!url || !protocols.includes(url.protocol) || !url.hostname) {
    problems.push({
      field: 'telemetry.endpoint',
      message: `must be CSOC's OTLP URL, https://<CSOC_PUBLIC_URL host>/otlp (http:// only for the simulator)`,
    });
  } else if (url.username || url.password || url.search) {
    problems.push({
      field: 'telemetry.endpoint',
      message:
        'must not carry credentials or a query: the agent authenticates with the ingest credential from the secret manager',
    });
  } else if (!url.pathname.replace(/\/+$/, '').endsWith('/otlp')) {
    problems.push({
      field: 'telemetry.endpoint',
      message: 'must end with /otlp (the agent appends /v1/metrics, /v1/traces, /v1/logs)',
    });
  }
  const pinned = release?.chartVersions.alloy;
  if (!semver.valid(telemetry.alloyChartVersion)) {
    problems.push({
      field: 'telemetry.alloyChartVersion',
      message: `must be a chart version (semver)${pinned ? `: release ${release!.version} deploys alloy ${pinned}` : ''}`,
    });
  } else if (pinned && telemetry.alloyChartVersion !== pinned) {
    problems.push({
      field: 'telemetry.alloyChartVersion',
      message: `must be ${pinned}, the alloy chart version Gen3 release ${release!.version} deploys (the release catalog pins it)`,
    });
  }
  return problems;
}

/** The agent as a source of the commons' Application (undefined when the input asks for no agent). */
export function telemetryAgentSource(context: GitOpsRenderContext): Manifest | undefined {
  const telemetry = context.input.telemetry;
  if (!telemetry) return undefined;
  return {
    repoURL: GEN3_HELM_REPOSITORY,
    chart: 'alloy',
    targetRevision: telemetry.alloyChartVersion,
    helm: {
      releaseName: telemetryAgentReleaseName(context.input.commons),
      valuesObject: telemetryAgentValues(context),
    },
  };
}

/**
 * Values of gen3-helm's alloy chart: its own `alloy.alloyConfigmapData` (the ConfigMap `alloy-gen3` its
 * template writes) and, under `alloy.`, the values of Grafana's alloy subchart it wraps. Keys the wrapper's
 * values.yaml does not declare are listed in ALLOY_VALUES_PASS_THROUGH; renderedValuesMatchCharts checks both.
 */
export function telemetryAgentValues(context: GitOpsRenderContext): Manifest {
  return {
    alloy: {
      controller: {
        type: 'deployment',
        // The chart pins its pods to us-east-1a; null removes that (Helm deletes a key set to null), so the
        // agent schedules in whatever zone and cloud the commons runs.
        affinity: { nodeAffinity: null },
        volumes: {
          extra: [
            {
              name: TELEMETRY_INGEST_SECRET,
              secret: { secretName: TELEMETRY_INGEST_SECRET },
            },
          ],
        },
      },
      alloy: {
        mounts: {
          extra: [{ name: TELEMETRY_INGEST_SECRET, mountPath: TELEMETRY_TOKEN_DIR, readOnly: true }],
        },
        // One replica per commons: clustering would only split the scrape targets of one namespace.
        clustering: { enabled: false },
        resources: { requests: { cpu: '100m', memory: '256Mi' } },
      },
      alloyConfigmapData: alloyConfig(context),
    },
  };
}

/**
 * Values of Grafana's alloy subchart (0.9.1, the dependency gen3-helm's alloy/Chart.yaml pins) that the wrapper's
 * values.yaml does not repeat, so the key check (renderedValuesMatchCharts.test.ts) cannot find them there.
 */
export const ALLOY_VALUES_PASS_THROUGH = [
  {
    path: 'alloy.controller.volumes.extra',
    reason:
      "grafana/alloy chart: extra volumes of the agent's pod (the Secret holding the ingest credential)",
  },
  {
    path: 'alloy.alloy.mounts.extra',
    reason:
      'grafana/alloy chart: extra mounts of the alloy container (where the credential file is read from)',
  },
];

/** The ExternalSecret that copies the ingest credential from the secret manager into the agent's Secret. */
export function telemetryIngestExternalSecret(context: GitOpsRenderContext): Manifest | undefined {
  if (!context.input.telemetry) return undefined;
  return {
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: 'ExternalSecret',
    metadata: {
      name: TELEMETRY_INGEST_SECRET,
      namespace: context.namespace,
      labels: { ...context.labels, 'csoc.gen3.org/service': 'alloy' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-1' },
    },
    spec: {
      refreshInterval: TELEMETRY_SECRET_REFRESH_INTERVAL,
      secretStoreRef: { kind: 'SecretStore', name: SECRET_STORE_NAME },
      target: { name: TELEMETRY_INGEST_SECRET, creationPolicy: 'Owner' },
      data: [
        {
          secretKey: TELEMETRY_INGEST_TOKEN_PROPERTY,
          remoteRef: {
            key: telemetryIngestRemoteKey(context.environment, context.namespace),
            property: TELEMETRY_INGEST_TOKEN_PROPERTY,
          },
        },
      ],
    },
  };
}

/** Alloy configuration syntax; strings are JSON-quoted, which Alloy's string literals accept. */
function alloyConfig(context: GitOpsRenderContext): string {
  const quote = (value: string) => JSON.stringify(value);
  const endpoint = context.input.telemetry!.endpoint.replace(/\/+$/, '');
  return `// Rendered by CSOC for commons ${context.input.org}/${context.input.commons}: OTLP from the Gen3 services and
// the Prometheus metrics of annotated pods, exported over OTLP/HTTP to CSOC (docs/telemetry.md).

// OTLP from the Gen3 services (their OTEL_EXPORTER_OTLP_ENDPOINT is this agent's service, ports 4317/4318).
otelcol.receiver.otlp "gen3" {
  grpc {
    endpoint = "0.0.0.0:4317"
  }
  http {
    endpoint = "0.0.0.0:4318"
  }
  output {
    metrics = [otelcol.processor.batch.csoc.input]
    traces  = [otelcol.processor.batch.csoc.input]
    logs    = [otelcol.processor.batch.csoc.input]
  }
}

// Pods of this commons that expose Prometheus metrics (annotation prometheus.io/scrape: "true"): fence's
// gen3_fence_login and gen3_fence_presigned_url counters, the services' request duration histograms.
discovery.kubernetes "pods" {
  role = "pod"
  namespaces {
    names = [${quote(context.namespace)}]
  }
}

discovery.relabel "gen3_pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"]
    regex         = "true"
    action        = "keep"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_annotation_prometheus_io_path"]
    regex         = "(.+)"
    target_label  = "__metrics_path__"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"]
    regex         = "(\\\\d+);((([0-9]+?)(\\\\.|$)){4})"
    replacement   = "$2:$1"
    target_label  = "__address__"
  }
  // The job becomes the OTLP service.name CSOC summarizes by: the Gen3 service (pod label app).
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app"]
    target_label  = "job"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "instance"
  }
}

prometheus.scrape "gen3" {
  targets         = discovery.relabel.gen3_pods.output
  scrape_interval = "30s"
  forward_to      = [otelcol.receiver.prometheus.gen3.receiver]
}

otelcol.receiver.prometheus "gen3" {
  output {
    metrics = [otelcol.processor.batch.csoc.input]
  }
}

otelcol.processor.batch "csoc" {
  output {
    metrics = [otelcol.exporter.otlphttp.csoc.input]
    traces  = [otelcol.exporter.otlphttp.csoc.input]
    logs    = [otelcol.exporter.otlphttp.csoc.input]
  }
}

// The commons' ingest credential, mounted from the Secret External Secrets copies from the secret manager;
// re-read when it changes, so a rotation needs no restart.
local.file "csoc_ingest_token" {
  filename  = ${quote(`${TELEMETRY_TOKEN_DIR}/${TELEMETRY_INGEST_TOKEN_PROPERTY}`)}
  is_secret = true
}

otelcol.auth.bearer "csoc" {
  token = local.file.csoc_ingest_token.content
}

otelcol.exporter.otlphttp "csoc" {
  client {
    endpoint    = ${quote(endpoint)}
    auth        = otelcol.auth.bearer.csoc.handler
    compression = "gzip"
  }
}
`;
}

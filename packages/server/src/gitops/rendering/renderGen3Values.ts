// Builds values.yaml for the gen3 umbrella chart: global settings for a real (non-dev) commons, every
// toggleable dependency switched on or off explicitly, every enabled image pinned from the release catalog,
// secrets wired by name only, ingress/TLS/WAF and workload identity from the plugin outputs.
import type {
  AwsOutputs,
  AzureOutputs,
  DigitalOceanOutputs,
  GcpOutputs,
  KubernetesOutputs,
  LoginProvider,
} from './commonsGitOpsInput.ts';
import {
  EXTERNAL_SECRETS_API_VERSION,
  usesAwsShape,
  type GitOpsRenderContext,
} from './gitopsRenderContext.ts';
import { COMMONS_SERVICE_ACCOUNT_ROLES, rolePathAndName } from './awsServiceAccountRoles.ts';
import {
  DEFAULT_DISCOVERY_URLS,
  loginProviderId,
  parseUserYamlSource,
} from './validateCommonsGitOpsInput.ts';

type Values = Record<string, unknown>;

/** Service accounts that get a cloud identity on Azure and GCP (their fixed identity map). */
const IDENTITY_CHARTS = ['audit', 'fence', 'hatchery', 'manifestservice'] as const;

/** Charts that query Elasticsearch directly. */
const ELASTICSEARCH_CHARTS = ['etl', 'guppy', 'metadata'] as const;

export function renderGen3Values(context: GitOpsRenderContext): Values {
  const { input, enabled } = context;
  const values: Values = { global: renderGlobal(context) };

  for (const [chart, info] of Object.entries(context.charts)) {
    if (info.toggle) values[chart] = { enabled: enabled.includes(chart) };
  }
  for (const chart of enabled) {
    const chartValues = values[chart] as Values;
    for (const [valuesPath, image] of Object.entries(context.release.images[chart] ?? {})) {
      setPath(chartValues, `${valuesPath}.repository`, image.repository);
      setPath(chartValues, `${valuesPath}.tag`, image.tag);
    }
  }
  renderJobImages(context, values);
  for (const secret of context.serviceSecrets) {
    if (secret.valuesPath) setPath(values[secret.chart] as Values, secret.valuesPath, secret.remoteKey);
  }
  renderServiceIdentities(context, values);
  renderElasticsearch(context, values);
  if (enabled.includes('fence')) renderFence(context, values.fence as Values);
  if (enabled.includes('indexd')) setPath(values.indexd as Values, 'defaultPrefix', input.gen3.guidPrefix);
  // The CSOC manages no Stata license: stop hatchery rendering an ExternalSecret for one (nothing mounts it;
  // the flag only switches that ExternalSecret off).
  if (enabled.includes('hatchery')) {
    setPath(values.hatchery as Values, 'externalSecrets.createK8sStataSecret', true);
  }
  if (enabled.includes('portal')) renderPortal(context, values.portal as Values);
  if (usesAwsShape(context.cloud)) renderAwsQueues(context, values);
  if (enabled.includes('revproxy')) renderRevproxyIngress(context, values.revproxy as Values);

  for (const [chart, overrides] of Object.entries(input.gen3.serviceOverrides ?? {})) {
    values[chart] = deepMerge(values[chart] as Values, overrides);
  }
  return values;
}

function renderGlobal(context: GitOpsRenderContext): Values {
  const { input, cloud } = context;
  const global: Values = {
    dev: false,
    environment: context.environment,
    clusterName: context.environment,
    hostname: input.gen3.hostname,
    dictionaryUrl: input.gen3.dictionaryUrl,
    tierAccessLevel: input.gen3.tierAccessLevel,
    pdb: input.tier === 'prod',
    externalSecrets: { deploy: true, apiVersion: EXTERNAL_SECRETS_API_VERSION },
    // gen3-helm's dbcreate jobs would need the database master credentials in the commons namespace; the
    // CSOC bootstrap step creates the databases and roles instead (docs/adr/0027-commons-secrets-and-databases.md).
    postgres: {
      dbCreate: false,
      master: { host: databaseHost(context), port: '5432' },
    },
  };
  const buckets = input.outputs.buckets;
  if (buckets?.data) global.dataUploadBucket = buckets.data;

  if (usesAwsShape(cloud)) {
    const outputs = input.outputs as AwsOutputs;
    global.revproxyArn = outputs.certificate_arn;
    global.aws = {
      enabled: true,
      region: outputs.region,
      // Templates build role ARNs from it (hatchery, sower, aws-es-proxy); without it they read arn:aws:iam:::.
      account: outputs.account_id,
      // The simulator has no IRSA: its SecretStore reads Kubernetes secrets (see renderSecrets).
      secretStoreServiceAccount:
        cloud === 'aws'
          ? { enabled: true, name: 'secret-store-sa', roleArn: outputs.role_arns.external_secrets }
          : { enabled: false },
      wafv2: outputs.waf_arn ? { enabled: true, wafAclArn: outputs.waf_arn } : { enabled: false },
    };
  } else if (cloud === 'gcp') {
    const outputs = input.outputs as GcpOutputs;
    global.gcp = {
      enabled: true,
      projectID: outputs.project_id,
      secretStoreServiceAccount: outputs.service_accounts.external_secrets,
    };
  }
  return global;
}

function databaseHost(context: GitOpsRenderContext): string {
  const outputs = context.input.outputs;
  return 'aurora_writer_endpoint' in outputs ? outputs.aurora_writer_endpoint : outputs.postgres_host;
}

/**
 * Job and sidecar images the charts take as one `repository:tag` string default to `master` or an old tag:
 * pin them from the release like the services (ssjdispatcher's indexing job, sower's jobs, hatchery's
 * workspace sidecar, the awshelper image of Gen3's jobs).
 */
function renderJobImages(context: GitOpsRenderContext, values: Values): void {
  const { jobImages } = context.release;
  const reference = (image: { repository: string; tag: string } | undefined) =>
    image ? `${image.repository}:${image.tag}` : undefined;
  const enabled = (chart: string) => context.enabled.includes(chart);
  const indexing = reference(jobImages.indexs3client);
  if (enabled('ssjdispatcher') && indexing) setPath(values.ssjdispatcher as Values, 'indexing', indexing);
  const sidecar = reference(jobImages['gen3fuse-sidecar']);
  if (enabled('hatchery') && sidecar)
    setPath(values.hatchery as Values, 'hatchery.sidecarContainer.image', sidecar);
  const sowerConfig = context.charts.sower?.sowerConfig;
  if (enabled('sower') && sowerConfig) {
    (values.sower as Values).sowerConfig = sowerConfig.map((job) => {
      const container = (job.container ?? {}) as Values;
      const current = typeof container.image === 'string' ? container.image : '';
      const name = current
        .replace(/:[^:/]*$/, '')
        .split('/')
        .pop() as keyof typeof jobImages;
      const pinned = reference(jobImages[name]);
      return pinned ? { ...job, container: { ...container, image: pinned } } : job;
    });
  }
  const awshelper = reference(jobImages.awshelper);
  if (awshelper) {
    (values.global as Values).awshelper_container_image = awshelper;
    if (enabled('fence')) setPath(values.fence as Values, 'usersync.custom_image', awshelper);
    if (enabled('etl')) setPath(values.etl as Values, 'esGarbageCollect.custom_image', awshelper);
  }
}

/**
 * AWS: each role of the plugin's role map goes where gen3-helm reads the role of the service account it
 * trusts (awsServiceAccountRoles.ts; validation has refused roles no chart could use).
 */
function renderAwsServiceIdentities(context: GitOpsRenderContext, values: Values): void {
  const outputs = context.input.outputs as AwsOutputs;
  const globalAws = (values.global as Values).aws as Values;
  for (const [key, roleArn] of Object.entries(outputs.role_arns).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const account = outputs.service_accounts[key];
    if (!account || account.namespace !== context.namespace) continue;
    const wiring = COMMONS_SERVICE_ACCOUNT_ROLES[account.name];
    if (!wiring || !('chart' in wiring) || !context.enabled.includes(wiring.chart)) continue;
    if (wiring.kind === 'annotations') {
      setPath(values[wiring.chart] as Values, wiring.path, { 'eks.amazonaws.com/role-arn': roleArn });
    } else if (wiring.kind === 'globalRoleName') {
      globalAws[wiring.key] = rolePathAndName(roleArn);
    } else if (wiring.kind === 'globalRoleArn') {
      globalAws[wiring.key] = roleArn;
    }
  }
}

function renderServiceIdentities(context: GitOpsRenderContext, values: Values): void {
  const { cloud, input } = context;
  if (usesAwsShape(cloud)) {
    renderAwsServiceIdentities(context, values);
    return;
  }
  for (const chart of IDENTITY_CHARTS) {
    if (!context.enabled.includes(chart)) continue;
    let annotations: Record<string, string> | undefined;
    if (cloud === 'azure') {
      annotations = {
        'azure.workload.identity/client-id': (input.outputs as AzureOutputs).workload_identity_client_ids[
          chart
        ],
      };
    } else if (cloud === 'gcp') {
      annotations = {
        'iam.gke.io/gcp-service-account': (input.outputs as GcpOutputs).service_accounts[chart],
      };
    }
    if (annotations) setPath(values[chart] as Values, 'serviceAccount.annotations', annotations);
    // AKS injects the federated token only into pods labelled for it; the annotation alone is not enough.
    // Each identity chart renders `extraLabels` on its pods (common.extraLabels).
    if (cloud === 'azure') {
      setPath(values[chart] as Values, 'extraLabels', { 'azure.workload.identity/use': 'true' });
    }
  }
}

/** The audit service pulls fence's audit events, ssjdispatcher reads data-upload events: from the plugin's queues. */
function renderAwsQueues(context: GitOpsRenderContext, values: Values): void {
  const outputs = context.input.outputs as AwsOutputs;
  if (outputs.queues?.audit && context.enabled.includes('audit')) {
    setPath(values.audit as Values, 'server.pull_from_queue', true);
    setPath(values.audit as Values, 'server.type', 'aws_sqs');
    setPath(values.audit as Values, 'server.sqs', { region: outputs.region, url: outputs.queues.audit });
  }
  if (outputs.queues?.ssjdispatcher && context.enabled.includes('ssjdispatcher')) {
    const ssjdispatcher = values.ssjdispatcher as Values;
    setPath(ssjdispatcher, 'ssjcreds.sqsUrl', outputs.queues.ssjdispatcher);
    setPath(ssjdispatcher, 'ssjcreds.awsRegion', outputs.region);
    setPath(ssjdispatcher, 'ssjcreds.jobPattern', `s3://${outputs.buckets.data}/*`);
  }
}

function renderElasticsearch(context: GitOpsRenderContext, values: Values): void {
  const { cloud, input, enabled } = context;
  if (usesAwsShape(cloud)) {
    // aws-es-proxy signs requests to the OpenSearch domain and serves it in-cluster as
    // gen3-elasticsearch-master:9200, the default endpoint of etl, guppy and metadata.
    if (enabled.includes('aws-es-proxy')) {
      setPath(values['aws-es-proxy'] as Values, 'esEndpoint', (input.outputs as AwsOutputs).es_endpoint);
    }
    return;
  }
  const url = new URL(
    (input.outputs as AzureOutputs | GcpOutputs | DigitalOceanOutputs | KubernetesOutputs).es_endpoint,
  );
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const endpoints: Record<(typeof ELASTICSEARCH_CHARTS)[number], string> = {
    etl: url.hostname, // tube adds :9200 itself
    guppy: `${url.hostname}:${port}`,
    metadata: `${url.protocol}//${url.hostname}:${port}`,
  };
  for (const chart of ELASTICSEARCH_CHARTS) {
    if (enabled.includes(chart)) setPath(values[chart] as Values, 'esEndpoint', endpoints[chart]);
  }
}

function renderFence(context: GitOpsRenderContext, fence: Values): void {
  const { input } = context;
  setPath(fence, 'externalSecrets.fenceConfig', context.fenceConfigRemoteKey);
  setPath(fence, 'usersync.usersync', true);
  if (input.gen3.userYaml !== undefined) {
    // A user.yaml saved through CSOC (ADR 0078): the chart puts USER_YAML in the useryaml ConfigMap, and
    // usersync's awshelper copies that file instead of downloading one when the S3 path is 'none'.
    fence.USER_YAML = input.gen3.userYaml;
    setPath(fence, 'usersync.userYamlS3Path', 'none');
  } else {
    const userYaml = parseUserYamlSource(input.gen3.userYamlSource)!;
    setPath(fence, 'usersync.userYamlS3Path', userYaml.s3Path);
    if (userYaml.endpoint) setPath(fence, 'usersync.userYamlS3Endpoint', userYaml.endpoint);
  }

  // Public fence configuration: merged by fence at start over fence-config.yaml from the secret manager, which
  // carries the client secrets (see renderSecrets). Only ids, names and URLs here.
  const publicConfig: Values = {
    APP_NAME: input.gen3.portal.appName,
    BASE_URL: `https://${input.gen3.hostname}/user`,
  };
  if (usesAwsShape(context.cloud)) {
    // fence signs data URLs and uploads with its own role (IRSA): the buckets it serves need only their
    // region; DATA_UPLOAD_BUCKET must be one of S3_BUCKETS.
    const outputs = input.outputs as AwsOutputs;
    publicConfig.S3_BUCKETS = { [outputs.buckets.data]: { region: outputs.region } };
    publicConfig.DATA_UPLOAD_BUCKET = outputs.buckets.data;
    if (outputs.queues?.audit && context.enabled.includes('audit')) {
      publicConfig.ENABLE_AUDIT_LOGS = { presigned_url: true, login: true };
      publicConfig.PUSH_AUDIT_LOGS_CONFIG = {
        type: 'aws_sqs',
        aws_sqs_config: { sqs_url: outputs.queues.audit, region: outputs.region },
      };
    }
  }
  const providers = input.gen3.loginProviders;
  if (providers.length > 0) {
    const openIdConnect: Values = {};
    for (const provider of providers) openIdConnect[loginProviderId(provider)] = fenceIdp(context, provider);
    publicConfig.OPENID_CONNECT = openIdConnect;
    publicConfig.LOGIN_OPTIONS = providers.map((provider) => ({
      name: provider.name,
      idp: loginProviderId(provider),
    }));
    publicConfig.DEFAULT_LOGIN_IDP = loginProviderId(providers[0]!);
  }
  fence.FENCE_CONFIG_PUBLIC = publicConfig;
}

function fenceIdp(context: GitOpsRenderContext, provider: LoginProvider): Values {
  const id = loginProviderId(provider);
  return {
    name: provider.name,
    client_id: provider.clientId,
    discovery_url: provider.discoveryUrl ?? DEFAULT_DISCOVERY_URLS[provider.kind],
    redirect_url: `https://${context.input.gen3.hostname}/user/login/${id}/login`,
  };
}

function renderPortal(context: GitOpsRenderContext, portal: Values): void {
  const { appName, logoUrl, primaryColor } = context.input.gen3.portal;
  const navigationColor = primaryColor ?? '#a2a2a2';
  const navigation = [
    { icon: 'dictionary', link: '/DD', name: 'Dictionary' },
    { icon: 'exploration', link: '/explorer', name: 'Exploration' },
    { icon: 'query', link: '/query', name: 'Query' },
    { icon: 'profile', link: '/identity', name: 'Profile' },
  ].map((item) => ({ ...item, color: navigationColor }));
  const gitopsJson = {
    graphql: { boardCounts: [], chartCounts: [], projectDetails: 'boardCounts' },
    components: {
      appName,
      index: { introduction: { heading: appName, text: '', link: '/submission' }, buttons: [] },
      navigation: { title: appName, items: navigation },
      topBar: {
        items: [{ link: 'https://docs.gen3.org/gen3-resources/user-guide/', name: 'Documentation' }],
      },
      login: {
        title: appName,
        subTitle: 'Explore, Analyze, and Share Data',
        text: '',
        contact: '',
        email: '',
      },
      footerLogos: logoUrl
        ? [{ src: logoUrl, href: `https://${context.input.gen3.hostname}`, alt: appName }]
        : [],
    },
    requiredCerts: [],
    featureFlags: { explorer: false, noIndex: true, analysis: false, discovery: false },
  };
  setPath(portal, 'gitops.json', `${JSON.stringify(gitopsJson, null, 2)}\n`);
  if (primaryColor) {
    setPath(
      portal,
      'gitops.css',
      `/* CSOC portal branding */\n:root {\n  --csoc-primary-color: ${primaryColor};\n}\n`,
    );
  }
}

function renderRevproxyIngress(context: GitOpsRenderContext, revproxy: Values): void {
  const { cloud, input } = context;
  // AWS (ALB from global.aws + revproxyArn) and GCP (GKE Ingress + ManagedCertificate from global.gcp) are
  // templated by the revproxy chart itself; elsewhere the chart's generic Ingress is used.
  if (usesAwsShape(cloud) || cloud === 'gcp') return;
  const outputs = input.outputs as AzureOutputs | DigitalOceanOutputs | KubernetesOutputs;
  const hostname = input.gen3.hostname;
  revproxy.ingress = {
    enabled: true,
    className: outputs.ingress_class_name,
    annotations: outputs.cluster_issuer ? { 'cert-manager.io/cluster-issuer': outputs.cluster_issuer } : {},
    hosts: [{ host: hostname, paths: [{ path: '/', pathType: 'Prefix' }] }],
    tls: outputs.cluster_issuer ? [{ secretName: 'revproxy-tls', hosts: [hostname] }] : [],
  };
}

/** Sets `a.b.c` in `target`, creating objects on the way (path segments never contain dots). */
function setPath(target: Values, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Values;
  }
  node[segments[segments.length - 1]!] = value;
}

/** Overrides win at the leaves; arrays are replaced, not merged. */
function deepMerge(base: Values, overrides: Record<string, unknown>): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : structuredClone(value);
  }
  return merged;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The one schema of CSOC's configuration: every setting, its environment variable, its default and how
// to fix a bad value. loadConfig.ts validates a whole configuration against it once, at start.
import { isIP } from 'node:net';
import { allowedCidrProblem } from '../gitops/deploys/probeGen3Status.ts';
import { roleMappingProblem } from '../identity/oidc/roleMapping.ts';

export interface ConfigField {
  env: string;
  /**
   * `path` and `database-url` values are made absolute against the working directory once, at load:
   * CSOC runs git, plugins and Terraform in other directories, where a relative path means another place.
   */
  kind: 'string' | 'path' | 'database-url' | 'integer' | 'boolean' | 'url' | 'list' | 'enum' | 'duration-ms';
  description: string;
  default?: string;
  /** Secret values may also come from `<env>_FILE`; they are never logged or echoed in errors. */
  secret?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** Extra check on the parsed value; returns a problem sentence, or undefined when fine. */
  check?: (value: unknown) => string | undefined;
  fix: string;
}

export const configFields = {
  host: {
    env: 'CSOC_HOST',
    kind: 'string',
    default: '127.0.0.1',
    description: 'Address to listen on',
    fix: 'use an IP address such as 127.0.0.1 or 0.0.0.0',
  },
  port: {
    env: 'CSOC_PORT',
    kind: 'integer',
    default: '8080',
    min: 0,
    max: 65535,
    description: 'TCP port to listen on (0 picks a free one)',
    fix: 'use a port number such as 8080',
  },
  publicUrl: {
    env: 'CSOC_PUBLIC_URL',
    kind: 'url',
    description: 'The URL users and plugins reach CSOC at; defaults to http://HOST:PORT',
    fix: 'use an absolute http(s) URL such as https://csoc.example.org',
  },
  replicaUrl: {
    env: 'CSOC_REPLICA_URL',
    kind: 'url',
    description:
      'The URL other API replicas reach this one at, to carry agent requests to the replica holding the agent (ADR 0079); default http://POD_IP:PORT, else http://HOST:PORT (a wildcard HOST: the first non-loopback IPv4)',
    fix: "use this replica's own address, such as http://10.0.3.7:8080",
  },
  podIp: {
    env: 'CSOC_POD_IP',
    kind: 'string',
    description:
      "This pod's IP (Kubernetes downward API status.podIP); the default CSOC_REPLICA_URL is http://POD_IP:PORT",
    check: (v) => (typeof v === 'string' && v !== '' && isIP(v) === 0 ? 'is not an IP address' : undefined),
    fix: 'set it from the downward API (fieldRef: status.podIP), or leave it unset',
  },
  dataDir: {
    env: 'CSOC_DATA_DIR',
    kind: 'path',
    default: './.csoc-data',
    description:
      'Folder for the SQLite database, keys, the GitOps repo and run workspaces (relative: to the working directory at start)',
    fix: 'use a writable folder path',
  },
  databaseUrl: {
    env: 'CSOC_DATABASE_URL',
    kind: 'database-url',
    secret: true,
    description:
      'postgres://user:pass@host/db switches to PostgreSQL; sqlite:/path/file.db or empty keeps SQLite in the data dir',
    check: (v) =>
      typeof v === 'string' && v !== '' && !/^(postgres(ql)?:\/\/|sqlite:)/.test(v)
        ? 'must start with postgres://, postgresql:// or sqlite:'
        : undefined,
    fix: 'use postgres://user:password@host:5432/csoc or sqlite:/var/lib/csoc/csoc.db',
  },
  masterKey: {
    env: 'CSOC_MASTER_KEY',
    kind: 'string',
    secret: true,
    description:
      'Base64 of 32 random bytes that encrypts every secret at rest; generated into DATA_DIR/master.key when absent',
    check: (v) =>
      typeof v === 'string' && v !== '' && Buffer.from(v, 'base64').length !== 32
        ? 'must be base64 of exactly 32 bytes'
        : undefined,
    fix: 'generate one with: openssl rand -base64 32',
  },
  adminEmail: {
    env: 'CSOC_ADMIN_EMAIL',
    kind: 'string',
    description: 'Email of the first platform admin, created at first start',
    check: (v) =>
      typeof v === 'string' && !/^[^@\s]+@[^@\s]+$/.test(v) ? 'is not an email address' : undefined,
    fix: 'use an address such as admin@example.org',
  },
  adminPassword: {
    env: 'CSOC_ADMIN_PASSWORD',
    kind: 'string',
    secret: true,
    description: 'Password of the first platform admin (only used when it is created)',
    check: (v) => (typeof v === 'string' && v.length < 12 ? 'is shorter than 12 characters' : undefined),
    fix: 'use at least 12 characters',
  },
  logLevel: {
    env: 'CSOC_LOG_LEVEL',
    kind: 'enum',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    description: 'Log level',
    fix: 'use one of fatal, error, warn, info, debug, trace, silent',
  },
  bodyLimitBytes: {
    env: 'CSOC_BODY_LIMIT_BYTES',
    kind: 'integer',
    default: '1048576',
    min: 1024,
    max: 104857600,
    description: 'Largest accepted request body',
    fix: 'use a byte count between 1024 and 104857600',
  },
  sessionTtlHours: {
    env: 'CSOC_SESSION_TTL_HOURS',
    kind: 'integer',
    default: '12',
    min: 1,
    max: 720,
    description: 'How long a browser session lasts',
    fix: 'use a whole number of hours between 1 and 720',
  },
  corsOrigins: {
    env: 'CSOC_CORS_ORIGINS',
    kind: 'list',
    default: '',
    description: 'Comma-separated origins allowed to call the API from a browser; empty turns CORS off',
    fix: 'use origins such as https://portal.example.org',
  },
  trustProxy: {
    env: 'CSOC_TRUST_PROXY',
    kind: 'boolean',
    default: 'false',
    description: 'Trust X-Forwarded-* headers (set behind a TLS-terminating proxy)',
    fix: 'use true or false',
  },
  shutdownTimeoutMs: {
    env: 'CSOC_SHUTDOWN_TIMEOUT_MS',
    kind: 'integer',
    default: '9000',
    min: 100,
    max: 600000,
    description: 'How long in-flight work may take to finish after SIGTERM',
    fix: 'use milliseconds, e.g. 9000',
  },
  loginRateLimitPerMinute: {
    env: 'CSOC_LOGIN_RATE_LIMIT_PER_MINUTE',
    kind: 'integer',
    default: '20',
    min: 1,
    max: 100000,
    description:
      'Sign-in attempts one source address may make per minute (counted across all CSOC processes)',
    fix: 'use a whole number such as 20',
  },
  worker: {
    env: 'CSOC_WORKER',
    kind: 'enum',
    default: 'embedded',
    values: ['embedded', 'off'],
    description:
      'embedded: this process also executes runs; off: only API (run `csoc-server worker` elsewhere)',
    fix: 'use embedded or off',
  },
  workerConcurrency: {
    env: 'CSOC_WORKER_CONCURRENCY',
    kind: 'integer',
    default: '4',
    min: 1,
    max: 256,
    description: 'Runs one worker executes at the same time',
    fix: 'use a whole number such as 4',
  },
  runner: {
    env: 'CSOC_RUNNER',
    kind: 'enum',
    default: 'process',
    values: ['process', 'container', 'kubernetes'],
    description: 'How plugins run: local processes, podman/docker containers, or Kubernetes Jobs',
    fix: 'use process, container or kubernetes',
  },
  runnerSandbox: {
    env: 'CSOC_RUNNER_SANDBOX',
    kind: 'enum',
    default: 'isolate',
    values: ['isolate', 'bwrap', 'none'],
    description:
      'Process runner: isolate (each plugin in its own PID namespace, other runs hidden), bwrap (that plus a read-only host, private /tmp), none',
    fix: 'use isolate, bwrap or none (isolate and bwrap need the bubblewrap package)',
  },
  containerCli: {
    env: 'CSOC_CONTAINER_CLI',
    kind: 'enum',
    values: ['podman', 'docker'],
    description:
      'Container runner: the CLI that starts plugin containers; default podman when on PATH, else docker',
    fix: 'use podman or docker',
  },
  containerCpus: {
    env: 'CSOC_CONTAINER_CPUS',
    kind: 'string',
    default: '2',
    description: 'Container and kubernetes runners: CPU limit of one plugin run',
    check: (v) => (typeof v === 'string' && !/^\d+(\.\d+)?$/.test(v) ? 'is not a number of CPUs' : undefined),
    fix: 'use a number of CPUs such as 2 or 0.5',
  },
  containerMemory: {
    env: 'CSOC_CONTAINER_MEMORY',
    kind: 'string',
    default: '2g',
    description: 'Container and kubernetes runners: memory limit of one plugin run (k, m or g: binary units)',
    check: (v) =>
      typeof v === 'string' && !/^\d+[kmg]$/i.test(v) ? 'is not a size such as 2g or 512m' : undefined,
    fix: 'use a size such as 2g or 512m',
  },
  kubernetesNamespace: {
    env: 'CSOC_KUBERNETES_NAMESPACE',
    kind: 'string',
    description:
      "Kubernetes runner: namespace of the run Jobs; default the kubeconfig context's, else default",
    fix: 'use an existing namespace name',
  },
  kubernetesStateUrl: {
    env: 'CSOC_KUBERNETES_STATE_URL',
    kind: 'url',
    description:
      'Kubernetes runner: the URL run pods reach CSOC at (e.g. its Service); default CSOC_PUBLIC_URL',
    fix: 'use an absolute URL such as http://csoc.csoc.svc:8080',
  },
  kubernetesWorkClaim: {
    env: 'CSOC_KUBERNETES_WORK_CLAIM',
    kind: 'string',
    description:
      'Kubernetes runner: a ReadWriteMany PersistentVolumeClaim, mounted at DATA_DIR/runs in the worker, that holds run work dirs',
    fix: 'use the name of a PersistentVolumeClaim in the runs namespace',
  },
  runLeaseSeconds: {
    env: 'CSOC_RUN_LEASE_SECONDS',
    kind: 'integer',
    default: '30',
    min: 2,
    max: 3600,
    description: 'A worker that stops heartbeating loses its run after this long',
    fix: 'use seconds, e.g. 30',
  },
  runTimeoutSeconds: {
    env: 'CSOC_RUN_TIMEOUT_SECONDS',
    kind: 'integer',
    default: '3600',
    min: 10,
    max: 86400,
    description: 'Longest one plan or drift check may take before the plugin is stopped',
    fix: 'use seconds, e.g. 3600',
  },
  applyTimeoutSeconds: {
    env: 'CSOC_APPLY_TIMEOUT_SECONDS',
    kind: 'integer',
    default: '7200',
    min: 10,
    max: 86400,
    description:
      'Longest one apply (or destroy) may take; CSOC_RUN_TIMEOUT_SECONDS covers plans and drift checks',
    fix: 'use seconds, e.g. 7200',
  },
  approverMinRole: {
    env: 'CSOC_APPROVER_MIN_ROLE',
    kind: 'enum',
    default: 'admin',
    values: ['operator', 'admin', 'owner'],
    description: 'The lowest org role that may approve a planned run',
    fix: 'use operator, admin or owner',
  },
  approvalSeparateApprover: {
    env: 'CSOC_APPROVAL_SEPARATE_APPROVER',
    kind: 'boolean',
    default: 'false',
    description: 'Refuse approvals by the person who requested the run',
    fix: 'use true or false',
  },
  tfPluginMirror: {
    env: 'CSOC_TF_PLUGIN_MIRROR',
    kind: 'path',
    description:
      'Terraform provider filesystem mirror handed to plugins (folder holding registry.terraform.io)',
    fix: 'use an existing folder path',
  },
  pluginEnv: {
    env: 'CSOC_PLUGIN_ENV',
    kind: 'list',
    default: '',
    description:
      'Extra environment for plugin processes, as comma-separated NAME=value pairs (e.g. HTTPS_PROXY=..., CSOC_AWS_PLAN_OFFLINE=true)',
    // Pairs may carry keys or proxy passwords: never logged (CSOC_PLUGIN_ENV_FILE works too).
    secret: true,
    check: (value) =>
      (value as string[]).every((pair) => /^[A-Z_][A-Z0-9_]*=/.test(pair))
        ? undefined
        : 'every entry must look like NAME=value',
    fix: 'use NAME=value pairs separated by commas',
  },
  auditRetentionDays: {
    env: 'CSOC_AUDIT_RETENTION_DAYS',
    kind: 'integer',
    default: '365',
    min: 30,
    max: 36500,
    description: 'Audit events older than this are pruned daily (the chain stays verifiable)',
    fix: 'use a number of days of at least 30',
  },
  ssoOnly: {
    env: 'CSOC_SSO_ONLY',
    kind: 'boolean',
    default: 'false',
    description: 'Turn local passwords off: users sign in only through the OpenID provider',
    fix: 'use true or false (and configure CSOC_OIDC_ISSUER)',
  },
  oidcIssuer: {
    env: 'CSOC_OIDC_ISSUER',
    kind: 'url',
    description:
      'OpenID Connect issuer URL (e.g. https://keycloak.example.org/realms/gen3); enables single sign-on',
    fix: 'use the issuer URL whose /.well-known/openid-configuration your provider serves',
  },
  oidcClientId: {
    env: 'CSOC_OIDC_CLIENT_ID',
    kind: 'string',
    description: 'OIDC client id registered for CSOC',
    fix: 'use the client id from your identity provider',
  },
  oidcClientSecret: {
    env: 'CSOC_OIDC_CLIENT_SECRET',
    kind: 'string',
    secret: true,
    description: 'OIDC client secret (confidential client)',
    fix: 'use the client secret from your identity provider, or CSOC_OIDC_CLIENT_SECRET_FILE',
  },
  oidcScopes: {
    env: 'CSOC_OIDC_SCOPES',
    kind: 'string',
    default: 'openid email profile',
    description: 'Scopes requested at sign-in',
    fix: 'use space-separated scopes including openid',
  },
  oidcRoleMapping: {
    env: 'CSOC_OIDC_ROLE_MAPPING',
    kind: 'string',
    description:
      'JSON or YAML: {claim: "realm_access.roles", rules: [{value: "acme-admins", org: "acme", role: "admin"}], platformAdminValues: [...]}',
    check: roleMappingProblem,
    fix: 'see docs/identity.md for the mapping format',
  },
  oidcLinkByEmail: {
    env: 'CSOC_OIDC_LINK_BY_EMAIL',
    kind: 'boolean',
    default: 'false',
    description:
      'true: a first single sign-on with a verified email takes over the local account with that email without its password (audited); false: its holder signs in with the password first, then with single sign-on in the same browser',
    fix: 'use true or false',
  },
  gitopsRemoteUrl: {
    env: 'CSOC_GITOPS_REMOTE_URL',
    kind: 'url',
    description:
      'GitOps: push to this https Git repository instead of the per-org bare repos in DATA_DIR/gitops',
    check: (v) =>
      typeof v === 'string' && /\/\/[^/]*@/.test(v)
        ? 'must not embed credentials (use CSOC_GITOPS_REMOTE_TOKEN)'
        : undefined,
    fix: 'use an https URL such as https://github.com/acme/gen3-gitops.git, without user:password@',
  },
  gitopsRemoteToken: {
    env: 'CSOC_GITOPS_REMOTE_TOKEN',
    kind: 'string',
    secret: true,
    description:
      'GitOps: token for CSOC_GITOPS_REMOTE_URL (sent as HTTP Basic x-access-token:TOKEN, never written to disk)',
    fix: 'use a token with push rights, or CSOC_GITOPS_REMOTE_TOKEN_FILE',
  },
  gitopsBranch: {
    env: 'CSOC_GITOPS_BRANCH',
    kind: 'string',
    default: 'main',
    description: 'GitOps: the branch deploys commit to and Argo CD follows',
    check: (v) =>
      typeof v === 'string' && !/^[A-Za-z0-9][A-Za-z0-9._/-]{0,100}$/.test(v)
        ? 'is not a branch name'
        : undefined,
    fix: 'use a branch name such as main',
  },
  argocdUrl: {
    env: 'CSOC_ARGOCD_URL',
    kind: 'string',
    description:
      'Argo CD API base URL; {org} is replaced by the org slug (one Argo CD per org). Default: the embedded simulator',
    check: (v) =>
      typeof v === 'string' && v !== '' && !/^https?:\/\/[^\s]+$/.test(v)
        ? 'must be an http(s) URL'
        : undefined,
    fix: 'use a URL such as https://argocd.example.org or https://argocd.{org}.example.org',
  },
  argocdToken: {
    env: 'CSOC_ARGOCD_TOKEN',
    kind: 'string',
    secret: true,
    description: 'Argo CD API token (Bearer) for CSOC_ARGOCD_URL',
    fix: 'create one with `argocd account generate-token`, or use CSOC_ARGOCD_TOKEN_FILE',
  },
  probeAllowedCidrs: {
    env: 'CSOC_PROBE_ALLOWED_CIDRS',
    kind: 'list',
    default: '',
    description:
      "Comma-separated CIDRs the status checks of a commons' /_status and /_version may reach although they are loopback, private, link-local or metadata addresses (refused otherwise)",
    check: (value) => (value as string[]).map(allowedCidrProblem).find((problem) => problem !== undefined),
    fix: 'use CIDRs such as 10.20.0.0/16,fd12:3456::/48 (a commons on a private network)',
  },
  alertAllowedCidrs: {
    env: 'CSOC_ALERT_ALLOWED_CIDRS',
    kind: 'list',
    default: '',
    description:
      'Comma-separated CIDRs alert channels (webhook, Slack, SMTP) may reach although they are loopback, private, link-local or metadata addresses (refused otherwise)',
    check: (value) => (value as string[]).map(allowedCidrProblem).find((problem) => problem !== undefined),
    fix: 'use CIDRs such as 10.20.0.0/16 (an SMTP relay or webhook receiver on a private network)',
  },
  alertRetentionDays: {
    env: 'CSOC_ALERT_RETENTION_DAYS',
    kind: 'integer',
    default: '90',
    min: 1,
    max: 3650,
    description:
      'Alerts: resolved alerts, finished notifications, delivery log entries and ended silences older than this are pruned hourly',
    fix: 'use a number of days, e.g. 90',
  },
  agentImage: {
    env: 'CSOC_AGENT_IMAGE',
    kind: 'string',
    default: '',
    description:
      'Container image of csoc-agent rendered into every commons labelled csoc.gen3.org/agent: enabled; empty: csoc-agent:<this CSOC version>. Build and push it from deploy/container/Containerfile.agent (docs/deploy-container.md)',
    check: (value) =>
      value === '' || /^[a-z0-9][a-z0-9._/:@-]{0,254}$/.test(value as string)
        ? undefined
        : 'must be a container image reference',
    fix: 'use an image reference such as registry.example.org/csoc-agent:0.1.0',
  },
  telemetryBodyLimitBytes: {
    env: 'CSOC_TELEMETRY_BODY_LIMIT_BYTES',
    kind: 'integer',
    default: '4194304',
    min: 1024,
    max: 67108864,
    description:
      'Largest OTLP/HTTP request body CSOC accepts from a commons (as sent, before gzip is undone); larger ones get 413',
    fix: 'use bytes, e.g. 4194304 (4 MiB), and have the agent send smaller batches',
  },
  telemetryRateLimitPerMinute: {
    env: 'CSOC_TELEMETRY_RATE_LIMIT_PER_MINUTE',
    kind: 'integer',
    default: '600',
    min: 1,
    max: 1000000,
    description:
      'OTLP requests one commons may send per minute, counted in the database across every CSOC process; more get 429 with Retry-After',
    fix: 'use a number of requests, e.g. 600',
  },
  telemetryForwardAllowedCidrs: {
    env: 'CSOC_TELEMETRY_FORWARD_ALLOWED_CIDRS',
    kind: 'list',
    default: '',
    description:
      "Comma-separated CIDRs an org's OTLP forwarding destination may reach although they are loopback, private, link-local or metadata addresses (refused otherwise)",
    check: (value) => (value as string[]).map(allowedCidrProblem).find((problem) => problem !== undefined),
    fix: 'use CIDRs such as 10.20.0.0/16 (a collector on a private network)',
  },
  telemetryForwardMaxBacklogBytes: {
    env: 'CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_BYTES',
    kind: 'integer',
    default: '268435456',
    min: 65536,
    max: 68719476736,
    description:
      "OTLP forwarding: bytes of requests one org's outbox may hold while its backend is unreachable; the oldest beyond are dropped and counted",
    fix: 'use bytes, e.g. 268435456 (256 MiB)',
  },
  telemetryForwardMaxBacklogHours: {
    env: 'CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_HOURS',
    kind: 'integer',
    default: '24',
    min: 1,
    max: 168,
    description:
      'OTLP forwarding: a request not forwarded after this many hours (the backend was down) is dropped and counted',
    fix: 'use hours, e.g. 24',
  },
  telemetryMinuteRetentionHours: {
    env: 'CSOC_TELEMETRY_MINUTE_RETENTION_HOURS',
    kind: 'integer',
    default: '24',
    min: 1,
    max: 168,
    description:
      'Telemetry summary: 1-minute buckets are kept this long (charts of the last hour and day read them)',
    fix: 'use hours, e.g. 24',
  },
  telemetryHourRetentionDays: {
    env: 'CSOC_TELEMETRY_HOUR_RETENTION_DAYS',
    kind: 'integer',
    default: '30',
    min: 1,
    max: 400,
    description: 'Telemetry summary: 1-hour buckets are kept this long (charts of 7 and 30 days read them)',
    fix: 'use days, e.g. 30',
  },
  simArgocd: {
    env: 'CSOC_SIM_ARGOCD',
    kind: 'enum',
    default: 'embedded',
    values: ['embedded', 'off'],
    description:
      'embedded: start the simulated Argo CD and commons endpoints on another loopback port (used when CSOC_ARGOCD_URL is unset)',
    fix: 'use embedded or off',
  },
  simSyncDelayMs: {
    env: 'CSOC_SIM_SYNC_DELAY_MS',
    kind: 'integer',
    default: '1500',
    min: 0,
    max: 600000,
    description: 'Simulated Argo CD: how long a sync takes before the app turns healthy',
    fix: 'use milliseconds, e.g. 1500',
  },
  deployTimeoutSeconds: {
    env: 'CSOC_DEPLOY_TIMEOUT_SECONDS',
    kind: 'integer',
    default: '900',
    min: 5,
    max: 86400,
    description: 'How long a deploy may take to become Synced and Healthy before it is recorded as timed out',
    fix: 'use seconds, e.g. 900',
  },
  deployConditionGraceSeconds: {
    env: 'CSOC_DEPLOY_CONDITION_GRACE_SECONDS',
    kind: 'integer',
    default: '60',
    min: 0,
    max: 3600,
    description:
      'How long an Argo CD condition that cannot heal by itself (repository or path missing, credentials refused, manifests invalid) may persist before the deploy ends degraded with it',
    fix: 'use seconds, e.g. 60',
  },
  statusPageRateLimitPerMinute: {
    env: 'CSOC_STATUS_PAGE_RATE_LIMIT_PER_MINUTE',
    kind: 'integer',
    default: '120',
    min: 1,
    max: 100000,
    description:
      'Public status pages (HTML, JSON, Atom): requests one source address may make per minute, counted across all CSOC processes',
    fix: 'use a whole number such as 120',
  },
  driftCheckIntervalMinutes: {
    env: 'CSOC_DRIFT_CHECK_INTERVAL_MINUTES',
    kind: 'integer',
    default: '360',
    min: 0,
    max: 525600,
    description:
      'Drift checks on a schedule: every provisioned commons gets a drift check run this often (shared across CSOC processes, skipped while the commons has a run in flight); 0 turns scheduled drift checks off',
    fix: 'use minutes, e.g. 360 (or 0 to turn scheduled drift checks off)',
  },
  probeIntervalSeconds: {
    env: 'CSOC_PROBE_INTERVAL_SECONDS',
    kind: 'integer',
    default: '30',
    min: 0,
    max: 3600,
    description:
      "Monitoring: every deployed commons' Gen3 /_status endpoints are probed this often (±10% jitter), shared across CSOC processes; 0 turns scheduled probes off",
    fix: 'use seconds, e.g. 30 (or 0 to turn scheduled probes off)',
  },
  probeTimeoutMs: {
    env: 'CSOC_PROBE_TIMEOUT_MS',
    kind: 'integer',
    default: '5000',
    min: 100,
    max: 60000,
    description: 'Monitoring: how long one probe request may take before the service counts as down',
    fix: 'use milliseconds, e.g. 5000',
  },
  probeSlowMs: {
    env: 'CSOC_PROBE_SLOW_MS',
    kind: 'integer',
    default: '2000',
    min: 10,
    max: 60000,
    description: 'Monitoring: a service answering /_status slower than this is degraded',
    fix: 'use milliseconds below CSOC_PROBE_TIMEOUT_MS, e.g. 2000',
  },
  probeHostConcurrency: {
    env: 'CSOC_PROBE_HOST_CONCURRENCY',
    kind: 'integer',
    default: '4',
    min: 1,
    max: 1000,
    description: 'Monitoring: probe rounds one CSOC process runs at once against one commons host',
    fix: 'use a small number, e.g. 4',
  },
  probeLeaseSeconds: {
    env: 'CSOC_PROBE_LEASE_SECONDS',
    kind: 'integer',
    default: '30',
    min: 3,
    max: 600,
    description:
      'Monitoring: how long a process holds its share of the commons to probe without renewing it; when a process dies, the others take its commons over within this',
    fix: 'use seconds, e.g. 30',
  },
  monitorRetentionDays: {
    env: 'CSOC_MONITOR_RETENTION_DAYS',
    kind: 'integer',
    default: '90',
    min: 7,
    max: 3650,
    description:
      'Monitoring: health transitions and ended incidents older than this are pruned daily (uptime over 90 days needs 90)',
    fix: 'use a number of days, e.g. 90',
  },
} as const satisfies Record<string, ConfigField>;

export type ConfigKey = keyof typeof configFields;

/** A filesystem path that loadConfig made absolute (against the working directory at start). */
export type AbsolutePath = string & { readonly __absolutePath: true };

/** postgres://…, or sqlite: followed by an absolute file path (or :memory:). */
export type DatabaseUrl = `postgres://${string}` | `postgresql://${string}` | `sqlite:${'/' | ':'}${string}`;

type ValueOf<F extends ConfigField> = F['kind'] extends 'integer' | 'duration-ms'
  ? number
  : F['kind'] extends 'boolean'
    ? boolean
    : F['kind'] extends 'list'
      ? string[]
      : F['kind'] extends 'path'
        ? AbsolutePath
        : F['kind'] extends 'database-url'
          ? DatabaseUrl
          : string;

export type CsocConfig = {
  [K in ConfigKey]: (typeof configFields)[K] extends { default: string }
    ? ValueOf<(typeof configFields)[K]>
    : ValueOf<(typeof configFields)[K]> | undefined;
};

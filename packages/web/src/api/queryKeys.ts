// Every React Query key of the portal, one factory per area. A key starts with its area's name, so
// invalidating a shorter key (e.g. commonsKeys.detail(org, name)) refreshes everything below it.

export const sessionKeys = {
  session: () => ['session'] as const,
  me: () => ['me'] as const,
  mySessions: () => ['my-sessions'] as const,
  oidcConfig: () => ['oidc-config'] as const,
};

export const userKeys = {
  /** The platform's users, loaded page by page. */
  all: () => ['platform-users'] as const,
};

export const tokenKeys = {
  list: (org: string) => ['tokens', org] as const,
};

export const fleetKeys = {
  /** The org's commons list (every page); also what a deleted or newly created commons invalidates. */
  list: (org: string) => ['fleet', org] as const,
  status: (org: string) => ['fleet-status', org] as const,
};

export const commonsKeys = {
  detail: (org: string, name: string) => ['commons', org, name] as const,
  status: (org: string, name: string) => ['commons-status', org, name] as const,
  runs: (org: string, name: string) => ['commons-runs', org, name] as const,
  /** Keyed by the current revision, so a new revision refetches the history. */
  revisions: (org: string, name: string, currentRevision: number) =>
    ['revisions', org, name, currentRevision] as const,
  diff: (org: string, name: string, from: string | null, to: string | null) =>
    ['diff', org, name, from, to] as const,
  renderPreview: (org: string, document: unknown) =>
    ['render-preview', org, JSON.stringify(document)] as const,
};

export const runKeys = {
  detail: (org: string, runId: string) => ['run', org, runId] as const,
};

export const deployKeys = {
  list: (org: string, commons: string) => ['deploys', org, commons] as const,
  detail: (org: string, commons: string, deployId: string | undefined) =>
    ['deploy', org, commons, deployId] as const,
};

export const stateKeys = {
  lock: (org: string, commons: string) => ['state-lock', org, commons] as const,
  versions: (org: string, commons: string) => ['state-versions', org, commons] as const,
  resources: (org: string, commons: string) => ['state-resources', org, commons] as const,
};

export const memberKeys = {
  list: (org: string) => ['members', org] as const,
  invitations: (org: string) => ['invitations', org] as const,
};

export const accountKeys = {
  list: (org: string) => ['accounts', org] as const,
};

export const pluginKeys = {
  list: () => ['plugins'] as const,
  version: (name: string | undefined, version: string | undefined) => ['plugin', name, version] as const,
};

export const auditKeys = {
  events: (scope: 'org' | 'platform', org: string, filters: object) =>
    ['audit', scope, org, filters] as const,
};

export const gitopsKeys = {
  repository: (org: string) => ['gitops', org] as const,
  readTokens: (org: string) => ['gitops-read-tokens', org] as const,
};

export const releaseKeys = {
  list: () => ['releases'] as const,
  detail: (version: string | undefined) => ['release', version] as const,
};

export const monitorKeys = {
  health: (org: string, commons: string) => ['commons-health', org, commons] as const,
  incidents: (org: string, commons: string) => ['commons-incidents', org, commons] as const,
  uptime: (org: string, commons: string) => ['commons-uptime', org, commons] as const,
  fleet: (org: string) => ['fleet-health', org] as const,
};

export const telemetryKeys = {
  /** One window of a commons' telemetry summary, of one service or (service null) of all of them. */
  series: (org: string, commons: string, window: string, service: string | null) =>
    ['telemetry-series', org, commons, window, service] as const,
  /** The org's OTLP forwarding destination and its delivery counts. */
  forwarding: (org: string) => ['telemetry-forwarding', org] as const,
};

export const alertKeys = {
  /** Everything of the alerts page: a change invalidates this one key. */
  all: (org: string) => ['alerts', org] as const,
  list: (org: string, state: string) => ['alerts', org, 'list', state] as const,
  rules: (org: string) => ['alerts', org, 'rules'] as const,
  channels: (org: string) => ['alerts', org, 'channels'] as const,
  silences: (org: string) => ['alerts', org, 'silences'] as const,
  deliveries: (org: string) => ['alerts', org, 'deliveries'] as const,
};

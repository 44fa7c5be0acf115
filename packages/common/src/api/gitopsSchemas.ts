// GitOps deploys, the GitOps repository's read tokens, the commons' live status and the release catalog
// as the API shows them.
import Type from 'typebox';
import { CommonsName } from './commonsSchemas.ts';
import { Slug } from './orgSchemas.ts';

export const DeployStatus = Type.Union(
  ['committed', 'syncing', 'healthy', 'degraded', 'timeout', 'failed', 'removing', 'removed'].map((status) =>
    Type.Literal(status),
  ),
  {
    description:
      'committed → syncing → healthy | degraded | timeout; failed when nothing was published; removing → removed when a destroy takes Gen3 away',
  },
);

export const DeployTimelineEntry = Type.Object({
  at: Type.String(),
  status: Type.String(),
  message: Type.String(),
});

export const DeploySummary = Type.Object({
  id: Type.String(),
  commons: Type.String(),
  revision: Type.Integer(),
  release: Type.String(),
  commit: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  message: Type.String(),
  requestedBy: Type.String(),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  simulated: Type.Boolean(),
});

export const Deploy = Type.Object({
  ...DeploySummary.properties,
  diff: Type.String({ description: 'unified diff of the commit' }),
  timeline: Type.Array(DeployTimelineEntry),
  repository: Type.String({ description: 'the GitOps repository URL (no credentials)' }),
  directory: Type.String({ description: '<org>/<commons>' }),
});

export const DeployParams = Type.Object(
  { org: Slug, commons: CommonsName, deployId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

export const DeployRequest = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: 500, description: 'added to the commit message' })) },
  { additionalProperties: false },
);

export const DeployPreview = Type.Object({
  commons: Type.String(),
  revision: Type.Integer(),
  release: Type.String(),
  repository: Type.String(),
  directory: Type.String(),
  base: Type.Union([Type.String(), Type.Null()], { description: 'the branch tip the diff is against' }),
  changed: Type.Boolean(),
  diff: Type.String(),
  files: Type.Record(Type.String(), Type.String(), { description: 'rendered files (no secret values)' }),
});

export const ServiceProbe = Type.Object({
  service: Type.String(),
  path: Type.String(),
  status: Type.String({
    description:
      'healthy | unhealthy | unreachable | redirected (not followed) | refused (an internal address not in CSOC_PROBE_ALLOWED_CIDRS)',
  }),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  version: Type.Optional(Type.String()),
  detail: Type.Optional(
    Type.String({ description: 'why the check did not find the service healthy, and the fix' }),
  ),
});

export const CommonsLiveStatus = Type.Object({
  commons: Type.String(),
  simulated: Type.Boolean(),
  deployedRelease: Type.Union([Type.String(), Type.Null()]),
  lastDeploy: Type.Union([DeploySummary, Type.Null()]),
  argocd: Type.Union([
    Type.Object({
      application: Type.String(),
      sync: Type.String(),
      health: Type.String(),
      revision: Type.Union([Type.String(), Type.Null()]),
      message: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
  argocdError: Type.Optional(Type.String()),
  services: Type.Array(ServiceProbe),
});

export const RenderPreview = Type.Object({
  commons: Type.String(),
  release: Type.String(),
  directory: Type.String({ description: 'where the files would go in the GitOps repository' }),
  files: Type.Record(Type.String(), Type.String(), { description: 'rendered files (no secret values)' }),
  placeholders: Type.Boolean({
    description:
      'true when the infrastructure does not exist yet: endpoints, ARNs and buckets are examples until it is applied',
  }),
});

/** One commons in the fleet-wide status: what the fleet page shows beside the commons list. */
export const FleetCommonsStatus = Type.Object({
  commons: Type.String(),
  sync: Type.Union([Type.String(), Type.Null()], {
    description: 'Argo CD sync status (Synced, OutOfSync, ...); null when no application is known',
  }),
  health: Type.Union([Type.String(), Type.Null()], {
    description: 'Argo CD health (Healthy, Progressing, Degraded, Missing, ...); null when unknown',
  }),
  deployedRelease: Type.Union([Type.String(), Type.Null()], {
    description: 'the release of the last deploy that became healthy',
  }),
  lastDeploy: Type.Union([
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      release: Type.String(),
      createdAt: Type.String(),
      finishedAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  lastDriftCheck: Type.Union([
    Type.Object({
      runId: Type.String(),
      state: Type.String(),
      driftDetected: Type.Union([Type.Boolean(), Type.Null()]),
      at: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const FleetStatus = Type.Object({
  argocd: Type.Union(
    [
      Type.Object({
        reachable: Type.Boolean(),
        message: Type.Optional(Type.String({ description: 'why Argo CD could not be read' })),
      }),
      Type.Null(),
    ],
    { description: 'null when the org deploys through no Argo CD' },
  ),
  items: Type.Array(FleetCommonsStatus, {
    description: 'every commons that was deployed or checked for drift (others have nothing to add)',
  }),
  generatedAt: Type.String(),
});

export const GitopsReadToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});

export const GitopsReadTokenCreated = Type.Object({
  ...GitopsReadToken.properties,
  token: Type.String({ description: 'shown once; use it as the HTTP Basic password (any user name)' }),
  repository: Type.String(),
});

export const GitopsReadTokenRequest = Type.Object(
  { name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'e.g. argocd-prod' }) },
  { additionalProperties: false },
);

export const GitopsRepositoryInfo = Type.Object({
  mode: Type.String({ description: 'local (served by this CSOC) or remote' }),
  repository: Type.String(),
  branch: Type.String(),
  argocd: Type.Union([Type.String(), Type.Null()], {
    description: 'the Argo CD API this org deploys through',
  }),
  simulated: Type.Boolean({ description: 'true when Argo CD is the CSOC simulator' }),
});

const NoteItem = Type.Object({ component: Type.String(), text: Type.String() });

/** The gen3-helm chart versions a release deploys (published on https://helm.gen3.org). */
export const ReleaseChartVersions = Type.Object(
  {
    gen3: Type.String({ description: 'version of the gen3 umbrella chart' }),
    'cluster-level-resources': Type.String({ description: 'version of the cluster add-ons chart' }),
    alloy: Type.String({ description: "version of the alloy chart (the commons' telemetry agent)" }),
  },
  { description: 'gen3-helm chart versions this release deploys' },
);

export const ReleaseSummarySchema = Type.Object({
  version: Type.String(),
  title: Type.Optional(Type.String()),
  derived: Type.Boolean(),
  chartVersions: ReleaseChartVersions,
  deploymentChanges: Type.Integer(),
  breakingChanges: Type.Integer(),
  warnings: Type.Integer(),
});

export const ReleaseDetail = Type.Object({
  version: Type.String(),
  title: Type.Optional(Type.String()),
  derived: Type.Boolean(),
  derivedReason: Type.Optional(Type.String()),
  chartVersions: ReleaseChartVersions,
  images: Type.Record(
    Type.String(),
    Type.Record(
      Type.String(),
      Type.Object(
        { repository: Type.String(), tag: Type.String(), source: Type.String() },
        { additionalProperties: true },
      ),
    ),
  ),
  warnings: Type.Array(Type.String()),
  deploymentChanges: Type.Array(NoteItem),
  breakingChanges: Type.Array(NoteItem),
  highlights: Type.Array(Type.Object({ title: Type.String(), text: Type.String() })),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const UpgradePlanRequest = Type.Object(
  {
    to: Type.Optional(
      Type.String({ pattern: '^\\d{4}\\.\\d{2}$', description: 'default: the next release' }),
    ),
    oneStep: Type.Optional(
      Type.Boolean({ default: true, description: 'refuse plans crossing more than one release' }),
    ),
  },
  { additionalProperties: false },
);

export const UpgradePlanResponse = Type.Object({
  commons: Type.String(),
  from: Type.String(),
  to: Type.String(),
  steps: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      derived: Type.Boolean(),
      tagChanges: Type.Array(
        Type.Object({
          chart: Type.String(),
          valuesPath: Type.String(),
          repository: Type.String(),
          from: Type.Optional(Type.String()),
          to: Type.Optional(Type.String()),
        }),
      ),
      deploymentChanges: Type.Array(NoteItem),
      breakingChanges: Type.Array(NoteItem),
      highlights: Type.Array(Type.Object({ title: Type.String(), text: Type.String() })),
      warnings: Type.Array(Type.String()),
    }),
  ),
  howToApply: Type.String(),
});

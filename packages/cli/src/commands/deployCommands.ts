// GitOps deploys of a commons (with --wait until Argo CD reports Healthy), its live status, the Gen3
// release catalog, and upgrades: plan → a new revision with spec.gen3.release → deploy.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeployObject, UpgradePlan } from '../apiTypes.ts';
import { CliError, EXIT, UsageError } from '../CliError.ts';
import type { Command, CommandContext } from '../CommandContext.ts';
import { call } from '../createCsocClient.ts';
import type { FlagSpec } from '../parseArgs.ts';
import { formatOutput } from '../formatOutput.ts';
import { limitFlag, limitOf } from './identityCommands.ts';
import { showOrWatch, watchFlags } from './monitorCommands.ts';

/** A deploy as lists show it (without diff and timeline). */
type DeploySummary = Omit<DeployObject, 'diff' | 'timeline' | 'repository' | 'directory'>;

const deployColumns = [
  { header: 'id', value: (deploy: DeploySummary) => deploy.id },
  { header: 'commons', value: (deploy: DeploySummary) => deploy.commons },
  { header: 'revision', value: (deploy: DeploySummary) => deploy.revision },
  { header: 'release', value: (deploy: DeploySummary) => deploy.release },
  { header: 'status', value: (deploy: DeploySummary) => deploy.status },
  { header: 'commit', value: (deploy: DeploySummary) => deploy.commit?.slice(0, 12) },
  { header: 'message', value: (deploy: DeploySummary) => deploy.message },
  { header: 'created', value: (deploy: DeploySummary) => deploy.createdAt },
];

const waitFlags: Record<string, FlagSpec> = {
  wait: {
    type: 'boolean',
    description: 'wait until Argo CD reports the result (exit 3 unless healthy, 5 on timeout)',
  },
  timeout: { type: 'string', placeholder: 'SECONDS', description: 'how long --wait waits (default 1800)' },
  message: { type: 'string', placeholder: 'TEXT', description: 'added to the commit message' },
};

function timeoutOf(context: CommandContext): number {
  const raw = context.string('timeout') ?? '1800';
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout must be a number of seconds, not "${raw}"`);
  return seconds;
}

function commonsRef(context: CommandContext) {
  const { org, name } = context.orgAndName(context.positionals[0]!, 'a commons (ORG/COMMONS)');
  return { org, commons: name };
}

/** Starts a deploy of the current revision; with --wait follows it to its end. Returns the exit code. */
async function deployAndMaybeWait(
  context: CommandContext,
  org: string,
  commons: string,
  etag: string | undefined,
): Promise<number> {
  const message = context.string('message');
  let { data: deploy } = await call(
    context.client().POST('/api/v1/orgs/{org}/commons/{commons}/deploys', {
      params: { path: { org, commons } },
      body: message ? { message } : {},
      headers: etag ? { 'if-match': etag } : {},
    }),
  );
  if (context.boolean('wait') && !deploy.finishedAt) {
    const deadline = Date.now() + timeoutOf(context) * 1000;
    // Status and message: while syncing, the message says why Argo CD is stuck (its condition).
    const line = (shownDeploy: typeof deploy) =>
      `deploy ${shownDeploy.id}: ${shownDeploy.status}${shownDeploy.message ? ` — ${shownDeploy.message}` : ''}`;
    let shown = line(deploy);
    context.note(shown);
    while (!deploy.finishedAt) {
      if (Date.now() > deadline)
        throw new CliError(
          `timed out waiting for deploy ${deploy.id} (still ${deploy.status}); check csoc status ${org}/${commons}`,
          EXIT.timeout,
        );
      await sleep(500);
      deploy = (
        await call(
          context.client().GET('/api/v1/orgs/{org}/commons/{commons}/deploys/{deployId}', {
            params: { path: { org, commons, deployId: deploy.id } },
          }),
        )
      ).data;
      if (line(deploy) !== shown) context.note((shown = line(deploy)));
    }
  }
  context.print(deploy, deployColumns);
  if (deploy.status === 'failed' || (deploy.finishedAt && deploy.status !== 'healthy')) {
    context.note(`deploy ${deploy.id} ended ${deploy.status}: ${deploy.message}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

const deploy: Command = {
  name: 'deploy',
  summary: "Deploy a commons' current revision through GitOps (commit, then Argo CD sync)",
  usage: 'ORG/COMMONS [--wait] [--preview]',
  args: { min: 1, max: 1 },
  flags: {
    ...waitFlags,
    preview: { type: 'boolean', description: 'show the diff of what would be committed; commit nothing' },
  },
  examples: ['csoc deploy acme/alpha --wait', 'csoc deploy acme/alpha --preview'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    if (context.boolean('preview')) {
      const { data } = await call(
        context.client().POST('/api/v1/orgs/{org}/commons/{commons}/deploys/preview', {
          params: { path: { org, commons } },
          body: {},
        }),
      );
      if (context.format !== 'table') return context.print(data, []);
      context.write(
        data.changed
          ? data.diff
          : `commons ${org}/${commons}: nothing to deploy (the repository is up to date)\n`,
      );
      return EXIT.ok;
    }
    return deployAndMaybeWait(context, org, commons, undefined);
  },
};

const deploysList: Command = {
  name: 'deploys list',
  summary: "List a commons' deploys, newest first",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: limitFlag,
  examples: ['csoc deploys list acme/alpha'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}/deploys', {
        params: { path: { org, commons }, query: { limit: limitOf(context) } },
      }),
    );
    context.print(data.items, deployColumns);
  },
};

const status: Command = {
  name: 'status',
  summary:
    "Show a commons' live status: health with its reasons, Argo CD sync and health, Gen3 service probes, deployed release",
  usage: 'ORG/COMMONS',
  args: { min: 1, max: 1 },
  flags: watchFlags,
  examples: ['csoc status acme/alpha', 'csoc status acme/alpha -o json', 'csoc status acme/alpha --watch'],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const client = context.client();
    const path = { params: { path: { org, commons } } };
    const read = async () => {
      const [{ data }, { data: health }] = await Promise.all([
        call(client.GET('/api/v1/orgs/{org}/commons/{commons}/status', path)),
        call(client.GET('/api/v1/orgs/{org}/commons/{commons}/health', path)),
      ]);
      return { ...data, health };
    };
    await showOrWatch(context, read, (data) =>
      formatOutput(data, context.format, [
        {
          header: 'commons',
          value: (item) => `${org}/${item.commons}${item.simulated ? ' (SIMULATED)' : ''}`,
        },
        {
          header: 'health',
          value: (item) =>
            `${item.health.state}${item.health.reasons[0] ? `: ${item.health.reasons.map((reason) => reason.message).join('; ')}` : ''}`,
        },
        { header: 'release', value: (item) => item.deployedRelease },
        {
          header: 'last deploy',
          value: (item) =>
            item.lastDeploy
              ? `${item.lastDeploy.status} (revision ${item.lastDeploy.revision}, ${item.lastDeploy.release})`
              : null,
        },
        {
          header: 'argo cd',
          value: (item) =>
            item.argocd
              ? `${item.argocd.sync}/${item.argocd.health}${item.argocd.message ? `: ${item.argocd.message}` : ''}`
              : (item.argocdError ?? null),
        },
        {
          header: 'services',
          value: (item) =>
            item.services
              .map((probe) => `${probe.service}:${probe.status}${probe.version ? `@${probe.version}` : ''}`)
              .join(' ') || null,
        },
      ]),
    );
  },
};

const fleet: Command = {
  name: 'fleet',
  summary:
    'Show the whole fleet of an organization in one call: Argo CD sync and health, deployed release, last drift check',
  examples: ['csoc fleet --org acme', 'csoc fleet -o json'],
  async run(context) {
    const org = context.org();
    const { data } = await call(
      context.client().GET('/api/v1/orgs/{org}/fleet/status', { params: { path: { org } } }),
    );
    if (data.argocd?.reachable === false)
      context.note(
        `Argo CD could not be read (${data.argocd.message ?? 'no answer'}): sync and health are unknown`,
      );
    context.print(data.items, [
      { header: 'commons', value: (item) => item.commons },
      { header: 'sync', value: (item) => item.sync },
      { header: 'health', value: (item) => item.health },
      { header: 'release', value: (item) => item.deployedRelease },
      {
        header: 'last deploy',
        value: (item) => (item.lastDeploy ? `${item.lastDeploy.status} (${item.lastDeploy.release})` : null),
      },
      {
        header: 'drift',
        value: (item) =>
          item.lastDriftCheck
            ? item.lastDriftCheck.state === 'succeeded'
              ? item.lastDriftCheck.driftDetected
                ? 'drift found'
                : 'no drift'
              : `check ${item.lastDriftCheck.state}`
            : null,
      },
    ]);
  },
};

const releasesList: Command = {
  name: 'releases list',
  summary: 'List the Gen3 releases this CSOC can deploy, oldest first',
  examples: ['csoc releases list', 'csoc releases list -o json'],
  async run(context) {
    const { data } = await call(context.client().GET('/api/v1/releases'));
    context.print(data.items, [
      { header: 'version', value: (release) => release.version },
      { header: 'title', value: (release) => release.title },
      { header: 'derived', value: (release) => release.derived },
      { header: 'gen3 chart', value: (release) => release.chartVersions.gen3 },
      { header: 'deployment changes', value: (release) => release.deploymentChanges },
      { header: 'breaking changes', value: (release) => release.breakingChanges },
      { header: 'warnings', value: (release) => release.warnings },
    ]);
  },
};

const releasesShow: Command = {
  name: 'releases show',
  summary: 'Show one Gen3 release: pinned images and release notes',
  usage: 'YYYY.MM',
  args: { min: 1, max: 1 },
  examples: ['csoc releases show 2025.08', 'csoc releases show 2025.08 -o yaml'],
  async run(context) {
    const version = context.positionals[0]!;
    if (!/^\d{4}\.\d{2}$/.test(version))
      throw new UsageError(`"${version}" is not a Gen3 release; write YYYY.MM, e.g. 2025.08`);
    const { data } = await call(
      context.client().GET('/api/v1/releases/{version}', { params: { path: { version } } }),
    );
    context.print(data, [
      { header: 'version', value: (release) => release.version },
      { header: 'title', value: (release) => release.title },
      { header: 'next', value: (release) => release.next },
      { header: 'gen3 chart', value: (release) => release.chartVersions.gen3 },
      {
        header: 'cluster-level-resources chart',
        value: (release) => release.chartVersions['cluster-level-resources'],
      },
      { header: 'alloy chart', value: (release) => release.chartVersions.alloy },
      { header: 'charts', value: (release) => Object.keys(release.images).length },
      {
        header: 'breaking',
        value: (release) =>
          release.breakingChanges.map((note) => `${note.component}: ${note.text}`).join(' | '),
      },
      {
        header: 'deployment',
        value: (release) =>
          release.deploymentChanges.map((note) => `${note.component}: ${note.text}`).join(' | '),
      },
      { header: 'warnings', value: (release) => release.warnings.join(' | ') },
    ]);
  },
};

function renderUpgradePlan(plan: UpgradePlan): string {
  const lines = [`Upgrade ${plan.commons} from Gen3 ${plan.from} to ${plan.to}:`];
  for (const step of plan.steps) {
    lines.push(
      `  ${step.from} -> ${step.to}${step.derived ? ' (derived)' : ''}: ${step.tagChanges.length} image tag changes`,
    );
    for (const change of step.tagChanges)
      lines.push(`    ${change.chart} ${change.valuesPath}: ${change.from ?? '-'} -> ${change.to ?? '-'}`);
    for (const note of step.breakingChanges) lines.push(`    BREAKING ${note.component}: ${note.text}`);
    for (const note of step.deploymentChanges) lines.push(`    deployment ${note.component}: ${note.text}`);
    for (const warning of step.warnings) lines.push(`    warning: ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}

const upgrade: Command = {
  name: 'upgrade',
  summary: "Upgrade a commons' Gen3 release: plan, then a new revision, then a deploy",
  usage: 'ORG/COMMONS --to YYYY.MM [--plan-only] [--wait]',
  details:
    'Shows the upgrade plan (image tag changes and release notes), then with no --plan-only sets\n' +
    'spec.gen3.release (a new revision, guarded by If-Match) and deploys it. One release at a time\n' +
    'unless --allow-multi-step.',
  args: { min: 1, max: 1 },
  flags: {
    to: { type: 'string', placeholder: 'YYYY.MM', description: 'the target release (default: the next one)' },
    'plan-only': { type: 'boolean', description: 'show the plan; change nothing' },
    'allow-multi-step': { type: 'boolean', description: 'allow crossing more than one release' },
    ...waitFlags,
  },
  examples: [
    'csoc upgrade acme/alpha --to 2025.08 --plan-only',
    'csoc upgrade acme/alpha --to 2025.08 --wait',
  ],
  async run(context) {
    const { org, commons } = commonsRef(context);
    const to = context.string('to');
    if (to !== undefined && !/^\d{4}\.\d{2}$/.test(to))
      throw new UsageError(`--to must be a Gen3 release YYYY.MM, not "${to}"`);
    const { data: plan } = await call(
      context.client().POST('/api/v1/orgs/{org}/commons/{commons}/upgrade-plan', {
        params: { path: { org, commons } },
        body: { ...(to ? { to } : {}), ...(context.boolean('allow-multi-step') ? { oneStep: false } : {}) },
      }),
    );
    if (context.boolean('plan-only')) {
      if (context.format !== 'table') return context.print(plan, []);
      context.write(renderUpgradePlan(plan));
      return EXIT.ok;
    }
    context.note(renderUpgradePlan(plan).trimEnd());
    const current = await call(
      context.client().GET('/api/v1/orgs/{org}/commons/{commons}', { params: { path: { org, commons } } }),
    );
    const { spec, metadata } = current.data;
    if (!spec.gen3) throw new CliError(`commons ${org}/${commons} has no spec.gen3 to upgrade`);
    const updated = await call(
      context.client().PUT('/api/v1/orgs/{org}/commons/{commons}', {
        params: { path: { org, commons } },
        body: {
          apiVersion: 'csoc.gen3.org/v1',
          kind: 'Commons',
          metadata: { name: metadata.name, ...(metadata.labels ? { labels: metadata.labels } : {}) },
          spec: { ...spec, gen3: { ...spec.gen3, release: plan.to } },
          message: `Upgrade to Gen3 ${plan.to}`,
        },
        headers: { 'if-match': current.response.headers.get('etag') ?? '*' },
      }),
    );
    context.note(
      `commons ${org}/${commons} revision ${updated.data.status.revision}: Gen3 ${plan.to}; deploying`,
    );
    return deployAndMaybeWait(context, org, commons, updated.response.headers.get('etag') ?? undefined);
  },
};

export const deployCommands: Command[] = [
  deploy,
  deploysList,
  status,
  fleet,
  releasesList,
  releasesShow,
  upgrade,
];

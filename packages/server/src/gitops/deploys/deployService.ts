// A deploy: render the commons' current revision with its infrastructure outputs, show the diff against
// the GitOps repository, commit it (author = the user, message naming the revision) and publish it, record
// it, then follow Argo CD in the background until the commit is Synced and Healthy, Degraded, or times out.
import type { CommonsSpec } from '@csoc/common';
import { newId } from '@csoc/common';
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { findCommonsById } from '../../commons/commonsStore.ts';
import type { Updateable } from 'kysely';
import { nowIso } from '../../db/schema.ts';
import { orgSlugOf } from '../../identity/directory.ts';
import { InputError, UnavailableError, type FieldErrorDetail } from '../../errors.ts';
import type { AppContext } from '../../http/appContext.ts';
import { csocServerVersion } from '../../backup/backupManifest.ts';
import { ArgoCdError } from './argoCdClient.ts';
import { ClusterRegistrationError, destinationOf } from './argoCdRegistration.ts';
import {
  applicationsOf,
  ensureOrgProject,
  judgeAddons,
  keepAgentAccess,
  registerClusterAndProject,
  type CommonsApplications,
} from './prepareArgoCd.ts';
import { describeCondition, errorConditionsOf, isUnhealable } from './argoCdConditions.ts';
import {
  claimDeployLease,
  DEPLOY_LEASE_MS,
  releaseDeployLease,
  renewDeployLease,
  unfollowedDeploys,
} from './deployFollowLease.ts';
import { followerPollMs } from './deployFollowers.ts';
import { createGitopsReadToken } from '../repository/gitopsReadTokens.ts';
import { registerGitopsRepositoryOnce } from './registerGitopsRepositoryOnce.ts';
import { GitPushRejectedError } from '../repository/gitopsRepository.ts';
import type { DeployStatus, DeploysTable } from '../gitopsTables.ts';
import { renderCommonsGitOps, type RenderedCommonsGitOps } from '../rendering/renderCommonsGitOps.ts';
import { GitError } from '../repository/runGit.ts';
import { toRenderInput, type DeployableCommons } from '../rendering/toRenderInput.ts';
import {
  awaitIngestDelivery,
  startIngestCredentialDelivery,
} from '../../telemetry-ingest/deliverIngestCredential.ts';
import { awaitJoinTokenDelivery, startJoinTokenDelivery } from '../../agents/deliverJoinToken.ts';
import { secretDeliveryUnderWay } from '../../runs/secretEntryDelivery.ts';
import { renderableUserYaml } from '../../agents/actions/userYamlStore.ts';
import {
  activeTraceId,
  captureTraceContext,
  inStoredTrace,
  recordSpanInStoredTrace,
} from '../../telemetry/traceContext.ts';

export const TERMINAL_DEPLOY_STATUSES: DeployStatus[] = [
  'healthy',
  'degraded',
  'timeout',
  'failed',
  'removed',
];

/** Renderer field names → the commons document's, so errors point at what the user edits. */
function toCommonsField(field: string): string {
  if (field === 'release') return 'spec.gen3.release';
  if (field === 'tier') return 'spec.environment';
  if (field.startsWith('gen3.portal')) return field.replace(/^gen3\.portal/, 'spec.gen3.branding');
  if (field.startsWith('gen3.')) return `spec.${field}`;
  if (field.startsWith('outputs')) return `status.${field}`;
  return field;
}

export interface RenderedDeploy {
  spec: CommonsSpec;
  release: string;
  repositoryUrl: string;
  rendered: RenderedCommonsGitOps;
}

/**
 * Renders a commons' GitOps files from its spec and infrastructure outputs. Every problem is an
 * InputError/ConflictError naming the fields of the commons document (under `fieldPrefix`).
 */
export function renderCommonsFiles(
  context: AppContext,
  orgSlug: string,
  commons: Omit<DeployableCommons, 'org'>,
  fieldPrefix = '',
): RenderedDeploy {
  const { repository } = context.gitops;
  const repositoryUrl = repository.repoUrl(orgSlug);
  const input = toRenderInput({ ...commons, org: orgSlug }, repositoryUrl, context.publicUrl, {
    agentImage: context.config.agentImage,
    csocVersion: csocServerVersion(),
  });
  try {
    return {
      spec: commons.spec,
      release: commons.spec.gen3!.release,
      repositoryUrl,
      rendered: renderCommonsGitOps(input),
    };
  } catch (error) {
    if (error instanceof InputError) {
      const details: FieldErrorDetail[] = (error.details ?? []).map((detail) => ({
        ...detail,
        field: `${fieldPrefix}${toCommonsField(detail.field)}`,
      }));
      throw new InputError(`This commons cannot be rendered as it is: ${error.message}`, details, error.code);
    }
    throw error;
  }
}

/**
 * Renders the commons' current revision with the outputs of its last apply and the newest user.yaml saved
 * through CSOC (ADR 0078: every deploy, upgrades included, carries it).
 */
export async function renderForDeploy(
  context: AppContext,
  orgSlug: string,
  commons: CommonsTable,
): Promise<RenderedDeploy> {
  const userYaml = await renderableUserYaml(context.database.db, commons.id);
  return renderCommonsFiles(context, orgSlug, {
    name: commons.name,
    spec: JSON.parse(commons.spec) as CommonsSpec,
    infraStatus: commons.infra_status,
    outputs: JSON.parse(commons.outputs) as Record<string, unknown>,
    labels: JSON.parse(commons.labels) as Record<string, string>,
    ...(userYaml ? { userYaml: userYaml.content } : {}),
  });
}

export async function previewDeploy(context: AppContext, orgSlug: string, commons: CommonsTable) {
  const prepared = await renderForDeploy(context, orgSlug, commons);
  const { repository } = context.gitops;
  const preview = await withGitErrors(() =>
    repository.preview(orgSlug, prepared.rendered.directory, prepared.rendered.files),
  );
  return { ...prepared, ...preview };
}

async function withGitErrors<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof GitError)
      throw new UnavailableError(
        `The GitOps repository is unavailable: ${error.message}`,
        'gitops_unavailable',
      );
    throw error;
  }
}

export function timelineEntry(status: string, message: string) {
  return { at: nowIso(), status, message };
}

/**
 * Commits the rendered files and records the deploy. A push the remote refuses is recorded as a failed
 * deploy with the remote's message (nothing was published, no local commit is left on a branch).
 */
export async function createDeploy(
  context: AppContext,
  target: {
    orgId: string;
    orgSlug: string;
    commons: CommonsTable;
    requestedBy: { id: string; email: string; name: string };
    note?: string;
  },
): Promise<DeploysTable> {
  const { commons, orgSlug } = target;
  const prepared = await renderForDeploy(context, orgSlug, commons);
  const { repository } = context.gitops;
  const message = [
    `Deploy ${orgSlug}/${commons.name} revision ${commons.revision} (Gen3 ${prepared.release})`,
    '',
    ...(target.note ? [target.note, ''] : []),
    `Requested by ${target.requestedBy.email} through the CSOC.`,
    `Commons-Revision: ${commons.revision}`,
    `Gen3-Release: ${prepared.release}`,
  ].join('\n');
  // The follower and the first healthy probe continue the requester's trace (ADR 0039).
  const row = newDeployRow({
    orgId: target.orgId,
    commons,
    release: prepared.release,
    requestedBy: target.requestedBy,
    traceContext: captureTraceContext(),
  });
  const timeline = [timelineEntry('requested', `revision ${commons.revision}, Gen3 ${prepared.release}`)];
  try {
    const result = await inStoredTrace(
      row.trace_context,
      'gitops.commit',
      { 'csoc.deploy.id': row.id, 'csoc.commons': commons.name, 'csoc.org': orgSlug },
      async (span) => {
        // The commit names its trace, so a commit found in `git log` leads to the trace in the backend.
        const traceId = activeTraceId();
        const committed = await repository.commit(orgSlug, {
          directory: prepared.rendered.directory,
          files: prepared.rendered.files,
          author: {
            name: target.requestedBy.name || target.requestedBy.email,
            email: target.requestedBy.email,
          },
          message,
          ...(traceId ? { trailers: { 'CSOC-Trace-Id': traceId } } : {}),
        });
        if (committed.commit) span.setAttribute('vcs.ref.head.revision', committed.commit);
        return committed;
      },
    );
    row.commit_sha = result.commit ?? result.base;
    row.diff = result.diff;
    row.message = result.changed
      ? `committed ${result.commit!.slice(0, 12)} to ${repository.branch}${result.attempts > 1 ? ` after ${result.attempts} attempts (concurrent deploys)` : ''}`
      : 'nothing changed in the GitOps files; following Argo CD on the current commit';
    timeline.push(timelineEntry('committed', row.message));
  } catch (error) {
    if (!(error instanceof GitPushRejectedError) && !(error instanceof GitError)) throw error;
    row.status = 'failed';
    row.message = error instanceof GitPushRejectedError ? error.message : `git failed: ${error.message}`;
    row.finished_at = nowIso();
    timeline.push(timelineEntry('failed', row.message));
  }
  if (row.status !== 'failed') {
    timeline.push(...(await secretDeliveryTimelineEntries(context, { ...target, prepared })));
  }
  row.timeline = JSON.stringify(timeline);
  await context.database.db.insertInto('deploys').values(row).execute();
  return row;
}

type SecretDeliveryTarget = Parameters<typeof ingestCredentialTimelineEntry>[1];

/**
 * Starts the secret-manager deliveries the committed render needs (the telemetry agent's ingest credential,
 * csoc-agent's join token; ADR 0040, 0074) and returns their timeline lines; call it for every committed
 * deploy. Gen3's deploy goes on whatever happens here.
 */
export async function secretDeliveryTimelineEntries(
  context: AppContext,
  target: SecretDeliveryTarget,
): Promise<Array<ReturnType<typeof timelineEntry>>> {
  const telemetry = await ingestCredentialTimelineEntry(context, target);
  const agent = await startJoinTokenDelivery(context, {
    orgId: target.orgId,
    orgSlug: target.orgSlug,
    commons: target.commons,
    secretsYaml: target.prepared.rendered.files['secrets.yaml'],
    requestedBy: target.requestedBy,
  }).catch((error: Error) => {
    context.logger.warn({ err: error, commons: target.commons.name }, 'delivering the join token failed');
    return { message: `agent: the join token was not delivered: ${error.message}` };
  });
  return [telemetry, agent && timelineEntry('committed', agent.message)].filter(
    (entry) => entry !== undefined,
  );
}

/**
 * The commons' telemetry agent reads its ingest credential from the secret manager: issues and queues the
 * storing of one when the commons has none (docs/adr/0040), and returns the timeline line saying so; call
 * it for every committed deploy (one commons or a batch). Gen3's deploy goes on whatever happens here.
 */
export async function ingestCredentialTimelineEntry(
  context: AppContext,
  target: {
    orgId: string;
    orgSlug: string;
    commons: CommonsTable;
    requestedBy: { id: string; email: string; name: string };
    prepared: RenderedDeploy;
  },
): Promise<ReturnType<typeof timelineEntry> | undefined> {
  const delivery = await startIngestCredentialDelivery(context, {
    orgId: target.orgId,
    orgSlug: target.orgSlug,
    commons: target.commons,
    secretsYaml: target.prepared.rendered.files['secrets.yaml'],
    requestedBy: target.requestedBy,
  }).catch((error: Error) => {
    context.logger.warn(
      { err: error, commons: target.commons.name },
      'delivering the ingest credential failed',
    );
    return { message: `telemetry: the ingest credential was not delivered: ${error.message}` };
  });
  return delivery ? timelineEntry('committed', delivery.message) : undefined;
}

/** A deploy record as it starts, before its commit: the one shape person-made and batched deploys share. */
export function newDeployRow(start: {
  orgId: string;
  commons: Pick<CommonsTable, 'id' | 'revision'>;
  release: string;
  requestedBy: { id: string; email: string };
  traceContext: DeploysTable['trace_context'];
}): DeploysTable {
  return {
    id: newId(),
    org_id: start.orgId,
    commons_id: start.commons.id,
    revision: start.commons.revision,
    release: start.release,
    commit_sha: null,
    diff: '',
    status: 'committed',
    message: '',
    timeline: '[]',
    requested_by: start.requestedBy.email,
    requested_by_id: start.requestedBy.id,
    created_at: nowIso(),
    finished_at: null,
    follower_id: null,
    follower_lease_expires_at: null,
    trace_context: start.traceContext,
    healthy_probe_traced_at: null,
  };
}

/** What a deploy record's read-modify-write sees. */
interface DeployRecordNow {
  timeline: string;
  status: DeployStatus;
  message: string;
}

/**
 * Changes a deploy record from what it is now, as a compare-and-set on the fields read: the follower moves
 * the status while other tasks add notes to the same timeline, and a plain read-then-write would drop
 * whichever line was written second. On a lost race it reads again and reapplies `change`.
 */
async function changeDeployRecord(
  context: AppContext,
  deployId: string,
  change: (current: DeployRecordNow) => Partial<Updateable<DeploysTable>> | undefined,
): Promise<void> {
  const db = context.database.db;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const current = await db
      .selectFrom('deploys')
      .select(['timeline', 'status', 'message'])
      .where('id', '=', deployId)
      .executeTakeFirst();
    if (!current) return;
    const update = change(current as DeployRecordNow);
    if (!update) return;
    const result = await db
      .updateTable('deploys')
      .set(update)
      .where('id', '=', deployId)
      .where('timeline', '=', current.timeline)
      .where('status', '=', current.status)
      .where('message', '=', current.message)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return;
  }
  throw new Error(`deploy ${deployId}: its record kept changing while this change was written; try again`);
}

/** Adds a line to a deploy's timeline without changing its status (also after it finished). */
export async function noteOnDeploy(context: AppContext, deployId: string, message: string): Promise<void> {
  await changeDeployRecord(context, deployId, (current) => {
    const timeline = JSON.parse(current.timeline) as Array<{ message?: string }>;
    if (timeline.some((entry) => entry.message === message)) return undefined;
    timeline.push(timelineEntry(current.status, message));
    return { timeline: JSON.stringify(timeline) };
  });
}

type AwaitSecretDeliveryOutcome = typeof awaitIngestDelivery;

/**
 * Tells on the deploy's timeline how one of its secret deliveries (the ingest credential, the agent's join
 * token) ended, when it had one; `awaitOutcome` says which and words the line.
 */
async function followSecretDelivery(
  context: AppContext,
  deployId: string,
  signal: AbortSignal,
  awaitOutcome: AwaitSecretDeliveryOutcome,
) {
  const row = await context.database.db
    .selectFrom('deploys')
    .select(['commons_id', 'created_at'])
    .where('id', '=', deployId)
    .executeTakeFirst();
  if (!row) return;
  const outcome = await awaitOutcome(
    context,
    { commonsId: row.commons_id, since: row.created_at },
    {
      signal,
      deadline: Date.parse(row.created_at) + context.config.deployTimeoutSeconds * 1000,
      pollMs: followerPollMs(context.deployFollowers, context.gitops.pollMs),
    },
  );
  if (outcome) await noteOnDeploy(context, deployId, outcome.message);
}

/** Moves a deploy record to a status with a message (a timeline entry when either changes). */
export async function transition(
  context: AppContext,
  deployId: string,
  status: DeployStatus,
  message: string,
  finished: boolean,
): Promise<void> {
  await changeDeployRecord(context, deployId, (current) => {
    const changed = current.status !== status || current.message !== message;
    if (!changed && !finished) return undefined;
    const timeline = JSON.parse(current.timeline) as unknown[];
    if (changed) timeline.push(timelineEntry(status, message));
    return {
      status,
      message,
      timeline: JSON.stringify(timeline),
      ...(finished ? { finished_at: nowIso() } : {}),
    };
  });
}

/**
 * Follows a deploy in the background when no other CSOC process does (a lease in the deploys table);
 * the process that created a deploy normally claims it at once.
 */
export function startFollowingDeploy(context: AppContext, deployId: string): void {
  const followers = context.deployFollowers;
  if (followers.stopped || followers.following.has(deployId)) return;
  followers.following.add(deployId);
  const controller = new AbortController();
  followers.controllers.add(controller);
  const running = (async () => {
    if (!(await claimDeployLease(context.database, deployId, followers.id))) return;
    // The delivery of the ingest credential is told on the timeline when its run ends, which may be after
    // the deploy finished: the lease is not held for it (stopping aborts both).
    const delivery = Promise.all([
      followSecretDelivery(context, deployId, controller.signal, awaitIngestDelivery).catch(
        (error: unknown) =>
          context.logger.warn({ err: error, deployId }, 'following the ingest credential delivery failed'),
      ),
      followSecretDelivery(context, deployId, controller.signal, awaitJoinTokenDelivery).catch(
        (error: unknown) =>
          context.logger.warn({ err: error, deployId }, 'following the join token delivery failed'),
      ),
    ]);
    try {
      await followDeploy(context, deployId, followers.id, controller.signal);
    } finally {
      await releaseDeployLease(context.database, deployId, followers.id);
    }
    await delivery;
  })()
    .catch((error: unknown) => context.logger.error({ err: error, deployId }, 'following a deploy failed'))
    .finally(() => {
      followers.following.delete(deployId);
      followers.controllers.delete(controller);
      followers.running.delete(running);
    });
  followers.running.add(running);
}

/** Stops every follower of this process (at shutdown) and gives their leases up for another process. */
export async function stopFollowingDeploys(context: AppContext): Promise<void> {
  const followers = context.deployFollowers;
  followers.stopped = true;
  if (followers.sweeper) clearInterval(followers.sweeper);
  followers.sweeper = undefined;
  for (const controller of followers.controllers) controller.abort();
  await Promise.allSettled([...followers.running]);
}

/**
 * Claims every unfinished deploy nobody follows (at start, then every half lease), so the deploys of a
 * process that died are followed to the end by another one.
 */
export async function resumeUnfinishedDeploys(context: AppContext): Promise<number> {
  const followers = context.deployFollowers;
  if (followers.stopped) return 0;
  if (!followers.sweeper) {
    followers.sweeper = setInterval(() => {
      void unfollowedDeploys(context.database)
        .then((ids) => ids.forEach((id) => startFollowingDeploy(context, id)))
        .catch((error: unknown) =>
          context.logger.warn({ err: error }, 'looking for unfollowed deploys failed'),
        );
    }, DEPLOY_LEASE_MS / 2);
    followers.sweeper.unref();
  }
  const ids = await unfollowedDeploys(context.database);
  for (const id of ids) startFollowingDeploy(context, id);
  return ids.length;
}

/** Waits `ms`, or less when `signal` aborts; removes its abort listener either way (followers loop long). */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

async function followDeploy(
  context: AppContext,
  deployId: string,
  follower: string,
  signal: AbortSignal,
): Promise<void> {
  const db = context.database.db;
  const row = await db.selectFrom('deploys').selectAll().where('id', '=', deployId).executeTakeFirst();
  if (!row || row.finished_at || !row.commit_sha) return;
  const commit = row.commit_sha;
  const org = { slug: await orgSlugOf(db, row.org_id) };
  const commons = await findCommonsById(db, row.commons_id);
  const services = context.gitops;
  const argo = services.argoCdFor(org.slug);
  if (!argo) {
    await transition(
      context,
      deployId,
      'committed',
      'No Argo CD is configured (CSOC_ARGOCD_URL): the commit waits for an Argo CD to pull it; sync is not followed.',
      true,
    );
    return;
  }
  const appName = `gen3-${commons.name}`;
  const deadline = Date.parse(row.created_at) + context.config.deployTimeoutSeconds * 1000;
  const { repository } = services;
  const directory = `${org.slug}/${commons.name}`;
  let lastProblem = '';
  /** Whether Argo CD reports an (unhealable) error condition, and since when this follower sees it. */
  let stuck: { unhealable: boolean; since: number } | undefined;
  /** register → addons (waiting for the cluster add-ons) → gen3 (upsert it) → following its sync. */
  let stage: 'register' | 'addons' | 'gen3' | 'following' = 'register';
  let applications: CommonsApplications = {};
  let addonsStuckSince: number | undefined;
  let polls = 0;
  let leaseRenewedAt = Date.now();
  /** When this follower asked Argo CD to sync, and first saw the commit Synced: spans of the deploy's trace. */
  let syncRequestedAt = Date.now();
  let syncedSeenAt: number | undefined;
  const spanAttributes = { 'csoc.deploy.id': deployId, 'csoc.commons': commons.name, 'csoc.org': org.slug };
  while (!signal.aborted) {
    // Renew the lease a third of the way through it; a lost lease means another process follows now.
    if (Date.now() - leaseRenewedAt > DEPLOY_LEASE_MS / 3) {
      if (!(await renewDeployLease(context.database, deployId, follower))) {
        context.logger.info({ deployId }, 'another CSOC process follows this deploy now');
        return;
      }
      leaseRenewedAt = Date.now();
    }
    if (Date.now() > deadline) {
      await transition(
        context,
        deployId,
        'timeout',
        `not Synced and Healthy after ${context.config.deployTimeoutSeconds} s${lastProblem ? `: ${lastProblem}` : ''}`,
        true,
      );
      return;
    }
    try {
      if (stage === 'register') {
        // Argo CD needs the repository's credentials, the cluster, the org's AppProject and the
        // Applications; all are idempotent upserts.
        const repoUrl = repository.repoUrl(org.slug);
        if (repository.mode === 'local')
          await registerGitopsRepositoryOnce(argo, repoUrl, async () => {
            const { token } = await createGitopsReadToken(db, row.org_id, 'argocd', 'csoc (deploy)', {
              replaceSameName: true,
            });
            await argo.upsertRepository({ repo: repoUrl, username: 'argocd', password: token });
          });
        const appYaml = await repository.readFile(org.slug, `${org.slug}/${commons.name}/app.yaml`);
        applications = appYaml ? applicationsOf(appYaml, commons.name) : {};
        if (!applications.gen3)
          throw new Error(`no Application gen3-${commons.name} in ${org.slug}/${commons.name}/app.yaml`);
        await registerClusterAndProject(argo, {
          org: org.slug,
          commons: commons.name,
          repositoryUrl: repoUrl,
          outputs: JSON.parse(commons.outputs) as Record<string, unknown>,
          applications: [applications.gen3, ...(applications.addons ? [applications.addons] : [])],
        });
        // csoc-agent's read Role in Argo CD's namespace, in its own project (ADR 0083).
        await keepAgentAccess(argo, {
          commons: commons.name,
          repositoryUrl: repoUrl,
          application: applications.agentAccess,
        });
        if (applications.addons) {
          await argo.upsertApplication(applications.addons);
          await argo.syncApplication(applications.addons.metadata.name).catch(() => undefined);
          stage = 'addons';
          await transition(
            context,
            deployId,
            'syncing',
            `installing the cluster add-ons (${applications.addons.metadata.name}) before Gen3`,
            false,
          );
        } else stage = 'gen3';
      }
      if (stage === 'addons') {
        // Gen3's ExternalSecrets need the add-ons' CRDs: the Gen3 Application waits for Synced + Healthy.
        const addonsName = applications.addons!.metadata.name;
        const addons = await argo.getApplication(addonsName, { refresh: 'normal' });
        const verdict = judgeAddons(addons?.status);
        if (verdict.state === 'failed') {
          await transition(
            context,
            deployId,
            'degraded',
            `the cluster add-ons (${addonsName}) did not become healthy, so Gen3 was not deployed: ${verdict.reason}`,
            true,
          );
          return;
        }
        if (verdict.state === 'waiting') {
          const condition = errorConditionsOf(addons?.status)[0];
          lastProblem = condition
            ? describeCondition(condition)
            : `cluster add-ons ${addonsName}: ${verdict.reason}`;
          if (condition && isUnhealable(condition)) {
            addonsStuckSince ??= Date.now();
            if (Date.now() - addonsStuckSince >= context.config.deployConditionGraceSeconds * 1000) {
              await transition(
                context,
                deployId,
                'degraded',
                `Argo CD cannot sync the cluster add-ons (${addonsName}): ${lastProblem} (this does not heal by itself: fix it, then deploy again)`,
                true,
              );
              return;
            }
          } else addonsStuckSince = undefined;
          await sleep(followerPollMs(context.deployFollowers, services.pollMs), signal);
          continue;
        }
        stage = 'gen3';
      }
      if (stage === 'gen3') {
        // Another deploy of the org may have replaced the project meanwhile (see ensureOrgProject).
        await ensureOrgProject(argo, org.slug, repository.repoUrl(org.slug), [
          destinationOf(applications.gen3!),
        ]);
        await argo.upsertApplication(applications.gen3!);
        await argo.syncApplication(appName).catch(() => undefined); // already syncing is fine
        syncRequestedAt = Date.now();
        stage = 'following';
        await transition(
          context,
          deployId,
          'syncing',
          `Argo CD application ${appName} is syncing ${commit.slice(0, 12)}`,
          false,
        );
      }
      const refreshEvery = services.simulatedArgoCd ? 1 : 5;
      const application = await argo.getApplication(
        appName,
        polls++ % refreshEvery === 0 ? { refresh: 'normal' } : {},
      );
      const status = application?.status;
      if (!application) {
        // The Application is gone: a destroy may have removed Gen3 (removeGen3Deployment.ts) meanwhile.
        const removal = await db
          .selectFrom('deploys')
          .select('id')
          .where('commons_id', '=', row.commons_id)
          .where('id', '>', row.id)
          .where('status', 'in', ['removing', 'removed'])
          .executeTakeFirst();
        if (removal) {
          await transition(
            context,
            deployId,
            'degraded',
            `Gen3 was removed from this commons (removal ${removal.id}, before a destroy) before Argo CD synced this deploy`,
            true,
          );
          return;
        }
      }
      if (status) {
        const revision = status.sync.revision ?? status.sync.revisions?.[0];
        const operationRevision = status.operationState?.syncResult?.revision;
        // Argo CD syncs the branch head: a later commit (other commons deployed meanwhile) carries ours.
        const carried = revision ? await repository.carries(org.slug, revision, commit, directory) : 'no';
        const shortRevision = revision?.slice(0, 12) ?? '';
        if (carried === 'yes' && status.sync.status === 'Synced' && syncedSeenAt === undefined) {
          syncedSeenAt = Date.now();
          recordSpanInStoredTrace(row.trace_context, 'argocd.synced', {
            startTime: syncRequestedAt,
            endTime: syncedSeenAt,
            attributes: {
              ...spanAttributes,
              'vcs.ref.head.revision': revision!,
              'argocd.application': appName,
            },
          });
        }
        if (carried === 'yes' && status.sync.status === 'Synced' && status.health.status === 'Healthy') {
          recordSpanInStoredTrace(row.trace_context, 'argocd.healthy', {
            startTime: syncedSeenAt ?? Date.now(),
            endTime: Date.now(),
            attributes: { ...spanAttributes, 'argocd.application': appName },
          });
          await transition(
            context,
            deployId,
            'healthy',
            revision === commit
              ? `Synced and Healthy at ${commit.slice(0, 12)}`
              : `Synced and Healthy at ${shortRevision}, which contains ${commit.slice(0, 12)} with ${directory} unchanged`,
            true,
          );
          return;
        }
        const ours =
          carried === 'yes' ||
          (operationRevision !== undefined &&
            (operationRevision === commit ||
              (await repository.carries(org.slug, operationRevision, commit, directory)) === 'yes'));
        // Degraded while this deploy's secret delivery still runs is not final: the entry it writes may be
        // what the application lacks, and ESO heals it once written (ADR 0074).
        const healing =
          status.health.status === 'Degraded' &&
          !['Failed', 'Error'].includes(status.operationState?.phase ?? '') &&
          (await secretDeliveryUnderWay(context, row.commons_id, row.created_at)) !== undefined;
        if (
          ours &&
          !healing &&
          (status.health.status === 'Degraded' ||
            ['Failed', 'Error'].includes(status.operationState?.phase ?? ''))
        ) {
          const detail =
            status.operationState?.phase === 'Failed' || status.operationState?.phase === 'Error'
              ? status.operationState.message
              : status.health.message;
          await transition(
            context,
            deployId,
            'degraded',
            `Argo CD reports ${status.health.status} (${status.sync.status}, operation ${status.operationState?.phase ?? 'none'})${detail ? `: ${detail}` : ''}`,
            true,
          );
          return;
        }
        if (carried === 'superseded' && status.sync.status === 'Synced') {
          const newer = await db
            .selectFrom('deploys')
            .select('id')
            .where('commons_id', '=', row.commons_id)
            .where('id', '>', row.id)
            .where('status', '!=', 'failed')
            .executeTakeFirst();
          await transition(
            context,
            deployId,
            status.health.status === 'Healthy' ? 'healthy' : 'degraded',
            `superseded by ${newer ? `deploy ${newer.id}` : `a later commit to ${directory}`} before Argo CD synced it; the application is ${status.health.status}`,
            true,
          );
          return;
        }
        // Say why Argo CD is stuck; a condition that cannot heal ends the deploy after the grace period.
        const condition = errorConditionsOf(status)[0];
        if (condition) {
          const reason = describeCondition(condition);
          // The grace counts while unhealable conditions last, whatever their wording does meanwhile.
          const unhealable = isUnhealable(condition);
          if (stuck?.unhealable !== unhealable) stuck = { unhealable, since: Date.now() };
          const persistedMs = Date.now() - stuck.since;
          if (unhealable && persistedMs >= context.config.deployConditionGraceSeconds * 1000) {
            await transition(
              context,
              deployId,
              'degraded',
              `Argo CD cannot sync ${commit.slice(0, 12)}: ${reason} (for ${Math.round(persistedMs / 1000)} s; this does not heal by itself: fix it, then deploy again)`,
              true,
            );
            return;
          }
          await transition(context, deployId, 'syncing', `waiting for Argo CD: ${reason}`, false);
        } else if (stuck) {
          stuck = undefined;
          await transition(
            context,
            deployId,
            'syncing',
            `Argo CD application ${appName} is syncing ${commit.slice(0, 12)}`,
            false,
          );
        }
        lastProblem = condition
          ? describeCondition(condition)
          : `${status.sync.status}/${status.health.status}`;
      }
    } catch (error) {
      lastProblem = (error as Error).message.slice(0, 500);
      // Argo CD refusing the cluster, the project or an Application (invalid, not permitted) does not heal.
      if (
        (stage === 'register' || stage === 'gen3') &&
        (error instanceof ClusterRegistrationError ||
          (error instanceof ArgoCdError && [400, 403].includes(error.status)))
      ) {
        await transition(
          context,
          deployId,
          'degraded',
          `Argo CD refused the commons before any sync: ${lastProblem}`,
          true,
        );
        return;
      }
    }
    await sleep(followerPollMs(context.deployFollowers, services.pollMs), signal);
  }
}

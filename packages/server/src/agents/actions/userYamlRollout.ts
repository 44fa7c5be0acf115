// A saved user.yaml's way to the commons (ADR 0078): a GitOps deploy renders it into fence's values (the
// chart's USER_YAML, usersync reading that copy), and only once that deploy is Synced and Healthy does the
// usersync action run, so usersync reads the new file. A deploy that does not end Healthy means no usersync
// and a status saying so. Each step is audited with who and the result, never the content. Any CSOC
// process may follow a rollout: every move is a compare-and-set on the version's state.
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { findCommonsById } from '../../commons/commonsStore.ts';
import { appendAuditEvent } from '../../audit/auditLog.ts';
import { DomainError, UnavailableError } from '../../errors.ts';
import type { AppContext } from '../../http/appContext.ts';
import { orgSlugOf } from '../../identity/directory.ts';
import {
  createDeploy,
  noteOnDeploy,
  sleep,
  startFollowingDeploy,
} from '../../gitops/deploys/deployService.ts';
import { approveClusterAction, createClusterAction, findClusterAction } from './clusterActionStore.ts';
import type { UserYamlState, UserYamlVersionsTable } from './clusterActionTables.ts';
import { startClusterAction } from './requestClusterAction.ts';
import { moveUserYamlVersion, recordUserYamlDeploy, unfinishedUserYamlRollouts } from './userYamlStore.ts';

/** The rollouts this process follows, so a stop can end them (and a version is followed once here). */
interface Followers {
  following: Set<string>;
  controllers: Set<AbortController>;
  running: Set<Promise<void>>;
  stopped: boolean;
}
const followersOf = new WeakMap<AppContext, Followers>();
function followers(context: AppContext): Followers {
  let found = followersOf.get(context);
  if (!found) {
    found = { following: new Set(), controllers: new Set(), running: new Set(), stopped: false };
    followersOf.set(context, found);
  }
  return found;
}

export interface Person {
  id: string;
  email: string;
  name: string;
  /** How the audit log and the action name them (the email, or the token). */
  label: string;
}

/**
 * Refuses when the commons' agent is not connected (as requireAgent does); awaits the hub's answer whether
 * it is given at once or looked up across replicas.
 */
export async function requireConnectedAgent(context: AppContext, commons: CommonsTable): Promise<void> {
  if (!(await Promise.resolve(context.agentHub.isConnected(commons.id))))
    throw new UnavailableError(
      "The commons' agent is not connected to this CSOC; check GET …/commons/{commons}/agent, then retry.",
      'agent_not_connected',
    );
}

const targetOf = (orgSlug: string, commons: string) => `orgs/${orgSlug}/commons/${commons}/user-yaml`;

async function audit(
  context: AppContext,
  version: UserYamlVersionsTable,
  commonsName: string,
  event: {
    action: string;
    ok: boolean;
    summary: Record<string, unknown>;
    actor?: { id: string; label: string };
  },
): Promise<void> {
  await appendAuditEvent(context.database, {
    actorKind: event.actor ? 'user' : 'system',
    actorId: event.actor?.id ?? null,
    actorLabel: event.actor?.label ?? 'csoc (user.yaml rollout)',
    orgId: version.org_id,
    action: event.action,
    target: targetOf(await orgSlugOf(context.database.db, version.org_id), commonsName),
    outcome: event.ok ? 'success' : 'failure',
    // Who saved which version, and what happened: never the content.
    summary: {
      version: version.version,
      sha256: version.sha256,
      savedBy: version.saved_by,
      ...event.summary,
    },
  });
}

/**
 * Older versions still waiting for a second person, or whose deploy is still under way, are superseded by
 * `version`: only the newest save deploys and runs usersync (an older deploy in flight ends as it ends).
 */
export async function supersedeOlderVersions(
  context: AppContext,
  version: UserYamlVersionsTable,
): Promise<void> {
  await context.database.db
    .updateTable('user_yaml_versions')
    .set({
      state: 'superseded',
      state_message: `version ${version.version} was saved before this one reached the commons; usersync runs for that one`,
    })
    .where('commons_id', '=', version.commons_id)
    .where('version', '<', version.version)
    .where('state', 'in', ['pending-approval', 'deploying'])
    .execute();
}

/**
 * Deploys the commons with `version` (state `deploying`) through the normal deploy path, links the deploy to
 * the version, and follows it in the background until usersync has run. Never throws for a deploy that
 * cannot start: the version ends `deploy-failed` with the reason.
 */
export async function rollOutUserYaml(
  context: AppContext,
  input: {
    orgSlug: string;
    commons: CommonsTable;
    version: UserYamlVersionsTable;
    /** Who made the deploy happen: the saver, or on prod the approver. */
    requestedBy: Person;
  },
): Promise<UserYamlVersionsTable> {
  const { commons, version, orgSlug } = input;
  const db = context.database.db;
  await supersedeOlderVersions(context, version);
  const approved = version.approved_by ? `, approved by ${version.approved_by}` : '';
  let deployId: string;
  try {
    const deploy = await createDeploy(context, {
      orgId: commons.org_id,
      orgSlug,
      commons,
      requestedBy: { id: input.requestedBy.id, email: input.requestedBy.email, name: input.requestedBy.name },
      note: `Carries user.yaml version ${version.version} (sha256 ${version.sha256.slice(0, 12)}) saved by ${version.saved_by}${approved}; usersync runs once it is Synced and Healthy.`,
    });
    deployId = deploy.id;
    await noteOnDeploy(
      context,
      deploy.id,
      `user.yaml version ${version.version} saved by ${version.saved_by}${approved} (GET …/commons/${commons.name}/user-yaml): usersync runs once this deploy is Healthy`,
    );
    await recordUserYamlDeploy(db, version.id, deploy.id);
    await audit(context, version, commons.name, {
      action: 'user-yaml.deploy',
      ok: deploy.status !== 'failed',
      actor: input.requestedBy,
      summary: {
        deploy: deploy.id,
        status: deploy.status,
        ...(deploy.commit_sha ? { commit: deploy.commit_sha } : {}),
      },
    });
    if (deploy.status !== 'failed') startFollowingDeploy(context, deploy.id);
  } catch (error) {
    const reason =
      error instanceof DomainError ? error.message : 'the deploy failed unexpectedly; see the CSOC log';
    if (!(error instanceof DomainError))
      context.logger.error({ err: error, commons: commons.name }, 'the deploy of a saved user.yaml failed');
    const message = `The deploy could not start: ${reason} usersync was not run; fix that, then deploy the commons (it carries this user.yaml).`;
    await moveUserYamlVersion(db, version.id, 'deploying', {
      state: 'deploy-failed',
      state_message: message,
    });
    await audit(context, version, commons.name, {
      action: 'user-yaml.deploy',
      ok: false,
      actor: input.requestedBy,
      summary: { result: message },
    });
    return { ...version, state: 'deploy-failed', state_message: message };
  }
  followUserYamlRollout(context, version.id);
  return { ...version, deploy_id: deployId };
}

/** Follows a version's rollout in the background (once per process); the follow records its own end. */
export function followUserYamlRollout(context: AppContext, versionId: string): void {
  const state = followers(context);
  if (state.stopped || state.following.has(versionId)) return;
  state.following.add(versionId);
  const controller = new AbortController();
  state.controllers.add(controller);
  const running = follow(context, versionId, controller.signal)
    .catch((error: unknown) =>
      context.logger.warn({ err: error, versionId }, 'following a user.yaml rollout failed'),
    )
    .finally(() => {
      state.following.delete(versionId);
      state.controllers.delete(controller);
      state.running.delete(running);
    });
  state.running.add(running);
}

/** Resumes following every rollout under way (at start: the process that began one may be gone). */
export async function resumeUserYamlRollouts(context: AppContext): Promise<number> {
  const unfinished = await unfinishedUserYamlRollouts(context.database.db);
  for (const version of unfinished) {
    // Moved to usersync by a process that stopped before it recorded the action: nothing runs it now.
    if (version.state === 'usersync' && !version.usersync_action_id) {
      await moveUserYamlVersion(context.database.db, version.id, 'usersync', {
        state: 'usersync-failed',
        state_message:
          'CSOC stopped before usersync started; the commons carries this user.yaml: run usersync (POST …/cluster/actions {"action":"usersync"}).',
      });
      continue;
    }
    followUserYamlRollout(context, version.id);
  }
  return unfinished.length;
}

export async function stopFollowingUserYamlRollouts(context: AppContext): Promise<void> {
  const state = followers(context);
  state.stopped = true;
  for (const controller of state.controllers) controller.abort();
  await Promise.allSettled([...state.running]);
}

/** How long a save may take to record its deploy before a follower takes it for lost. */
const DEPLOY_START_GRACE_MS = 10 * 60_000;

const pollMsOf = (context: AppContext) => Math.max(200, Math.min(2_000, context.gitops.pollMs));

async function follow(context: AppContext, versionId: string, signal: AbortSignal): Promise<void> {
  const db = context.database.db;
  while (!signal.aborted) {
    const version = await db
      .selectFrom('user_yaml_versions')
      .selectAll()
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!version) return;
    if (version.state === 'deploying') {
      const deploy = version.deploy_id
        ? await db
            .selectFrom('deploys')
            .select(['id', 'status', 'message', 'finished_at'])
            .where('id', '=', version.deploy_id)
            .executeTakeFirst()
        : undefined;
      if (
        !version.deploy_id &&
        !version.approved_by_id && // saved long before its approval: saved_at says nothing of the deploy
        Date.now() - Date.parse(version.saved_at) > DEPLOY_START_GRACE_MS
      ) {
        // The process that saved it stopped before its deploy was recorded: nothing carries it yet.
        await moveUserYamlVersion(db, version.id, 'deploying', {
          state: 'deploy-failed',
          state_message:
            'CSOC stopped before the deploy of this user.yaml was recorded; usersync was not run. Deploy the commons (it carries this user.yaml), then run usersync.',
        });
        continue;
      }
      if (!deploy?.finished_at) {
        await sleep(pollMsOf(context), signal);
        continue;
      }
      const commons = await findCommonsById(db, version.commons_id);
      if (deploy.status !== 'healthy') {
        const message = `Deploy ${deploy.id} ended ${deploy.status}${deploy.message ? `: ${deploy.message}` : ''}. usersync was not run (it would read the user.yaml the commons had before); fix the cause, then deploy the commons again and run usersync, or save again.`;
        if (
          await moveUserYamlVersion(db, version.id, 'deploying', {
            state: 'deploy-failed',
            state_message: message,
          })
        )
          await audit(context, version, commons.name, {
            action: 'user-yaml.deploy',
            ok: false,
            summary: { deploy: deploy.id, status: deploy.status, result: message },
          });
        return;
      }
      if (!(await moveUserYamlVersion(db, version.id, 'deploying', { state: 'usersync' }))) continue;
      await startUsersync(context, version, commons);
      continue;
    }
    if (version.state === 'usersync' && version.usersync_action_id) {
      const action = await findClusterAction(db, version.commons_id, version.usersync_action_id).catch(
        () => undefined,
      );
      if (action && action.state !== 'succeeded' && action.state !== 'failed') {
        await sleep(pollMsOf(context), signal);
        continue;
      }
      const ok = action?.state === 'succeeded';
      const message = ok
        ? `usersync ${action.id} succeeded: the commons reads user.yaml version ${version.version}`
        : `usersync ${version.usersync_action_id} failed${action?.result_message ? `: ${action.result_message}` : ''}. The commons carries this user.yaml; run usersync again once the cause is fixed.`;
      const next: UserYamlState = ok ? 'done' : 'usersync-failed';
      if (await moveUserYamlVersion(db, version.id, 'usersync', { state: next, state_message: message })) {
        const commons = await findCommonsById(db, version.commons_id);
        await audit(context, version, commons.name, {
          action: 'user-yaml.usersync',
          ok,
          summary: {
            usersyncAction: version.usersync_action_id,
            state: action?.state ?? 'failed',
            result: message,
          },
        });
      }
      return;
    }
    if (version.state === 'usersync') {
      // Another process moved it and is recording its action right now.
      await sleep(pollMsOf(context), signal);
      continue;
    }
    return;
  }
}

/** Runs usersync for a version whose deploy is Healthy; a usersync that cannot start ends the version failed. */
async function startUsersync(
  context: AppContext,
  version: UserYamlVersionsTable,
  commons: CommonsTable,
): Promise<void> {
  const db = context.database.db;
  try {
    await requireConnectedAgent(context, commons);
    let action = await createClusterAction(db, {
      orgId: commons.org_id,
      commonsId: commons.id,
      commonsName: commons.name,
      action: 'usersync',
      target: null,
      requestedById: version.saved_by_id ?? 'unknown',
      requestedByLabel: version.saved_by,
      // The second person approved the save, and with it this usersync (ADR 0078).
      state: version.approved_by_id ? 'pending-approval' : 'running',
    });
    if (version.approved_by_id) {
      await approveClusterAction(db, action.id, { id: version.approved_by_id, label: version.approved_by! });
      action = await findClusterAction(db, commons.id, action.id);
    }
    await moveUserYamlVersion(db, version.id, 'usersync', { usersync_action_id: action.id });
    await audit(context, version, commons.name, {
      action: 'user-yaml.usersync',
      ok: true,
      summary: { usersyncAction: action.id, state: 'running', deploy: version.deploy_id },
    });
    startClusterAction(context, action);
  } catch (error) {
    const reason = error instanceof DomainError ? error.message : 'it could not be started; see the CSOC log';
    if (!(error instanceof DomainError))
      context.logger.error({ err: error, commons: commons.name }, 'usersync after a user.yaml deploy failed');
    const message = `The deploy is Healthy, but usersync was not run: ${reason} The commons carries this user.yaml; run usersync (POST …/cluster/actions {"action":"usersync"}).`;
    if (
      await moveUserYamlVersion(db, version.id, 'usersync', {
        state: 'usersync-failed',
        state_message: message,
      })
    )
      await audit(context, version, commons.name, {
        action: 'user-yaml.usersync',
        ok: false,
        summary: { result: message },
      });
  }
}

// Gen3 leaves a commons before its infrastructure is destroyed: a commit removes the commons' GitOps
// folder, Argo CD deletes the Application with cascade (pruning everything it deployed), and the destroy
// goes on only once the Application is gone. The removal is a record in `deploys` (status removing →
// removed), so it is audited with the deploys, and the fleet shows it at each step.
import { newId } from '@csoc/common';
import { findCommonsById } from '../../commons/commonsStore.ts';
import { nowIso } from '../../db/schema.ts';
import { commitAuthorOf, orgSlugOf } from '../../identity/directory.ts';
import type { AppContext } from '../../http/appContext.ts';
import { sleep, timelineEntry, transition } from './deployService.ts';
import { GitPushRejectedError } from '../repository/gitopsRepository.ts';
import type { DeploysTable } from '../gitopsTables.ts';
import { GitError } from '../repository/runGit.ts';
import type { ArgoApplication, ArgoCdClient } from './argoCdClient.ts';
import { destinationOf } from './argoCdRegistration.ts';
import { applicationsOf } from './prepareArgoCd.ts';
import { IN_CLUSTER_SERVER } from '../rendering/renderClusterAddons.ts';
import { csocAgentAccessApplicationName } from '../rendering/renderCsocAgent.ts';
import { captureTraceContext } from '../../telemetry/traceContext.ts';

export interface RemoveGen3Options {
  orgId: string;
  commonsId: string;
  /** The destroy run doing it (named in the commit and the record). */
  runId: string;
  requestedById: string;
  requestedBy: string;
  signal: AbortSignal;
  /** A line for the run's output. */
  log(line: string): void;
}

export interface RemoveGen3Result {
  /** True when nothing of Gen3 is left (or nothing was ever deployed): the destroy may go on. */
  removed: boolean;
  message: string;
  deployId?: string;
}

/** Removes the commons' Gen3 application from GitOps and waits for Argo CD to prune it. */
export async function removeGen3Deployment(
  context: AppContext,
  options: RemoveGen3Options,
): Promise<RemoveGen3Result> {
  const db = context.database.db;
  const org = { slug: await orgSlugOf(db, options.orgId) };
  const commons = await findCommonsById(db, options.commonsId);
  const services = context.gitops;
  const { repository } = services;
  const directory = `${org.slug}/${commons.name}`;
  const appName = `gen3-${commons.name}`;
  const argo = services.argoCdFor(org.slug);
  const lastDeploy = await db
    .selectFrom('deploys')
    .select(['release'])
    .where('commons_id', '=', options.commonsId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!lastDeploy) return { removed: true, message: 'Gen3 was never deployed to this commons.' };

  const row: DeploysTable = {
    id: newId(),
    org_id: options.orgId,
    commons_id: options.commonsId,
    revision: commons.revision,
    release: lastDeploy.release,
    commit_sha: null,
    diff: '',
    status: 'removing',
    message: '',
    timeline: '[]',
    requested_by: options.requestedBy,
    requested_by_id: options.requestedById,
    created_at: nowIso(),
    finished_at: null,
    follower_id: null,
    follower_lease_expires_at: null,
    // Inside the destroy run's span: the removal belongs to that run's trace (ADR 0039).
    trace_context: captureTraceContext(),
    healthy_probe_traced_at: null,
  };
  // The cluster add-ons and the cluster registration go after Gen3 (read before the files leave Git).
  const appYaml = await repository.readFile(org.slug, `${directory}/app.yaml`).catch(() => undefined);
  const addons = appYaml ? applicationsOf(appYaml, commons.name).addons : undefined;
  const timeline = [timelineEntry('requested', `remove Gen3 before destroy run ${options.runId}`)];
  try {
    const result = await repository.commit(org.slug, {
      directory,
      files: {},
      removeOthers: true,
      author: await commitAuthorOf(db, options.requestedById),
      message: [
        `Remove Gen3 from ${directory} (destroy run ${options.runId})`,
        '',
        `Requested by ${options.requestedBy} through the CSOC: the infrastructure is destroyed next.`,
        `Commons-Revision: ${commons.revision}`,
      ].join('\n'),
    });
    row.commit_sha = result.commit ?? result.base;
    row.diff = result.diff;
    row.message = result.changed
      ? `removed ${directory} from GitOps in ${result.commit!.slice(0, 12)}`
      : `${directory} has no files in GitOps any more`;
  } catch (error) {
    if (!(error instanceof GitPushRejectedError) && !(error instanceof GitError)) throw error;
    row.status = 'failed';
    row.finished_at = nowIso();
    row.message = `Gen3 could not be removed from GitOps: ${error.message}`;
  }
  timeline.push(timelineEntry(row.status === 'failed' ? 'failed' : 'committed', row.message));
  row.timeline = JSON.stringify(timeline);
  await db.insertInto('deploys').values(row).execute();
  options.log(row.message);
  if (row.status === 'failed')
    return {
      removed: false,
      deployId: row.id,
      message: `${row.message}. The infrastructure was not destroyed; fix the repository, then destroy again.`,
    };

  if (!argo) {
    const message = `No Argo CD is configured: the files are gone from GitOps, but nothing prunes ${appName}; the infrastructure is destroyed with whatever still runs on it.`;
    await transition(context, row.id, 'removed', message, true);
    options.log(message);
    return { removed: true, deployId: row.id, message };
  }

  const deadline = Date.now() + context.config.deployTimeoutSeconds * 1000;
  let lastProblem = '';
  while (!options.signal.aborted) {
    try {
      // Asked again on every poll (Argo CD takes it as a no-op while deleting): a deploy still in flight
      // may have upserted the Application again meanwhile.
      await argo.deleteApplication(appName, { cascade: true });
      // csoc-agent's access Application (ADR 0083) goes with Gen3: its Role in Argo CD's namespace is pruned.
      const accessName = csocAgentAccessApplicationName(commons.name);
      if (await argo.getApplication(accessName)) await argo.deleteApplication(accessName, { cascade: true });
      const application = await argo.getApplication(appName);
      if (!application && !(await argo.getApplication(accessName))) {
        const forgotten = addons ? await forgetCluster(argo, addons, options.log) : '';
        const message = `Argo CD pruned ${appName}: Gen3 no longer runs on this commons${forgotten}`;
        await transition(context, row.id, 'removed', message, true);
        options.log(message);
        return { removed: true, deployId: row.id, message };
      }
      const status = application?.status;
      const waiting = `Argo CD is pruning ${application ? appName : accessName}${status ? ` (${status.sync.status}/${status.health.status}${status.health.message ? `: ${status.health.message}` : ''})` : ''}`;
      await transition(context, row.id, 'removing', waiting, false);
      lastProblem = waiting;
    } catch (error) {
      lastProblem = (error as Error).message.slice(0, 500);
    }
    if (Date.now() > deadline) {
      const message = `Argo CD did not prune ${appName} within ${context.config.deployTimeoutSeconds} s${lastProblem ? ` (${lastProblem})` : ''}`;
      await transition(context, row.id, 'timeout', message, true);
      return {
        removed: false,
        deployId: row.id,
        message: `${message}. The infrastructure was not destroyed, so Gen3 is not left running on deleted resources; check Argo CD, then destroy again.`,
      };
    }
    await sleep(services.pollMs, options.signal);
  }
  await transition(context, row.id, 'timeout', 'interrupted before Argo CD pruned the application', true);
  return { removed: false, deployId: row.id, message: 'Interrupted while Argo CD was pruning Gen3.' };
}

/**
 * Once Gen3 is gone (its ingress pruned while the load balancer controller still ran, so no load balancer is
 * left behind), the cluster about to be destroyed leaves Argo CD: its add-ons Application without cascade
 * (pruning them from a cluster that goes next would only wait on finalizers) and its registration. A cluster
 * belongs to one commons (the IaC plugins create one per commons); Argo CD's own cluster is never forgotten.
 * Best effort: what fails is said in the run output and does not stop the destroy.
 */
async function forgetCluster(
  argo: ArgoCdClient,
  addons: ArgoApplication,
  log: (line: string) => void,
): Promise<string> {
  const { server } = destinationOf(addons);
  if (server === IN_CLUSTER_SERVER) return '';
  try {
    await argo.deleteApplication(addons.metadata.name, { cascade: false });
    await argo.deleteCluster(server);
    return `; ${addons.metadata.name} and the cluster ${server} were removed from Argo CD`;
  } catch (error) {
    log(`Argo CD kept ${addons.metadata.name} or the cluster ${server}: ${(error as Error).message}`);
    return '';
  }
}

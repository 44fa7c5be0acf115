// The steps of a deploy before Argo CD syncs Gen3: read both Applications from app.yaml, register the
// commons' cluster and keep the org's AppProject, then judge the cluster add-ons, which must be Synced and
// Healthy before the Gen3 Application exists (its ExternalSecrets need their CRDs). See docs/adr/0029.
import YAML from 'yaml';
import {
  ArgoCdError,
  type ArgoApplication,
  type ArgoApplicationStatus,
  type ArgoAppProject,
  type ArgoCdClient,
  type ArgoProjectDestination,
} from './argoCdClient.ts';
import {
  agentAccessProjectWith,
  clusterRegistrationOf,
  destinationOf,
  orgProjectWith,
} from './argoCdRegistration.ts';
import { csocAgentAccessApplicationName } from '../rendering/renderCsocAgent.ts';

export interface CommonsApplications {
  gen3?: ArgoApplication;
  /** The cluster add-ons Application (label `csoc.gen3.org/cluster`, no commons label). */
  addons?: ArgoApplication;
  /** csoc-agent's access Application in the project csoc-agent-access (ADR 0083), where rendered. */
  agentAccess?: ArgoApplication;
}

/** The Applications of a commons, as the renderer wrote them in app.yaml. */
export function applicationsOf(appYaml: string, commons: string): CommonsApplications {
  const documents = YAML.parseAllDocuments(appYaml)
    .map((document) => document.toJSON() as ArgoApplication | null)
    .filter((document): document is ArgoApplication => document?.metadata?.name !== undefined);
  return {
    gen3: documents.find((document) => document.metadata.name === `gen3-${commons}`),
    addons: documents.find(
      (document) =>
        document.metadata.labels?.['csoc.gen3.org/cluster'] !== undefined &&
        document.metadata.labels?.['csoc.gen3.org/commons'] === undefined,
    ),
    agentAccess: documents.find(
      (document) => document.metadata.name === csocAgentAccessApplicationName(commons),
    ),
  };
}

/**
 * Registers the cluster the Applications deploy to (unless it is Argo CD's own) and adds their destinations
 * to the org's AppProject, so Argo CD accepts the Applications that follow.
 */
export async function registerClusterAndProject(
  argo: ArgoCdClient,
  target: {
    org: string;
    commons: string;
    repositoryUrl: string;
    outputs: Record<string, unknown>;
    applications: ArgoApplication[];
  },
): Promise<void> {
  const destinations = target.applications.map(destinationOf);
  for (const server of new Set(destinations.map((destination) => destination.server))) {
    const cluster = clusterRegistrationOf({
      org: target.org,
      commons: target.commons,
      server,
      outputs: target.outputs,
    });
    if (cluster) await argo.upsertCluster(cluster);
  }
  await ensureOrgProject(argo, target.org, target.repositoryUrl, destinations);
}

/**
 * Makes the org's AppProject permit `destinations`, keeping those of its other commons. Concurrent deploys of
 * one org must not drop each other's destination, so an existing project is replaced only at the version read
 * (`metadata.resourceVersion`; a conflict reads again and merges again); the first deploy creates it.
 */
export async function ensureOrgProject(
  argo: ArgoCdClient,
  org: string,
  repositoryUrl: string,
  destinations: ArgoProjectDestination[],
): Promise<void> {
  const wanted = orgProjectWith(org, repositoryUrl, undefined, destinations).spec;
  const kinds = (entries: Array<{ group: string; kind: string }>) =>
    entries
      .map((entry) => `${entry.group}/${entry.kind}`)
      .sort()
      .join(',');
  const permits = (project: ArgoAppProject | undefined) =>
    !!project &&
    destinations.every((destination) =>
      project.spec.destinations.some(
        (allowed) => allowed.server === destination.server && allowed.namespace === destination.namespace,
      ),
    ) &&
    [...project.spec.sourceRepos].sort().join(' ') === [...wanted.sourceRepos].sort().join(' ') &&
    kinds(project.spec.clusterResourceWhitelist ?? []) === kinds(wanted.clusterResourceWhitelist);
  for (let attempt = 0; attempt < 10; attempt++) {
    const existing = await argo.getProject(org);
    if (permits(existing)) return;
    await writeProjectAt(argo, orgProjectWith(org, repositoryUrl, existing, destinations), existing);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100));
  }
  throw new Error(`the AppProject ${org} keeps changing under concurrent deploys; deploy again`);
}

/**
 * Writes a project at the version read (`existing`), or creates it without upsert when there was none.
 * False when another deploy wrote it meanwhile (a stale version, or created first): read again and merge.
 */
async function writeProjectAt(
  argo: ArgoCdClient,
  project: ArgoAppProject,
  existing: ArgoAppProject | undefined,
): Promise<boolean> {
  try {
    if (existing)
      await argo.updateProject({
        ...project,
        metadata: { ...project.metadata, resourceVersion: existing.metadata.resourceVersion },
      });
    else await argo.createProject(project);
    return true;
  } catch (error) {
    if (!(error instanceof ArgoCdError) || ![400, 409].includes(error.status)) throw error;
    return false;
  }
}

/**
 * Makes the project csoc-agent-access exist as CSOC renders it, its sources including `repositoryUrl` (an Argo
 * CD shared by several orgs keeps each org's repository). Replaced only at the version read, as
 * ensureOrgProject does; its destination and kinds are always reset to Argo CD's namespace, Role and RoleBinding.
 */
export async function ensureAgentAccessProject(argo: ArgoCdClient, repositoryUrl: string): Promise<void> {
  // Compared field by field (a real Argo CD may add empty fields or drop empty lists when it answers).
  const shape = (project: ArgoAppProject) =>
    JSON.stringify([
      [...project.spec.sourceRepos].sort(),
      project.spec.destinations.map((destination) => `${destination.server} ${destination.namespace}`).sort(),
      (project.spec.clusterResourceWhitelist ?? []).map((entry) => `${entry.group}/${entry.kind}`).sort(),
      (project.spec.namespaceResourceWhitelist ?? []).map((entry) => `${entry.group}/${entry.kind}`).sort(),
    ]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const existing = await argo.getProject(agentAccessProjectWith(repositoryUrl, undefined).metadata.name);
    const project = agentAccessProjectWith(repositoryUrl, existing);
    if (existing && shape(existing) === shape(project)) return;
    if (await writeProjectAt(argo, project, existing)) return;
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 100));
  }
  throw new Error('the AppProject csoc-agent-access keeps changing under concurrent deploys; deploy again');
}

/**
 * Keeps csoc-agent's access Application as app.yaml renders it (ADR 0083): with one, its project is ensured,
 * the Application upserted and a sync asked for; without one (no agent, or the commons' cluster is not Argo
 * CD's), an access Application left from before is deleted with its Role and RoleBinding.
 */
export async function keepAgentAccess(
  argo: ArgoCdClient,
  target: { commons: string; repositoryUrl: string; application: ArgoApplication | undefined },
): Promise<void> {
  const { application } = target;
  if (!application) {
    const name = csocAgentAccessApplicationName(target.commons);
    if (await argo.getApplication(name)) await argo.deleteApplication(name, { cascade: true });
    return;
  }
  await ensureAgentAccessProject(argo, target.repositoryUrl);
  await argo.upsertApplication(application);
  await argo.syncApplication(application.metadata.name).catch(() => undefined); // already syncing is fine
}

export type AddonsVerdict =
  { state: 'ready' } | { state: 'failed'; reason: string } | { state: 'waiting'; reason: string };

/** Whether the cluster add-ons are ready for Gen3, failed for good, or still on their way. */
export function judgeAddons(status: ArgoApplicationStatus | undefined): AddonsVerdict {
  if (!status) return { state: 'waiting', reason: 'Argo CD has not reported on them yet' };
  if (status.sync.status === 'Synced' && status.health.status === 'Healthy') return { state: 'ready' };
  const phase = status.operationState?.phase;
  if (phase === 'Failed' || phase === 'Error')
    return { state: 'failed', reason: status.operationState?.message ?? `sync ${phase}` };
  if (status.health.status === 'Degraded')
    return { state: 'failed', reason: status.health.message ?? 'Degraded' };
  return {
    state: 'waiting',
    reason: `${status.sync.status}/${status.health.status}${status.operationState?.message ? `: ${status.operationState.message}` : ''}`,
  };
}

// Which commons a prober probes, and with what: every commons of its shards whose Gen3 is deployed (its
// latest deploy published something and Gen3 was not removed since), its public base URL and the Gen3
// endpoints of the services it runs, plus the signals the health model reads beside the probes (Argo CD,
// the last deploy, a failed run, drift). Read through the owning areas' exported functions.
import type { CommonsSpec } from '@csoc/common';
import { findCommonsByIds } from '../commons/commonsStore.ts';
import { GEN3_HEALTH_ENDPOINTS } from '../gitops/deploys/gen3Endpoints.ts';
import { latestDeployOfEachCommons } from '../gitops/deploys/latestDeploys.ts';
import type { Gen3HealthEndpoint } from '../gitops/deploys/probeGen3Status.ts';
import { cloudOfPlugin, defaultServices } from '../gitops/rendering/toRenderInput.ts';
import type { AppContext } from '../http/appContext.ts';
import { orgSlugOf } from '../identity/directory.ts';
import { failedLatestRunsOfCommons, latestDriftChecksOfOrg } from '../runs/runLifecycle.ts';
import type { CommonsSignals } from './assessHealth.ts';
import { probeShardOf } from './probeShardLease.ts';

export interface ProbeTarget {
  commonsId: string;
  orgId: string;
  orgSlug: string;
  commonsName: string;
  baseUrl: string;
  /** `/_status` only: the scheduled probe does not read versions (the live status route does). */
  endpoints: Gen3HealthEndpoint[];
  /** What the per-host concurrency limit counts: the origin, plus the path of a simulated commons. */
  hostKey: string;
  signals: CommonsSignals;
  /**
   * When `signals` were read: taken before the first of them was, so every signal reflects the commons at
   * this time or later. Recorded with each probe result (a wave's gate counts only signals after its step).
   */
  signalsAt: string;
  /** The latest deploy as read with the signals: the scheduler reloads them when it changes or finishes. */
  deploy: { id: string; finishedAt: string | null };
  /**
   * The latest deploy's trace while it is healthy in Argo CD and no probe was traced healthy for it yet:
   * the first healthy probe becomes a span of it (traceFirstHealthyProbe.ts). Read with the targets, so the
   * steady state costs no query.
   */
  deployTrace?: { deployId: string; traceContext: string };
}

/** Bounds a call that may hang (Argo CD, DNS): rejects after `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

function endpointsOf(spec: CommonsSpec): Gen3HealthEndpoint[] {
  const cloud = cloudOfPlugin(spec.plugin.name);
  if (!spec.gen3 || !cloud) return [];
  let enabled: string[];
  try {
    enabled = spec.gen3.services ?? defaultServices(spec.gen3.release, cloud);
  } catch {
    return [];
  }
  return GEN3_HEALTH_ENDPOINTS.filter((endpoint) => enabled.includes(endpoint.chart)).map((endpoint) => ({
    ...endpoint,
    version: false,
  }));
}

function hostKeyOf(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.host}${url.pathname.replace(/\/$/, '')}`;
  } catch {
    return baseUrl;
  }
}

/**
 * The probe targets of these shards (or only of `onlyCommons` in them), with fresh signals; Argo CD is asked
 * once per org, within `argoMs`.
 */
export async function loadProbeTargets(
  context: AppContext,
  shards: ReadonlySet<number>,
  options: { argoMs: number; orgSlugs: Map<string, string>; onlyCommons?: ReadonlySet<string> },
): Promise<ProbeTarget[]> {
  const { database } = context;
  const signalsAt = new Date().toISOString();
  const deploys = (await latestDeployOfEachCommons(database)).filter(
    (deploy) =>
      shards.has(probeShardOf(deploy.commonsId)) &&
      (!options.onlyCommons || options.onlyCommons.has(deploy.commonsId)) &&
      deploy.status !== 'removing' &&
      deploy.status !== 'removed',
  );
  if (deploys.length === 0) return [];
  const deployOf = new Map(deploys.map((deploy) => [deploy.commonsId, deploy]));
  const commonsRows = await findCommonsByIds(
    database.db,
    deploys.map((deploy) => deploy.commonsId),
  );
  const ids = commonsRows.map((row) => row.id);
  const orgIds = [...new Set(commonsRows.map((row) => row.org_id))];
  for (const orgId of orgIds)
    if (!options.orgSlugs.has(orgId)) options.orgSlugs.set(orgId, await orgSlugOf(database.db, orgId));
  const failedRuns = new Map(
    (await failedLatestRunsOfCommons(database, ids)).map((run) => [run.commonsId!, run]),
  );
  const drifted = new Map<string, string>();
  const argoOf = new Map<string, CommonsSignals['argocd']>();
  await Promise.all(
    orgIds.map(async (orgId) => {
      for (const check of await latestDriftChecksOfOrg(database, orgId))
        if (check.driftDetected) drifted.set(check.commonsId, check.id);
      const orgSlug = options.orgSlugs.get(orgId)!;
      const argo = context.gitops.argoCdFor(orgSlug);
      if (!argo) return;
      try {
        const applications = await withDeadline(
          argo.listApplications(`csoc.gen3.org/org=${orgSlug}`),
          options.argoMs,
          'Argo CD',
        );
        for (const application of applications) {
          const name = application.metadata.labels?.['csoc.gen3.org/commons'];
          if (name && application.status)
            argoOf.set(`${orgId}/${name}`, {
              sync: application.status.sync.status,
              health: application.status.health.status,
              ...(application.status.health.message ? { message: application.status.health.message } : {}),
            });
        }
      } catch (error) {
        // Argo CD unreachable is not the commons' fault: the probes still say whether it serves.
        context.logger.warn({ err: error, org: orgSlug }, 'monitor could not read Argo CD');
      }
    }),
  );
  return commonsRows.map((row) => {
    const parsed = JSON.parse(row.spec) as CommonsSpec;
    const orgSlug = options.orgSlugs.get(row.org_id)!;
    const baseUrl = context.gitops.commonsBaseUrl(orgSlug, row.name, parsed.gen3?.hostname ?? '');
    const deploy = deployOf.get(row.id)!;
    const failedRun = failedRuns.get(row.id);
    const drift = drifted.get(row.id);
    return {
      commonsId: row.id,
      orgId: row.org_id,
      orgSlug,
      commonsName: row.name,
      baseUrl,
      endpoints: endpointsOf(parsed),
      hostKey: hostKeyOf(baseUrl),
      signals: {
        argocd: argoOf.get(`${row.org_id}/${row.name}`) ?? null,
        lastDeploy: { status: deploy.status, message: deploy.message },
        failedRun: failedRun ? { id: failedRun.id, kind: failedRun.kind } : null,
        drift: drift ? { runId: drift } : null,
      },
      signalsAt,
      deploy: { id: deploy.id, finishedAt: deploy.finishedAt },
      ...(deploy.pendingProbeTrace && deploy.status === 'healthy'
        ? { deployTrace: { deployId: deploy.id, traceContext: deploy.pendingProbeTrace } }
        : {}),
    };
  });
}

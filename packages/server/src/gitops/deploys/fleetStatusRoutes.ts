// The fleet-wide status in one call: Argo CD sync and health of every commons of an org (one list call
// to Argo CD, filtered by the org label the CSOC puts on its applications), the last deploy and the
// deployed release of each, and each commons' last drift check. The fleet page shows thousands of
// commons; asking per commons would cost one Argo CD round trip per row.
import { FleetStatus, OrgParams } from '@csoc/common';
import type { Static } from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { nowIso } from '../../db/schema.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { latestDriftChecksOfOrg } from '../../runs/runLifecycle.ts';

type FleetCommonsStatus = Static<typeof FleetStatus>['items'][number];

export function registerFleetStatusRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;

  app.get(
    '/api/v1/orgs/:org/fleet/status',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary:
          'Fleet-wide status: Argo CD sync and health, last deploy, deployed release and last drift check of every commons',
        params: OrgParams,
        response: { 200: FleetStatus },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const argo = context.gitops.argoCdFor(access.orgSlug);
      // Ids are time-ordered (UUIDv7): the greatest id per commons is its latest row.
      const [commons, lastDeploys, healthyDeploys, driftChecks, applications] = await Promise.all([
        db.selectFrom('commons').select(['id', 'name']).where('org_id', '=', access.orgId).execute(),
        db
          .selectFrom('deploys')
          .select(['id', 'commons_id', 'status', 'release', 'created_at', 'finished_at'])
          .where('id', 'in', (sub) =>
            sub
              .selectFrom('deploys')
              .select((eb) => eb.fn.max('id').as('id'))
              .where('org_id', '=', access.orgId)
              .groupBy('commons_id'),
          )
          .execute(),
        // The release of the last healthy deploy, unless Gen3 was removed (before a destroy) since.
        db
          .selectFrom('deploys')
          .select(['commons_id', 'release', 'status'])
          .where('id', 'in', (sub) =>
            sub
              .selectFrom('deploys')
              .select((eb) => eb.fn.max('id').as('id'))
              .where('org_id', '=', access.orgId)
              .where('status', 'in', ['healthy', 'removed'])
              .groupBy('commons_id'),
          )
          .execute(),
        latestDriftChecksOfOrg(context.database, access.orgId),
        readApplications(),
      ]);

      async function readApplications() {
        if (!argo) return { reachable: null, byCommons: new Map<string, { sync: string; health: string }>() };
        try {
          const items = await argo.listApplications(`csoc.gen3.org/org=${access.orgSlug}`);
          const byCommons = new Map<string, { sync: string; health: string }>();
          for (const application of items) {
            const commonsName = application.metadata.labels?.['csoc.gen3.org/commons'];
            if (commonsName && application.status)
              byCommons.set(commonsName, {
                sync: application.status.sync.status,
                health: application.status.health.status,
              });
          }
          return { reachable: true as const, byCommons };
        } catch (error) {
          return { reachable: false as const, message: (error as Error).message, byCommons: new Map() };
        }
      }

      const lastDeployOf = new Map(lastDeploys.map((row) => [row.commons_id, row]));
      const releaseOf = new Map(
        healthyDeploys.filter((row) => row.status === 'healthy').map((row) => [row.commons_id, row.release]),
      );
      const driftOf = new Map(driftChecks.map((check) => [check.commonsId, check]));
      const items: FleetCommonsStatus[] = [];
      for (const row of commons) {
        const deploy = lastDeployOf.get(row.id);
        const drift = driftOf.get(row.id);
        const live = applications.byCommons.get(row.name);
        if (!deploy && !drift && !live) continue;
        items.push({
          commons: row.name,
          // A commons never deployed has no application of its own, whatever Argo CD holds by that name.
          sync: deploy ? (live?.sync ?? null) : null,
          health: deploy ? (live?.health ?? null) : null,
          deployedRelease: releaseOf.get(row.id) ?? null,
          lastDeploy: deploy
            ? {
                id: deploy.id,
                status: deploy.status,
                release: deploy.release,
                createdAt: deploy.created_at,
                finishedAt: deploy.finished_at,
              }
            : null,
          lastDriftCheck: drift
            ? {
                runId: drift.id,
                state: drift.state,
                driftDetected: drift.driftDetected,
                at: drift.createdAt,
              }
            : null,
        });
      }
      return {
        argocd:
          applications.reachable === null
            ? null
            : {
                reachable: applications.reachable,
                ...('message' in applications ? { message: applications.message } : {}),
              },
        items,
        generatedAt: nowIso(),
      };
    },
  );
}

// Deploys of a commons (create, preview, list, one with its diff and timeline) and its live status (Argo CD
// sync and health, probes of the commons' Gen3 endpoints, the deployed release). The release catalog and
// upgrade plans are in releases/releaseRoutes.ts.
import {
  CommonsLiveStatus,
  CommonsParams,
  Deploy,
  DeployParams,
  DeployPreview,
  DeployRequest,
  DeploySummary,
  Page,
  PageQuery,
  type CommonsSpec,
} from '@csoc/common';
import Type, { type Static } from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { findCommons } from '../../commons/commonsStore.ts';
import type { CommonsTable } from '../../commons/commonsTables.ts';
import { NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { checkIfMatch } from '../../http/etag.ts';
import { readPageRequest, toPage } from '../../http/pagination.ts';
import { createDeploy, previewDeploy, startFollowingDeploy } from './deployService.ts';
import type { ArgoApplicationStatus } from './argoCdClient.ts';
import { describeCondition, errorConditionsOf } from './argoCdConditions.ts';
import { GEN3_HEALTH_ENDPOINTS } from './gen3Endpoints.ts';
import { probeGen3Status } from './probeGen3Status.ts';
import type { DeploysTable } from '../gitopsTables.ts';
import { cloudOfPlugin, defaultServices } from '../rendering/toRenderInput.ts';

/** The first error condition of an application, as one line (undefined when there is none). */
function conditionOf(status: ArgoApplicationStatus): string | undefined {
  const condition = errorConditionsOf(status)[0];
  return condition ? describeCondition(condition) : undefined;
}

export function registerDeployRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;

  // Deploys left unfinished are followed again by the `deploy-followers` background task (startCsoc.ts).

  const isSimulated = (commons: CommonsTable) => commons.plugin_name === 'sim';
  const toSummary = (row: DeploysTable, commons: CommonsTable) => ({
    id: row.id,
    commons: commons.name,
    revision: Number(row.revision),
    release: row.release,
    commit: row.commit_sha,
    status: row.status,
    message: row.message,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    simulated: isSimulated(commons),
  });
  const toDeploy = (row: DeploysTable, commons: CommonsTable, orgSlug: string) => ({
    ...toSummary(row, commons),
    diff: row.diff,
    timeline: JSON.parse(row.timeline) as Array<{ at: string; status: string; message: string }>,
    repository: context.gitops.repository.repoUrl(orgSlug),
    directory: `${orgSlug}/${commons.name}`,
  });

  app.post(
    '/api/v1/orgs/:org/commons/:commons/deploys',
    {
      config: { action: 'deploy.write' },
      schema: {
        tags: ['deploys'],
        summary:
          "Deploy the commons' current revision: render, commit and push the GitOps files, then follow Argo CD (send If-Match to pin the revision you reviewed)",
        params: CommonsParams,
        body: DeployRequest,
        response: { 201: Deploy },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      checkIfMatch(request, commons.version);
      const principal = request.principal!;
      const row = await createDeploy(context, {
        orgId: access.orgId,
        orgSlug: access.orgSlug,
        commons,
        requestedBy: { id: principal.userId, email: principal.email, name: principal.displayName },
        note: request.body.message,
      });
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/deploys/${row.id}`,
        summary: { revision: row.revision, release: row.release, commit: row.commit_sha, status: row.status },
      };
      if (row.status !== 'failed') startFollowingDeploy(context, row.id);
      return reply.status(201).send(toDeploy(row, commons, access.orgSlug));
    },
  );

  app.post(
    '/api/v1/orgs/:org/commons/:commons/deploys/preview',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary:
          'Render the current revision and show the diff against the GitOps repository; commits nothing',
        params: CommonsParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: DeployPreview },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const preview = await previewDeploy(context, access.orgSlug, commons);
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/deploys/preview`,
        summary: { revision: commons.revision, changed: preview.changed },
      };
      return {
        commons: commons.name,
        revision: commons.revision,
        release: preview.release,
        repository: preview.repositoryUrl,
        directory: preview.rendered.directory,
        base: preview.base,
        changed: preview.changed,
        diff: preview.diff,
        files: preview.rendered.files,
      };
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/deploys',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary: 'Deploys of the commons, newest first',
        params: CommonsParams,
        querystring: PageQuery,
        response: { 200: Page(DeploySummary) },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('deploys')
        .selectAll()
        .where('commons_id', '=', commons.id)
        .orderBy('id', 'desc')
        .limit(page.limit + 1);
      if (page.afterId) query = query.where('id', '<', page.afterId);
      return toPage(
        await query.execute(),
        page,
        (row) => row.id,
        (row) => toSummary(row, commons),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/deploys/:deployId',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary: 'One deploy: its commit, diff and timeline',
        params: DeployParams,
        response: { 200: Deploy },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const row = await db
        .selectFrom('deploys')
        .selectAll()
        .where('id', '=', request.params.deployId)
        .where('commons_id', '=', commons.id)
        .executeTakeFirst();
      if (!row)
        throw new NotFoundError(`No deploy ${request.params.deployId} of this commons.`, 'deploy_not_found');
      return toDeploy(row, commons, access.orgSlug);
    },
  );

  app.get(
    '/api/v1/orgs/:org/commons/:commons/status',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary:
          "Live status: Argo CD sync and health, probes of the commons' Gen3 endpoints, the deployed release",
        params: CommonsParams,
        response: { 200: CommonsLiveStatus },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const spec = JSON.parse(commons.spec) as CommonsSpec;
      const services = context.gitops;
      const last = await db
        .selectFrom('deploys')
        .selectAll()
        .where('commons_id', '=', commons.id)
        .where('status', '!=', 'failed')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      // The release of the last healthy deploy, unless Gen3 was removed (before a destroy) since.
      const lastSettled = await db
        .selectFrom('deploys')
        .select(['release', 'status'])
        .where('commons_id', '=', commons.id)
        .where('status', 'in', ['healthy', 'removed'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const deployedRelease = lastSettled?.status === 'healthy' ? lastSettled.release : null;
      let argocd: Static<typeof CommonsLiveStatus>['argocd'] = null;
      let argocdError: string | undefined;
      const argo = services.argoCdFor(access.orgSlug);
      if (argo && last) {
        try {
          const application = await argo.getApplication(`gen3-${commons.name}`);
          if (application?.status)
            argocd = {
              application: application.metadata.name,
              sync: application.status.sync.status,
              health: application.status.health.status,
              revision: application.status.sync.revision ?? null,
              // Why Argo CD is stuck (its error condition) says more than the health message.
              ...(conditionOf(application.status) || application.status.health.message
                ? { message: conditionOf(application.status) ?? application.status.health.message }
                : {}),
            };
        } catch (error) {
          argocdError = (error as Error).message;
        }
      }
      const probes = [];
      const cloud = cloudOfPlugin(spec.plugin.name);
      if (last && spec.gen3 && cloud) {
        let enabled: string[];
        try {
          enabled = spec.gen3.services ?? defaultServices(spec.gen3.release, cloud);
        } catch {
          enabled = [];
        }
        const base = services.commonsBaseUrl(access.orgSlug, commons.name, spec.gen3.hostname);
        probes.push(
          ...(await probeGen3Status({
            baseUrl: base,
            endpoints: GEN3_HEALTH_ENDPOINTS.filter((endpoint) => enabled.includes(endpoint.chart)),
            allowedCidrs: context.config.probeAllowedCidrs,
            trustedOrigin: services.simulatedArgoCd ? context.simArgoCdUrl : undefined,
          })),
        );
      }
      return {
        commons: commons.name,
        simulated: isSimulated(commons) || services.simulatedArgoCd,
        deployedRelease,
        lastDeploy: last ? toSummary(last, commons) : null,
        argocd,
        ...(argocdError ? { argocdError } : {}),
        services: probes,
      };
    },
  );
}

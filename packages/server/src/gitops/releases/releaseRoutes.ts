// The Gen3 release catalog over HTTP (the releases CSOC can deploy, one with its pinned images and notes)
// and upgrade plans between its releases. An upgrade is: plan → PUT the commons with the new
// spec.gen3.release → deploy (deploys/deployRoutes.ts).
import {
  CommonsParams,
  ReleaseDetail,
  ReleaseSummarySchema,
  UpgradePlanRequest,
  UpgradePlanResponse,
  type CommonsSpec,
} from '@csoc/common';
import Type from 'typebox';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { findCommons } from '../../commons/commonsStore.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { getRelease, listReleases, nextRelease, planUpgrade, releaseCatalog } from './releaseCatalog.ts';

const VersionParams = Type.Object(
  { version: Type.String({ pattern: '^\\d{4}\\.\\d{2}$' }) },
  { additionalProperties: false },
);

export function registerReleaseRoutes(app: CsocApp): void {
  const db = app.context.database.db;

  app.get(
    '/api/v1/releases',
    {
      config: { action: 'release.read' },
      schema: {
        tags: ['releases'],
        summary: 'Gen3 releases the CSOC can deploy, oldest first',
        response: { 200: Type.Object({ items: Type.Array(ReleaseSummarySchema) }) },
      },
    },
    async () => ({
      items: listReleases().map((summary) => {
        const release = getRelease(summary.version);
        return { ...summary, warnings: release.warnings.length };
      }),
    }),
  );

  app.get(
    '/api/v1/releases/:version',
    {
      config: { action: 'release.read' },
      schema: {
        tags: ['releases'],
        summary: 'One Gen3 release: pinned images and release notes',
        params: VersionParams,
        response: { 200: ReleaseDetail },
      },
    },
    async (request) => {
      const release = getRelease(request.params.version);
      return {
        version: release.version,
        ...(release.title ? { title: release.title } : {}),
        derived: release.derived,
        ...(release.derivedReason ? { derivedReason: release.derivedReason } : {}),
        chartVersions: release.chartVersions,
        images: release.images,
        warnings: release.warnings,
        deploymentChanges: release.deploymentChanges,
        breakingChanges: release.breakingChanges,
        highlights: release.highlights,
        next: nextRelease(release.version)?.version ?? null,
      };
    },
  );

  app.post(
    '/api/v1/orgs/:org/commons/:commons/upgrade-plan',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['deploys'],
        summary:
          'Plan a Gen3 upgrade (one release at a time by default): tag changes and notes, before anything is committed',
        params: CommonsParams,
        body: UpgradePlanRequest,
        response: { 200: UpgradePlanResponse },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const commons = await findCommons(db, access.orgId, request.params.commons);
      const spec = JSON.parse(commons.spec) as CommonsSpec;
      if (!spec.gen3)
        throw new NotFoundError(
          `Commons "${commons.name}" has no Gen3 settings (spec.gen3) to upgrade.`,
          'gen3_settings_missing',
        );
      const from = spec.gen3.release;
      const to = request.body.to ?? nextRelease(from)?.version;
      if (!to)
        throw new NotFoundError(
          `Gen3 ${from} is the newest release in the catalog (${releaseCatalog.releases.at(-1)?.version}).`,
          'no_newer_release',
        );
      let plan;
      try {
        plan = planUpgrade(from, to, { oneStep: request.body.oneStep ?? true });
      } catch (error) {
        if (error instanceof InputError)
          throw new InputError(
            error.message,
            error.details?.map((detail) => ({ ...detail, field: `body.${detail.field}` })),
            error.code,
          );
        throw error;
      }
      request.auditNote = {
        target: `orgs/${access.orgSlug}/commons/${commons.name}/upgrade-plan`,
        summary: { from, to },
      };
      return {
        commons: commons.name,
        ...plan,
        howToApply: `PUT /api/v1/orgs/${access.orgSlug}/commons/${commons.name} with spec.gen3.release = "${plan.to}" (a new revision), then POST .../deploys.`,
      };
    },
  );
}

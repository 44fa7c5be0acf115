// An org's settings over HTTP: every member reads them; its admins change them (with If-Match, audited).
// Today one setting: whether prod changes (wave stages, runs) need a second approver (ADR 0050).
import { OrgParams, OrgSettings, UpdateOrgSettingsRequest } from '@csoc/common';
import { orgAccessOf } from '../access/authorizeRequest.ts';
import type { AppContext, CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { principalOf } from './authenticateRequest.ts';
import { readOrgSettings, saveOrgSettings, type OrgSettings as StoredOrgSettings } from './orgSettings.ts';

function toOrgSettings(context: AppContext, settings: StoredOrgSettings): OrgSettings {
  return {
    requireSecondApproverForProd: settings.requireSecondApproverForProd,
    requiredByCsoc: context.config.approvalSeparateApprover,
    version: settings.version,
    updatedBy: settings.updatedBy,
    updatedAt: settings.updatedAt,
  };
}

export function registerOrgSettingsRoutes(app: CsocApp): void {
  const { context } = app;

  app.get(
    '/api/v1/orgs/:org/settings',
    {
      config: { action: 'org.read' },
      schema: {
        tags: ['orgs'],
        summary: "Read the org's settings (whether prod changes need a second approver)",
        params: OrgParams,
        response: { 200: OrgSettings },
      },
    },
    async (request, reply) => {
      const settings = await readOrgSettings(context.database, orgAccessOf(request).orgId);
      setEtag(reply, settings.version);
      return toOrgSettings(context, settings);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/settings',
    {
      config: { action: 'org.settings' },
      schema: {
        tags: ['orgs'],
        summary:
          "Change the org's settings (admins; send If-Match). Applies to waves created and runs approved from now on",
        params: OrgParams,
        body: UpdateOrgSettingsRequest,
        response: { 200: OrgSettings },
      },
    },
    async (request, reply) => {
      const access = orgAccessOf(request);
      const before = await readOrgSettings(context.database, access.orgId);
      checkIfMatch(request, before.version);
      const after = await saveOrgSettings(
        context.database,
        access.orgId,
        before.version,
        { requireSecondApproverForProd: request.body.requireSecondApproverForProd },
        principalOf(request).email,
      );
      request.auditNote = {
        target: `orgs/${access.orgSlug}/settings`,
        summary: {
          requireSecondApproverForProd: {
            from: before.requireSecondApproverForProd,
            to: after.requireSecondApproverForProd,
          },
        },
      };
      setEtag(reply, after.version);
      return toOrgSettings(context, after);
    },
  );
}

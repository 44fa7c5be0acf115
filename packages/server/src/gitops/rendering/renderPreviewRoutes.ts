// Renders the GitOps files a commons document would produce — before the commons exists or its
// infrastructure is applied — so the create wizard's review step can show the Helm values. Nothing is
// stored or committed. Values that come from the infrastructure are example placeholders until it exists.
import { CommonsWriteRequest, OrgParams, RenderPreview } from '@csoc/common';
import { orgAccessOf } from '../../access/authorizeRequest.ts';
import { validateCommonsSpec } from '../../commons/validateCommonsSpec.ts';
import { ConflictError, InputError } from '../../errors.ts';
import type { CsocApp } from '../../http/appContext.ts';
import { renderCommonsFiles } from '../deploys/deployService.ts';
import { placeholderOutputs as awsPlaceholderOutputs } from '@csoc/plugin-aws';
import { placeholderOutputs as gcpPlaceholderOutputs } from '@csoc/plugin-gcp';
import { placeholderOutputs as azurePlaceholderOutputs } from '@csoc/plugin-azure';
import { commonsNamespace } from './commonsNamespace.ts';
import { cloudOfPlugin } from './toRenderInput.ts';

export function registerRenderPreviewRoutes(app: CsocApp): void {
  const { context } = app;
  const db = context.database.db;

  app.post(
    '/api/v1/orgs/:org/gitops/render',
    {
      config: { action: 'deploy.read' },
      schema: {
        tags: ['gitops'],
        summary:
          'Render the GitOps files (Helm values, secret wiring, Argo CD application) a commons document would produce; stores and commits nothing',
        params: OrgParams,
        body: CommonsWriteRequest,
        response: { 200: RenderPreview },
      },
    },
    async (request) => {
      const access = orgAccessOf(request);
      const name = request.body.metadata.name;
      const { spec } = await validateCommonsSpec(context, access.orgId, request.body.spec);
      if (!spec.gen3)
        throw new InputError('There are no Gen3 settings to render.', [
          { field: 'body.spec.gen3', message: 'is required to render the Gen3 values' },
        ]);
      const cloud = cloudOfPlugin(spec.plugin.name);
      if (!cloud)
        throw new InputError(`Plugin "${spec.plugin.name}" has no GitOps renderer.`, [
          { field: 'body.spec.plugin.name', message: 'names a plugin without a GitOps renderer' },
        ]);
      const existing = await db
        .selectFrom('commons')
        .select(['infra_status', 'outputs'])
        .where('org_id', '=', access.orgId)
        .where('name', '=', name)
        .executeTakeFirst();
      const provisioned = existing?.infra_status === 'provisioned';
      const outputs = provisioned
        ? (JSON.parse(existing.outputs) as Record<string, unknown>)
        : placeholderOutputs(cloud, name, spec.inputs);
      const { rendered } = renderCommonsFiles(
        context,
        access.orgSlug,
        { name, spec, infraStatus: 'provisioned', outputs, labels: request.body.metadata.labels ?? {} },
        'body.',
      );
      return {
        commons: name,
        release: spec.gen3.release,
        directory: rendered.directory,
        files: rendered.files,
        placeholders: !provisioned,
      };
    },
  );
}

/**
 * Example outputs in the shape the cloud's plugin reports after an apply (the plugin's own output names:
 * its mapping to the renderer runs on them as on real ones). AWS: the plugin's placeholders (account
 * 000000000000, *.placeholder.invalid hosts); GCP likewise (TEST-NET addresses, the input project or
 * placeholder-project); Azure likewise (nil GUIDs, the input location or eastus); other clouds cannot be
 * previewed yet.
 */
function placeholderOutputs(cloud: string, name: string, inputs: Record<string, unknown> | undefined) {
  const region = typeof inputs?.region === 'string' ? inputs.region : undefined;
  if (cloud === 'sim') return { cluster_name: name, ...(region ? { region } : {}) };
  if (cloud === 'aws') {
    const environment = typeof inputs?.environment === 'string' ? inputs.environment : name;
    return awsPlaceholderOutputs({
      environment,
      region: region ?? 'us-east-1',
      namespace: commonsNamespace(name),
    });
  }
  if (cloud === 'gcp') {
    const environment = typeof inputs?.environment === 'string' ? inputs.environment : name;
    return gcpPlaceholderOutputs({
      environment,
      projectId: typeof inputs?.projectId === 'string' ? inputs.projectId : 'placeholder-project',
      region: region ?? 'us-central1',
      namespace: commonsNamespace(name),
      ...(Array.isArray(inputs?.databaseServices)
        ? { databaseServices: inputs.databaseServices as string[] }
        : {}),
    });
  }
  if (cloud === 'azure') {
    const text = (key: string) => (typeof inputs?.[key] === 'string' ? (inputs[key] as string) : undefined);
    return azurePlaceholderOutputs({
      environment: text('environment') ?? name,
      location: text('location') ?? 'eastus',
      namespace: commonsNamespace(name),
      wafEnabled: inputs?.wafEnabled === true,
      ...(text('tlsClusterIssuer') ? { tlsClusterIssuer: text('tlsClusterIssuer') } : {}),
      ...(text('elasticsearchUrl') ? { elasticsearchUrl: text('elasticsearchUrl') } : {}),
    });
  }
  throw new ConflictError(
    `Commons "${name}" cannot be previewed before its ${cloud} infrastructure exists.`,
    'infrastructure_not_provisioned',
  );
}

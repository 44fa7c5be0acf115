// The plugin catalog: everyone signed in can browse it (tier, versions, permissions); platform admins
// install, enable and disable plugin versions.
import {
  InstallPluginRequest,
  Page,
  PluginListQuery,
  PluginParams,
  PluginVersion,
  UpdatePluginRequest,
} from '@csoc/common';
import { nowIso } from '../db/schema.ts';
import { NotFoundError, PreconditionError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { checkIfMatch, setEtag } from '../http/etag.ts';
import { readPageRequest, toPage } from '../http/pagination.ts';
import { type InstalledPlugin, installPlugin, toInstalledPlugin } from './pluginRegistry.ts';

export function toPluginVersion(plugin: InstalledPlugin) {
  return {
    id: plugin.id,
    name: plugin.name,
    version: plugin.version,
    tier: plugin.tier,
    description: plugin.manifest.description ?? null,
    clouds: plugin.manifest.clouds,
    capabilities: plugin.manifest.capabilities,
    network: plugin.manifest.network,
    sourceKind: plugin.sourceKind,
    source: plugin.source,
    enabled: plugin.enabled,
    builtin: plugin.builtin,
    installedAt: plugin.installedAt,
    revision: plugin.etagVersion,
    manifest: plugin.manifest as unknown as Record<string, unknown>,
  };
}

export function registerPluginRoutes(app: CsocApp): void {
  const { database } = app.context;
  const db = database.db;

  async function find(name: string, version: string) {
    const row = await db
      .selectFrom('plugins')
      .selectAll()
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`Plugin ${name} ${version} is not installed.`);
    return toInstalledPlugin(row);
  }

  app.get(
    '/api/v1/plugins',
    {
      config: { action: 'plugin.read' },
      schema: {
        tags: ['plugins'],
        summary: 'The plugin catalog: every installed version',
        querystring: PluginListQuery,
        response: { 200: Page(PluginVersion) },
      },
    },
    async (request) => {
      const page = readPageRequest(request.query);
      let query = db
        .selectFrom('plugins')
        .selectAll()
        .orderBy('id')
        .limit(page.limit + 1);
      if (request.query.name) query = query.where('name', '=', request.query.name);
      if (page.afterId) query = query.where('id', '>', page.afterId);
      let rows = await query.execute();
      if (request.query.cloud)
        rows = rows.filter((row) =>
          toInstalledPlugin(row).manifest.clouds.includes(request.query.cloud as never),
        );
      return toPage(
        rows,
        page,
        (row) => row.id,
        (row) => toPluginVersion(toInstalledPlugin(row)),
      );
    },
  );

  app.get(
    '/api/v1/plugins/:name/:version',
    {
      config: { action: 'plugin.read' },
      schema: {
        tags: ['plugins'],
        summary: 'One plugin version with its manifest',
        params: PluginParams,
        response: { 200: PluginVersion },
      },
    },
    async (request, reply) => {
      const plugin = await find(request.params.name, request.params.version);
      setEtag(reply, plugin.etagVersion);
      return toPluginVersion(plugin);
    },
  );

  app.post(
    '/api/v1/plugins',
    {
      config: { action: 'plugin.manage' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['plugins'],
        summary: 'Install a plugin version (platform admins)',
        body: InstallPluginRequest,
        response: { 201: PluginVersion },
      },
    },
    async (request, reply) => {
      const plugin = await installPlugin(database, {
        ...request.body,
        installedBy: request.principal!.email,
      });
      request.auditNote = {
        target: `plugins/${plugin.name}/${plugin.version}`,
        summary: {
          name: plugin.name,
          version: plugin.version,
          tier: plugin.tier,
          sourceKind: plugin.sourceKind,
          source: plugin.source,
        },
      };
      setEtag(reply, plugin.etagVersion);
      return reply.status(201).send(toPluginVersion(plugin));
    },
  );

  app.patch(
    '/api/v1/plugins/:name/:version',
    {
      config: { action: 'plugin.manage' },
      schema: {
        tags: ['plugins'],
        summary: 'Enable or disable a plugin version (send If-Match)',
        params: PluginParams,
        body: UpdatePluginRequest,
        response: { 200: PluginVersion },
      },
    },
    async (request, reply) => {
      const plugin = await find(request.params.name, request.params.version);
      checkIfMatch(request, plugin.etagVersion);
      const result = await db
        .updateTable('plugins')
        .set({
          enabled: request.body.enabled ? 1 : 0,
          updated_at: nowIso(),
          version_counter: plugin.etagVersion + 1,
        })
        .where('id', '=', plugin.id)
        .where('version_counter', '=', plugin.etagVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1)
        throw new PreconditionError('The plugin changed meanwhile; read it again and retry.');
      request.auditNote = {
        target: `plugins/${plugin.name}/${plugin.version}`,
        summary: { enabled: request.body.enabled },
      };
      setEtag(reply, plugin.etagVersion + 1);
      return toPluginVersion({
        ...plugin,
        enabled: request.body.enabled,
        etagVersion: plugin.etagVersion + 1,
      });
    },
  );
}

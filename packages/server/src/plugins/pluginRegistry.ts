// The plugin registry: installs validated plugin manifests (several versions side by side), enables and
// disables them, and resolves the exact version a commons pins. The sim plugin is installed at start.
import { newId } from '@csoc/common';
import {
  CONTRACT_VERSION,
  hostSupportsContract,
  type PluginManifest,
  readManifest,
  type SupportTier,
  supportTierOf,
  validateManifest,
} from '@csoc/plugin-sdk';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import type { CsocDatabase } from '../db/createDatabase.ts';
import { nowIso } from '../db/schema.ts';
import { ConflictError, InputError, NotFoundError } from '../errors.ts';
import type { PluginsTable } from './pluginTables.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Plugins shipped in this repository and installed at first start. */
export const BUILTIN_PLUGIN_DIRS = [path.join(repoRoot, 'plugins', 'sim')];

export interface InstalledPlugin {
  id: string;
  name: string;
  version: string;
  tier: SupportTier;
  manifest: PluginManifest;
  sourceKind: 'directory' | 'image';
  source: string;
  enabled: boolean;
  builtin: boolean;
  installedAt: string;
  etagVersion: number;
}

export function toInstalledPlugin(row: PluginsTable): InstalledPlugin {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    tier: row.tier,
    manifest: JSON.parse(row.manifest) as PluginManifest,
    sourceKind: row.source_kind,
    source: row.source,
    enabled: row.enabled === 1,
    builtin: row.builtin === 1,
    installedAt: row.installed_at,
    etagVersion: row.version_counter,
  };
}

/** Validates a manifest for installation; every problem becomes a field error under `manifest.`. */
export function assertInstallableManifest(document: unknown): PluginManifest {
  const result = validateManifest(document);
  if (!result.ok) {
    const contractProblem = result.problems.find((problem) => problem.path === 'contract');
    const details = result.problems.map((problem) => ({
      field: `body.manifest.${problem.path}`.replace(/\.$/, ''),
      message: problem.message,
    }));
    throw new InputError(
      contractProblem &&
        typeof (document as { contract?: unknown })?.contract === 'string' &&
        !hostSupportsContract(String((document as { contract: string }).contract))
        ? `This plugin supports contract ${(document as { contract: string }).contract}, but this CSOC serves contract ${CONTRACT_VERSION}. Install a plugin version built for contract ${CONTRACT_VERSION.split('.')[0]}.x, or upgrade CSOC.`
        : `The plugin manifest is not valid: ${details.map((detail) => `${detail.field} ${detail.message}`).join('; ')}.`,
      details,
      contractProblem ? 'unsupported_contract' : 'invalid_manifest',
    );
  }
  return result.manifest;
}

export interface InstallPluginOptions {
  manifest: unknown;
  sourceKind: 'directory' | 'image';
  source: string;
  installedBy: string;
  builtin?: boolean;
}

export async function installPlugin(
  database: CsocDatabase,
  options: InstallPluginOptions,
): Promise<InstalledPlugin> {
  const manifest = assertInstallableManifest(options.manifest);
  if (options.sourceKind === 'directory') {
    if (!path.isAbsolute(options.source) || !fs.existsSync(path.join(options.source, 'manifest.json'))) {
      throw new InputError(
        'The plugin folder must be an absolute path on the CSOC host holding manifest.json.',
        [{ field: 'body.source', message: 'is not a plugin folder on this host' }],
      );
    }
    if (!manifest.runtime.command) {
      throw new InputError('A plugin installed from a folder needs runtime.command in its manifest.', [
        { field: 'body.manifest.runtime.command', message: 'is required for folder installs' },
      ]);
    }
  } else if (!manifest.runtime.image && !options.source) {
    throw new InputError('An image install needs an image reference.', [
      { field: 'body.source', message: 'is required' },
    ]);
  }
  const existing = await database.db
    .selectFrom('plugins')
    .select('id')
    .where('name', '=', manifest.name)
    .where('version', '=', manifest.version)
    .executeTakeFirst();
  if (existing) {
    throw new ConflictError(
      `${manifest.name} ${manifest.version} is already installed; bump the plugin version to install a change.`,
      'already_installed',
    );
  }
  const now = nowIso();
  const row: PluginsTable = {
    id: newId(),
    name: manifest.name,
    version: manifest.version,
    tier: supportTierOf(manifest.tier),
    manifest: JSON.stringify(manifest),
    source_kind: options.sourceKind,
    source: options.source,
    enabled: 1,
    builtin: options.builtin ? 1 : 0,
    installed_by: options.installedBy,
    installed_at: now,
    updated_at: now,
    version_counter: 1,
  };
  await database.db.insertInto('plugins').values(row).execute();
  return toInstalledPlugin(row);
}

/** Installs the plugins shipped with CSOC that are not installed yet (safe when run by several processes). */
export async function installBuiltinPlugins(database: CsocDatabase): Promise<string[]> {
  const installed: string[] = [];
  for (const dir of BUILTIN_PLUGIN_DIRS) {
    if (!fs.existsSync(path.join(dir, 'manifest.json'))) continue;
    const manifest = await readManifest(dir);
    const existing = await database.db
      .selectFrom('plugins')
      .select('id')
      .where('name', '=', manifest.name)
      .where('version', '=', manifest.version)
      .executeTakeFirst();
    if (existing) {
      // A built-in plugin ships with this CSOC: its stored manifest follows the one on disk (e.g. the
      // runtime command), so an upgraded CSOC never runs its plugins the old way.
      const stored = await database.db
        .selectFrom('plugins')
        .select(['manifest', 'version_counter'])
        .where('id', '=', existing.id)
        .executeTakeFirstOrThrow();
      const current = JSON.stringify(assertInstallableManifest(manifest));
      if (stored.manifest !== current)
        await database.db
          .updateTable('plugins')
          .set({
            manifest: current,
            tier: supportTierOf(manifest.tier),
            updated_at: nowIso(),
            version_counter: Number(stored.version_counter) + 1,
          })
          .where('id', '=', existing.id)
          .where('builtin', '=', 1)
          .execute();
      continue;
    }
    try {
      await installPlugin(database, {
        manifest,
        sourceKind: 'directory',
        source: dir,
        installedBy: 'system',
        builtin: true,
      });
      installed.push(`${manifest.name}@${manifest.version}`);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return installed;
}

/** The exact plugin version a commons pins; refuses unknown and disabled ones. */
export async function resolvePlugin(
  database: CsocDatabase,
  name: string,
  version: string,
  field = 'spec.plugin',
): Promise<InstalledPlugin> {
  const row = await database.db
    .selectFrom('plugins')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) {
    const versions = await database.db
      .selectFrom('plugins')
      .select('version')
      .where('name', '=', name)
      .execute();
    throw new InputError(
      versions.length
        ? `Plugin ${name} has no version ${version}; installed: ${versions
            .map((entry) => entry.version)
            .sort(semver.compare)
            .join(', ')}.`
        : `No plugin named ${name} is installed; see GET /api/v1/plugins.`,
      [{ field, message: 'names no installed plugin version' }],
      'unknown_plugin',
    );
  }
  if (!row.enabled) {
    throw new InputError(
      `Plugin ${name} ${version} is disabled by a platform admin; pin another version.`,
      [{ field, message: 'is disabled' }],
      'plugin_disabled',
    );
  }
  return toInstalledPlugin(row);
}

/** The newest enabled version of a plugin, for commons that name only the plugin. */
export async function latestPluginVersion(database: CsocDatabase, name: string): Promise<string | undefined> {
  const rows = await database.db
    .selectFrom('plugins')
    .select('version')
    .where('name', '=', name)
    .where('enabled', '=', 1)
    .execute();
  return rows.map((row) => row.version).sort(semver.rcompare)[0];
}

export async function getPluginById(database: CsocDatabase, id: string): Promise<InstalledPlugin> {
  const row = await database.db.selectFrom('plugins').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('No such plugin version.');
  return toInstalledPlugin(row);
}

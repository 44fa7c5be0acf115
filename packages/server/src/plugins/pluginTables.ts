// Tables owned by the plugin registry: every installed plugin version, side by side.
import type { SupportTier } from '@csoc/plugin-sdk';

export interface PluginsTable {
  id: string;
  name: string;
  version: string;
  /** The support tier (core, community, experimental); a manifest's legacy "official" is stored as core. */
  tier: SupportTier;
  /** The validated manifest, as JSON. */
  manifest: string;
  /** 'directory' (a local folder, for the process runner) or 'image' (an OCI image, for containers). */
  source_kind: 'directory' | 'image';
  /** The folder path or the image reference. */
  source: string;
  enabled: number;
  builtin: number;
  installed_by: string;
  installed_at: string;
  updated_at: string;
  version_counter: number;
}

export interface PluginTables {
  plugins: PluginsTable;
}

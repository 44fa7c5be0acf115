// Which OCI image runs a plugin under the container and kubernetes runners: the manifest's runtime.image,
// pinned to runtime.digest when the manifest gives one, else the locally built image of that version.
import type { InstalledPlugin } from '../../plugins/pluginRegistry.ts';

/** The tag a locally built plugin image carries (see plugins/sim/scripts/buildLocalImage.sh). */
export function localPluginImage(name: string, version: string): string {
  return `localhost/csoc-plugin-${name}:${version}`;
}

/**
 * The image reference for a plugin: `image@digest` when the manifest pins a digest (the tag is then only a
 * label), `image` alone, or `localhost/csoc-plugin-<name>:<version>` when the manifest names no image.
 */
export function pluginImage(plugin: Pick<InstalledPlugin, 'name' | 'version' | 'manifest'>): string {
  const { image, digest } = plugin.manifest.runtime;
  if (!image) return localPluginImage(plugin.name, plugin.version);
  return digest ? `${image}@${digest}` : image;
}

// Locates and reads the shared reference data (../shared/gen3-releases and ../shared/gen3-helm) the release
// catalog is built from. Used by the generator script and by tests only: the running CSOC never reads ../shared.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ReleaseCatalogSources } from './buildReleaseCatalog.ts';

/** The repository root (this file lives in packages/server/src/gitops/releases). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');

/**
 * The shared reference data directory: `$CSOC_SHARED_DIR` if set, else `<repo root>/../shared`. Throws with
 * what is missing and how to provide it.
 */
export function locateSharedDir(): string {
  const sharedDir = process.env.CSOC_SHARED_DIR
    ? resolve(process.env.CSOC_SHARED_DIR)
    : resolve(repoRoot, '..', 'shared');
  for (const part of ['gen3-releases', 'gen3-helm']) {
    if (!existsSync(join(sharedDir, part))) {
      throw new Error(
        `Shared reference data not found: ${join(sharedDir, part)} does not exist. CI clones the shared data ` +
          `beside the repository (../shared relative to ${repoRoot}); clone it there or set CSOC_SHARED_DIR.`,
      );
    }
  }
  return sharedDir;
}

/** Reads every file buildReleaseCatalog needs from the shared directory. */
export function readReleaseCatalogSources(sharedDir: string): ReleaseCatalogSources {
  const releasesDir = join(sharedDir, 'gen3-releases');
  const chartsDir = join(sharedDir, 'gen3-helm');
  const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');
  const byVersion = (dir: string, extension: string) => {
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith(extension)) files[file.slice(0, -extension.length)] = read(dir, file);
    }
    return files;
  };

  const gen3ChartYaml = read(chartsDir, 'gen3', 'Chart.yaml');
  const dependencies =
    (parseYaml(gen3ChartYaml) as { dependencies?: Array<{ name: string; repository?: string }> })
      .dependencies ?? [];
  const chartValuesYaml: Record<string, string> = {};
  for (const dependency of dependencies) {
    const valuesFile = join(chartsDir, dependency.name, 'values.yaml');
    if (dependency.repository?.startsWith('file://') && existsSync(valuesFile)) {
      chartValuesYaml[dependency.name] = readFileSync(valuesFile, 'utf8');
    }
  }

  return {
    releasesReadme: read(releasesDir, 'README.md'),
    manifests: byVersion(join(releasesDir, 'manifests'), '.json'),
    notes: byVersion(join(releasesDir, 'notes'), '.md'),
    chartsReadme: read(chartsDir, 'README.md'),
    chartIndex: read(chartsDir, 'chart-index.json'),
    gen3ChartYaml,
    gen3ValuesYaml: read(chartsDir, 'gen3', 'values.yaml'),
    chartValuesYaml,
  };
}

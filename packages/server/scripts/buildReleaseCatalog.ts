// Regenerates packages/server/src/gitops/releases/releaseCatalog.json from ../shared/gen3-releases and ../shared/gen3-helm.
// Usage (from the repository root): node --import tsx packages/server/scripts/buildReleaseCatalog.ts
// Never edit the JSON by hand: a test rebuilds it from the same sources and fails on any difference.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReleaseCatalog } from '../src/gitops/releases/buildReleaseCatalog.ts';
import { formatReleaseCatalog } from '../src/gitops/releases/formatReleaseCatalog.ts';
import {
  locateSharedDir,
  readReleaseCatalogSources,
  repoRoot,
} from '../src/gitops/releases/readReleaseCatalogSources.ts';

const sharedDir = locateSharedDir();
const catalog = buildReleaseCatalog(readReleaseCatalogSources(sharedDir));
const target = join(repoRoot, 'packages/server/src/gitops/releases/releaseCatalog.json');
writeFileSync(target, await formatReleaseCatalog(catalog));
const derived = catalog.releases.filter((release) => release.derived).length;
console.warn(
  `Wrote ${target}: ${catalog.releases.length} releases (${derived} derived from notes only), ` +
    `${Object.keys(catalog.charts).length} charts.`,
);

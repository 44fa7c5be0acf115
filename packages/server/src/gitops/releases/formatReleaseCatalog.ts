// Serializes the release catalog the way it is committed: JSON formatted by the repository's Prettier config,
// so `prettier --check` and the generator agree. Used by the generator script and its test, not at runtime.
import { format, resolveConfig } from 'prettier';
import { join } from 'node:path';
import { repoRoot } from './readReleaseCatalogSources.ts';
import type { ReleaseCatalog } from './releaseCatalogTypes.ts';

export async function formatReleaseCatalog(catalog: ReleaseCatalog): Promise<string> {
  const filepath = join(repoRoot, 'packages/server/src/gitops/releases/releaseCatalog.json');
  const config = (await resolveConfig(filepath)) ?? {};
  return format(JSON.stringify(catalog), { ...config, filepath });
}

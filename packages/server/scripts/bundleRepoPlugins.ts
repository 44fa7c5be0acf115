// `npm run build` step: bundles the repository's plugins (plugins/*/dist/main.mjs) when stale.
import path from 'node:path';
import { ensureRepoPluginBundles } from '../src/plugins/repoPluginBundles.ts';
import { repoRoot } from '../src/plugins/pluginRegistry.ts';

for (const bundle of await ensureRepoPluginBundles())
  console.log(`plugin bundle ${path.relative(repoRoot, bundle)}`);

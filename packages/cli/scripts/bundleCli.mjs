// `npm run build` and `npm start` step: bundles the csoc command (packages/cli/dist) when it is missing
// or older than its sources (ADR 0045).
import path from 'node:path';
import { ensureCliBundle, REPO_ROOT } from '../bin/cliBundle.mjs';

console.log(`cli bundle ${path.relative(REPO_ROOT, await ensureCliBundle())}`);

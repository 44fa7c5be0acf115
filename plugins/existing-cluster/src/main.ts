// Entry point of the CSOC existing-cluster plugin: `node --import tsx src/main.ts <verb>` in this folder (or the
// bundle dist/main.mjs the host builds).
import { runExistingCluster } from './runExistingCluster.ts';

process.exitCode = await runExistingCluster();

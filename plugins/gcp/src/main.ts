// Entry point of the CSOC Google Cloud plugin: `node --import tsx src/main.ts <verb>` in this folder (the
// repository bundles it to dist/main.mjs, which the manifest's runtime command runs).
import { runGcp } from './runGcp.ts';

process.exitCode = await runGcp();

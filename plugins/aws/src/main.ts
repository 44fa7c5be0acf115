// Entry point of the CSOC AWS plugin: `node --import tsx src/main.ts <verb>` in this folder.
import { runAws } from './runAws.ts';

process.exitCode = await runAws();

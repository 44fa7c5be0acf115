// Entry point of the CSOC simulated cloud plugin: every verb runs real Terraform over terraform_data
// resources (no provider download, no cloud). Run as `node --import tsx src/main.ts <verb>` in this folder.
import { runSim } from './runSim.ts';

process.exitCode = await runSim();

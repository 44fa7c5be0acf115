// For tests outside the server package (the CLI's): record a sim commons' infrastructure as a successful
// apply would, so it can be deployed without running Terraform first.
import { recordInfrastructure } from '../commons/recordInfrastructure.ts';
import { simApplyOutputs } from './simCommons.ts';
import type { TestCsoc } from './startTestCsoc.ts';

export async function recordSimInfrastructure(
  csoc: TestCsoc,
  commonsId: string,
  name: string,
): Promise<void> {
  await recordInfrastructure(csoc.context.database, commonsId, {
    status: 'provisioned',
    outputs: simApplyOutputs(name),
  });
}

// Summarizes `terraform show -json <plan>` into the contract's plan event: counts (Terraform's own
// arithmetic: a replace is one add and one destroy) and one entry per resource with its action.
import type { PlanSummary, PlannedResource } from '../eventSchema.ts';
import { toResourceAction } from './translateTerraformUi.ts';

interface ShowResourceChange {
  address?: string;
  change?: { actions?: string[] };
}
/** The parts of Terraform's JSON plan format this SDK reads. */
export interface TerraformShowPlan {
  resource_changes?: ShowResourceChange[];
  resource_drift?: ShowResourceChange[];
}

/** Reduces a Terraform action list (`["delete","create"]`) to one contract action. */
export function actionsToResourceAction(actions: readonly string[] = []): PlannedResource['action'] {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.length === 0) return 'no-op';
  return toResourceAction(actions[0] === 'no-op' ? 'noop' : actions[0]!);
}

export interface PlanSummaryResult {
  summary: PlanSummary;
  /** Every resource Terraform considered, `no-op` included. */
  resources: PlannedResource[];
  /** True when anything would change. */
  hasChanges: boolean;
}

/**
 * Summarizes a JSON plan. In `refresh-only` mode the resources are the drift Terraform found
 * (`resource_drift`), as refresh-only plans change no resource.
 */
export function summarizePlan(
  plan: TerraformShowPlan,
  mode: 'normal' | 'refresh-only' = 'normal',
): PlanSummaryResult {
  const changes = (mode === 'refresh-only' ? plan.resource_drift : plan.resource_changes) ?? [];
  const resources: PlannedResource[] = [];
  for (const change of changes) {
    if (!change.address) continue;
    resources.push({ address: change.address, action: actionsToResourceAction(change.change?.actions) });
  }
  return summarizeResources(resources);
}

/** Counts a list of resource changes (a replace is one add and one destroy). */
export function summarizeResources(resources: PlannedResource[]): PlanSummaryResult {
  const summary: PlanSummary = { add: 0, change: 0, destroy: 0 };
  for (const { action } of resources) {
    if (action === 'create') summary.add += 1;
    else if (action === 'update') summary.change += 1;
    else if (action === 'delete') summary.destroy += 1;
    else if (action === 'replace') {
      summary.add += 1;
      summary.destroy += 1;
    }
  }
  const hasChanges = summary.add + summary.change + summary.destroy > 0;
  return { summary, resources, hasChanges };
}

import { describe, expect, it } from 'vitest';
import { actionsToResourceAction, summarizePlan } from './summarizePlan.ts';

describe('summarizePlan', () => {
  it('counts like Terraform does: a replace is one add and one destroy', () => {
    const result = summarizePlan({
      resource_changes: [
        { address: 'a', change: { actions: ['create'] } },
        { address: 'b', change: { actions: ['update'] } },
        { address: 'c', change: { actions: ['delete'] } },
        { address: 'd', change: { actions: ['delete', 'create'] } },
        { address: 'e', change: { actions: ['create', 'delete'] } },
        { address: 'f', change: { actions: ['no-op'] } },
        { address: 'g', change: { actions: ['read'] } },
      ],
    });
    expect(result.summary).toEqual({ add: 3, change: 1, destroy: 3 });
    expect(result.resources.map((r) => r.action)).toEqual([
      'create',
      'update',
      'delete',
      'replace',
      'replace',
      'no-op',
      'read',
    ]);
    expect(result.hasChanges).toBe(true);
  });

  it('reports drift from resource_drift in refresh-only mode', () => {
    const plan = {
      resource_changes: [{ address: 'a', change: { actions: ['no-op'] } }],
      resource_drift: [{ address: 'a', change: { actions: ['update'] } }],
    };
    expect(summarizePlan(plan).hasChanges).toBe(false);
    expect(summarizePlan(plan, 'refresh-only')).toEqual({
      summary: { add: 0, change: 1, destroy: 0 },
      resources: [{ address: 'a', action: 'update' }],
      hasChanges: true,
    });
    expect(summarizePlan({}).resources).toEqual([]);
    expect(actionsToResourceAction([])).toBe('no-op');
  });
});

// Which Argo CD conditions end a deploy at once (after the grace) and which are waited out.
import { describe, expect, it } from 'vitest';
import { errorConditionsOf, isUnhealable } from './argoCdConditions.ts';

const comparison = (message: string) => ({ type: 'ComparisonError', message });

describe('Argo CD conditions', () => {
  it('treats a missing repository, refused credentials, a missing path and bad manifests as unhealable', () => {
    for (const message of [
      'Failed to load target state: failed to generate manifest for source 1 of 3: rpc error: code = Unknown desc = repository not found',
      'rpc error: code = Unknown desc = authentication required',
      'rpc error: code = Unknown desc = acme/alpha: app path does not exist',
      'Error: open /tmp/x/acme/alpha/values.yaml: no such file or directory',
      "rpc error: code = Unknown desc = unable to resolve 'nope' to a commit SHA",
      'error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context',
    ])
      expect(isUnhealable(comparison(message)), message).toBe(true);
    expect(
      isUnhealable({
        type: 'InvalidSpecError',
        message: 'Application referencing project x which does not exist',
      }),
    ).toBe(true);
  });

  it('waits out network trouble and messages it does not know', () => {
    for (const message of [
      'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'dial tcp 10.0.0.1:443: connect: connection refused',
      'repository not found (503 Service Unavailable, try again)',
      'something new Argo CD says',
    ])
      expect(isUnhealable(comparison(message)), message).toBe(false);
  });

  it('keeps only error conditions', () => {
    expect(
      errorConditionsOf({
        sync: { status: 'Unknown' },
        health: { status: 'Healthy' },
        conditions: [
          { type: 'OrphanedResourceWarning', message: 'orphans' },
          { type: 'ComparisonError', message: 'repository not found' },
        ],
      }),
    ).toEqual([{ type: 'ComparisonError', message: 'repository not found' }]);
  });
});

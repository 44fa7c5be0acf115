import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from './ApiError.ts';
import { etagOf, ifMatch, isStaleEdit, reloadOnStaleEdit } from './ifMatch.ts';

const refusal = (status: number) => new ApiError({ status, code: `http_${status}`, message: 'refused' });

describe('ifMatch', () => {
  it('sends the version the user saw as the ETag the API computes ("v<version>")', () => {
    expect(etagOf(7)).toBe('"v7"');
    expect(ifMatch(7)).toEqual({ 'if-match': '"v7"' });
  });

  it('tells a stale edit (412) from other failures', () => {
    expect(isStaleEdit(refusal(412))).toBe(true);
    expect(isStaleEdit(refusal(409))).toBe(false);
    expect(isStaleEdit(new Error('412'))).toBe(false);
    expect(isStaleEdit(undefined)).toBe(false);
  });

  it('reloads the record after a stale edit, and only then', async () => {
    const queryClient = new QueryClient();
    const key = ['accounts', 'org-a'];
    await queryClient.fetchQuery({ queryKey: key, queryFn: () => 'account list' });
    const onError = reloadOnStaleEdit(queryClient, key);

    await onError(refusal(409));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
    await onError(refusal(412));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    queryClient.clear();
  });
});

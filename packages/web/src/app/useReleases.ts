// The Gen3 release catalog: every release the CSOC can deploy (newest first) and one release's notes.
import { useQuery } from '@tanstack/react-query';
import { releaseQueries } from '../api/releaseQueries.ts';

export function useReleases() {
  return useQuery({ ...releaseQueries.list(), staleTime: 5 * 60_000 });
}

export function useRelease(version: string | undefined) {
  return useQuery({ ...releaseQueries.detail(version), staleTime: 5 * 60_000 });
}

// The Gen3 release catalog from GET /api/v1/releases, when this CSOC serves it (undefined otherwise).
import { useQuery } from '@tanstack/react-query';
import { getOptional } from '../api/apiClient.ts';

export interface ReleaseSummary {
  version: string;
  notes?: string;
  [key: string]: unknown;
}

function notesOf(release: Record<string, unknown>): string | undefined {
  for (const key of ['notes', 'summary', 'releaseNotes', 'highlights']) {
    const value = release[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');
  }
  return undefined;
}

export function useReleases() {
  return useQuery({
    queryKey: ['releases'],
    queryFn: async () => {
      const body = await getOptional<unknown>('/api/v1/releases?limit=500');
      if (body === undefined) return undefined;
      const items = (Array.isArray(body) ? body : ((body as { items?: unknown[] }).items ?? [])) as Record<string, unknown>[];
      return items
        .filter((item) => typeof item.version === 'string')
        .map((item): ReleaseSummary => ({ ...item, version: item.version as string, notes: notesOf(item) }))
        .sort((a, b) => b.version.localeCompare(a.version));
    },
    staleTime: 5 * 60_000,
  });
}

// Fetch factories and calls of release waves: the org's waves, one wave (stages, each commons' state, the
// gate), its timeline, and the operator's moves (pause, resume, skip a commons, roll the stage back, approve).
import { queryOptions } from '@tanstack/react-query';
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { api, unwrap } from './apiClient.ts';

export type Wave = JsonBodyOf<paths['/api/v1/orgs/{org}/waves/{wave}']['get']>;
export type WaveMember = Wave['members'][number];
export type WaveEvent = JsonBodyOf<paths['/api/v1/orgs/{org}/waves/{wave}/events']['get']>['items'][number];
export type WaveMove = 'pause' | 'resume' | 'rollback' | 'approve';

export const waveKeys = {
  list: (org: string) => ['waves', org] as const,
  detail: (org: string, wave: string) => ['waves', org, wave] as const,
  events: (org: string, wave: string) => ['waves', org, wave, 'events'] as const,
};

export const waveQueries = {
  list: (org: string) =>
    queryOptions({
      queryKey: waveKeys.list(org),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/waves', { params: { path: { org } } })),
    }),
  detail: (org: string, wave: string) =>
    queryOptions({
      queryKey: waveKeys.detail(org, wave),
      queryFn: () => unwrap(api.GET('/api/v1/orgs/{org}/waves/{wave}', { params: { path: { org, wave } } })),
    }),
  events: (org: string, wave: string) =>
    queryOptions({
      queryKey: waveKeys.events(org, wave),
      queryFn: () =>
        unwrap(api.GET('/api/v1/orgs/{org}/waves/{wave}/events', { params: { path: { org, wave } } })),
    }),
};

/** One of the wave-wide moves, with the operator's reason for the timeline. */
export function moveWave(org: string, wave: string, move: WaveMove, reason?: string) {
  const options = { params: { path: { org, wave } }, body: reason ? { reason } : {} };
  switch (move) {
    case 'pause':
      return unwrap(api.POST('/api/v1/orgs/{org}/waves/{wave}/pause', options));
    case 'resume':
      return unwrap(api.POST('/api/v1/orgs/{org}/waves/{wave}/resume', options));
    case 'rollback':
      return unwrap(api.POST('/api/v1/orgs/{org}/waves/{wave}/rollback', options));
    case 'approve':
      return unwrap(api.POST('/api/v1/orgs/{org}/waves/{wave}/approve', options));
  }
}

/** Leaves one commons out of the rest of the wave. */
export function skipWaveCommons(org: string, wave: string, commons: string, reason?: string) {
  return unwrap(
    api.POST('/api/v1/orgs/{org}/waves/{wave}/skip', {
      params: { path: { org, wave } },
      body: { commons, ...(reason ? { reason } : {}) },
    }),
  );
}

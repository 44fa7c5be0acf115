// The commons' user.yaml as saved through CSOC and its rollout (ADR 0078): the GitOps deploy that carries it
// and the usersync after it, typed by the generated API paths.
import type { JsonBodyOf } from '@csoc/common';
import type { paths } from '@csoc/common/api-types';
import { queryOptions } from '@tanstack/react-query';
import { ApiError } from './ApiError.ts';
import { api, unwrap } from './apiClient.ts';

type UserYamlPath = '/api/v1/orgs/{org}/commons/{commons}/user-yaml';

export type UserYamlVersion = JsonBodyOf<paths[UserYamlPath]['get']>;
export type UserYamlState = UserYamlVersion['state'];

/** States after which nothing moves by itself any more. */
export const SETTLED_STATES: readonly UserYamlState[] = [
  'saved',
  'done',
  'deploy-failed',
  'usersync-failed',
  'superseded',
];

const path = (org: string, commons: string) => ({ params: { path: { org, commons } } });

export const userYamlQueries = {
  /** The newest saved version; null when none was saved through CSOC yet (404). */
  current: (org: string, commons: string) =>
    queryOptions({
      queryKey: ['user-yaml', org, commons],
      // React Query keeps no undefined result: "none saved" is null.
      queryFn: async (): Promise<UserYamlVersion | null> => {
        try {
          return await unwrap(api.GET('/api/v1/orgs/{org}/commons/{commons}/user-yaml', path(org, commons)));
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
    }),
};

/** Saves an edit of `expectedVersion`; `confirm` is the commons' name as typed (the server checks both). */
export async function saveUserYaml(
  org: string,
  commons: string,
  body: { content: string; expectedVersion: number; confirm: string },
): Promise<UserYamlVersion> {
  const answer = await unwrap(
    api.PUT('/api/v1/orgs/{org}/commons/{commons}/user-yaml', { ...path(org, commons), body }),
  );
  return answer.userYaml;
}

/** A second person approves a save waiting for one (prod): its deploy starts, then usersync. */
export async function approveUserYaml(
  org: string,
  commons: string,
  version: number,
): Promise<UserYamlVersion> {
  const answer = await unwrap(
    api.POST('/api/v1/orgs/{org}/commons/{commons}/user-yaml/versions/{version}/approve', {
      params: { path: { org, commons, version } },
    }),
  );
  return answer.userYaml;
}

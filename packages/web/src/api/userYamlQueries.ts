// The commons' user.yaml as saved through CSOC and its rollout (ADR 0078): the GitOps deploy that carries it
// and the usersync after it. These routes are newer than the generated API document, so they are fetched
// untyped and typed here with the shapes the server's route schemas answer.
import { queryOptions } from '@tanstack/react-query';
import { ApiError } from './ApiError.ts';
import { currentCsrfToken, getOptional, postJson } from './apiClient.ts';
import { commonsPath } from './clusterQueries.ts';

export type UserYamlState =
  | 'saved'
  | 'pending-approval'
  | 'deploying'
  | 'usersync'
  | 'done'
  | 'deploy-failed'
  | 'usersync-failed'
  | 'superseded';

export interface UserYamlVersion {
  version: number;
  content: string;
  sha256: string;
  savedBy: string;
  savedAt: string;
  state: UserYamlState;
  message: string | null;
  approvedBy: string | null;
  deploy: { id: string; status: string; message: string } | null;
  usersync: { id: string; state: string; result: string | null } | null;
  usersyncAction: string | null;
}

/** States after which nothing moves by itself any more. */
export const SETTLED_STATES: readonly UserYamlState[] = [
  'saved',
  'done',
  'deploy-failed',
  'usersync-failed',
  'superseded',
];

const userYamlPath = (org: string, commons: string) => `${commonsPath(org, commons)}/user-yaml`;

export const userYamlQueries = {
  /** The newest saved version; null when none was saved through CSOC yet (404). */
  current: (org: string, commons: string) =>
    queryOptions({
      queryKey: ['user-yaml', org, commons],
      // React Query keeps no undefined result: "none saved" is null.
      queryFn: async () => (await getOptional<UserYamlVersion>(userYamlPath(org, commons))) ?? null,
    }),
};

/** Saves an edit of `expectedVersion`; `confirm` is the commons' name as typed (the server checks both). */
export async function saveUserYaml(
  org: string,
  commons: string,
  body: { content: string; expectedVersion: number; confirm: string },
): Promise<UserYamlVersion> {
  const token = currentCsrfToken();
  let response: Response;
  try {
    response = await fetch(userYamlPath(org, commons), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(token ? { 'x-csrf-token': token } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: `The CSOC server could not be reached (${cause instanceof Error ? cause.message : String(cause)}). Check your connection and retry.`,
    });
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw ApiError.fromResponse(response, answer);
  return (answer as { userYaml: UserYamlVersion }).userYaml;
}

/** A second person approves a save waiting for one (prod): its deploy starts, then usersync. */
export async function approveUserYaml(
  org: string,
  commons: string,
  version: number,
): Promise<UserYamlVersion> {
  const answer = await postJson<{ userYaml: UserYamlVersion }>(
    `${userYamlPath(org, commons)}/versions/${version}/approve`,
    {},
  );
  return answer.userYaml;
}

// For org admins (agent.manage), on a commons without a connected agent: creates the one-time join token
// the agent enrols with and shows it this once, with where it goes (the secret manager entry the rendered
// ExternalSecret reads). CSOC keeps only its hash; a new token replaces the enrolled agent when used.
import { Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { postJson } from '../../../api/apiClient.ts';
import { commonsPath } from '../../../api/clusterQueries.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

/** What POST …/agent/join-token answers (AgentJoinTokenResponse in @csoc/common's agent protocol). */
interface JoinToken {
  token: string;
  expiresAt: string;
}

export function JoinTokenCard({ org, commons }: { org: string; commons: string }) {
  const create = useMutation({
    mutationFn: () => postJson<JoinToken>(`${commonsPath(org, commons)}/agent/join-token`, {}),
  });
  return (
    <Stack gap="xs">
      <Group>
        <Button size="xs" onClick={() => create.mutate()} loading={create.isPending}>
          Create a join token
        </Button>
        <Text size="xs" c="dimmed">
          One use, expires in 24 hours; shown once.
        </Text>
      </Group>
      <ErrorAlert error={create.error} title="Could not create a join token" />
      {create.data && (
        <Stack gap={4} data-testid="join-token">
          <Text size="sm">
            Put this token into the secret manager entry of the commons&apos; join token (property{' '}
            <Code>token</Code>) now; it is not shown again. Expires{' '}
            {new Date(create.data.expiresAt).toLocaleString()}.
          </Text>
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="join-token-value">{create.data.token}</Code>
            <CopyButton value={create.data.token}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

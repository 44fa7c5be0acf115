// A commons' Terraform state lock: who holds it, since when, and (admins) force-unlock with confirmation.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/apiClient.ts';
import { useOrgRole } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function CommonsStateTab({ org, name }: { org: string; name: string }) {
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const key = ['state-lock', org, name];
  const lock = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{org}/commons/{commons}/state/lock', {
          params: { path: { org, commons: name } },
        }),
      ),
  });
  const unlock = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/commons/{commons}/state/lock', {
          params: { path: { org, commons: name } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <Stack maw={640}>
      <ErrorAlert error={lock.error ?? unlock.error} />
      {lock.data &&
        (lock.data.locked ? (
          <Alert color="yellow" title="State is locked" data-testid="state-lock">
            <Text size="sm">
              Held{lock.data.runId ? ` by run ${lock.data.runId}` : ''}
              {lock.data.since ? ` since ${new Date(lock.data.since).toLocaleString()}` : ''}.
            </Text>
          </Alert>
        ) : (
          <Alert color="green" title="State is not locked" data-testid="state-lock">
            <Text size="sm">No run holds the Terraform state lock.</Text>
          </Alert>
        ))}
      {can('state.manage') && (
        <Group>
          <Button
            color="red"
            variant="light"
            loading={unlock.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Force-unlock the Terraform state of ${name}? Only do this if no run is using it.`,
                )
              )
                unlock.mutate();
            }}
          >
            Force unlock
          </Button>
        </Group>
      )}
    </Stack>
  );
}

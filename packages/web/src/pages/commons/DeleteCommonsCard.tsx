// The "Danger zone" of a commons' settings: delete it once its infrastructure is destroyed, by typing its
// name; a prod commons is deleted only when a second person does the same.
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/apiClient.ts';
import type { Commons } from '../../api/apiShapes.ts';
import { useMe } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { commonsKeys, fleetKeys } from '../../api/queryKeys.ts';

export interface DeleteCommonsCardProps {
  org: string;
  commons: Commons;
}

export function DeleteCommonsCard({ org, commons }: DeleteCommonsCardProps) {
  const name = commons.metadata.name;
  const prod = commons.spec.environment === 'prod';
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: async () =>
      // 204 has no body; 202 says the deletion of a prod commons waits for a second person.
      (await unwrap(
        api.DELETE('/api/v1/orgs/{org}/commons/{commons}', {
          params: { path: { org, commons: name }, query: { confirm: typed } },
        }),
      )) ?? null,
    onSuccess: async (result) => {
      if (result?.status === 'awaiting_second_approval') {
        setTyped('');
        await queryClient.invalidateQueries({ queryKey: commonsKeys.detail(org, name) });
        return;
      }
      notifications.show({ message: `Deleted the commons ${name}.` });
      // Leave the page first, so nothing refetches the commons that no longer exists.
      await navigate(`/orgs/${org}/fleet`);
      window.scrollTo(0, 0);
      queryClient.removeQueries({ queryKey: commonsKeys.detail(org, name) });
      await queryClient.invalidateQueries({ queryKey: fleetKeys.list(org) });
    },
  });
  const requestedBy =
    (remove.data?.status === 'awaiting_second_approval' ? remove.data.requestedBy : undefined) ??
    commons.status.deletionRequestedBy;
  const requestedByMe = !!requestedBy && requestedBy === me.data?.user.email;
  return (
    <Card
      component="section"
      withBorder
      style={{ borderColor: 'var(--mantine-color-red-6)' }}
      aria-label="Danger zone"
    >
      <Stack>
        <Title order={3} size="h4" c="red">
          Danger zone
        </Title>
        <Text size="sm">
          Deleting removes {name} and its revision history from CSOC (the audit log keeps the record). It
          never touches cloud resources, so the infrastructure must be destroyed first: on the Runs tab, Plan
          destroy, approve the plan and let the apply succeed.
        </Text>
        {commons.status.infrastructure === 'provisioned' && (
          <Alert color="yellow" title="Infrastructure still exists">
            <Text size="sm">
              {name} is provisioned. CSOC refuses to delete it until a destroy run has succeeded.
            </Text>
          </Alert>
        )}
        {prod && !requestedBy && (
          <Text size="sm">
            This is a prod commons: deleting it takes two people. Your request is recorded, and a second admin
            must then type the name and delete it too.
          </Text>
        )}
        {requestedBy && (
          <Alert color="orange" title="Deletion waits for a second person" data-testid="deletion-pending">
            <Text size="sm">
              {requestedByMe ? 'You' : requestedBy} asked to delete this prod commons. It is deleted only when
              another admin{requestedByMe ? '' : ' (you, for instance)'} types its name below and deletes it
              too.
            </Text>
          </Alert>
        )}
        <TextInput
          label={`Type ${name} to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          maw={360}
        />
        <ErrorAlert error={remove.error} title={`${name} was not deleted`} />
        <Group>
          <Button
            color="red"
            disabled={typed !== name || requestedByMe}
            loading={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {requestedBy && !requestedByMe ? 'Confirm deletion' : 'Delete commons'}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

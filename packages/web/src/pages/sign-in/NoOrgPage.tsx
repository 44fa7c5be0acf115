// Shown to a signed-in user with no membership yet: platform admins create the first organization here.
import { Button, Container, Group, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/apiClient.ts';
import { useMe } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { sessionKeys } from '../../api/queryKeys.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

export function NoOrgPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/orgs', { body: { slug, name } })),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
      await navigate(`/orgs/${org.slug}/fleet`);
    },
  });
  return (
    <Container size="sm" py="xl">
      <Title order={2}>No organization yet</Title>
      {me.data?.user.isPlatformAdmin ? (
        <SubmitForm onSubmit={() => create.mutate()}>
          <Text mt="sm">Create the first organization; you become its owner.</Text>
          <TextInput
            mt="md"
            label="Slug"
            description="Lower-case letters, digits and dashes"
            value={slug}
            onChange={(event) => setSlug(event.currentTarget.value)}
            required
          />
          <TextInput
            mt="sm"
            label="Name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
          />
          <Group mt="md">
            <Button type="submit" loading={create.isPending}>
              Create organization
            </Button>
          </Group>
          <ErrorAlert error={create.error} title="Could not create the organization" />
        </SubmitForm>
      ) : (
        <Text mt="sm">
          You are signed in but not a member of any organization. Ask an organization admin to invite you.
        </Text>
      )}
    </Container>
  );
}

// Accepting an invitation from its link (/invitations/accept#<token>): signed in, join as yourself;
// otherwise choose a display name and password to create the invited account, then sign in.
import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, unwrap } from '../../api/apiClient.ts';
import { useSession } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { sessionKeys } from '../../api/queryKeys.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

export function AcceptInvitationPage() {
  const location = useLocation();
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  const session = useSession();
  const signedIn = Boolean(session.data);
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/invitations/accept', {
          body: signedIn ? { token } : { token, password, ...(displayName ? { displayName } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.me() }),
  });
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} component="main">
        <Title order={1} size="h3" mb="md">
          Accept your invitation
        </Title>
        {!token ? (
          <Alert color="red" title="No invitation token">
            Open the full link you were sent; it ends with # and the invitation token.
          </Alert>
        ) : accept.data ? (
          <Stack>
            <Alert color="green" title="Invitation accepted" role="status">
              You joined {accept.data.orgSlug} as {accept.data.role}.
            </Alert>
            {signedIn ? (
              <Anchor component={Link} to={`/orgs/${accept.data.orgSlug}/fleet`}>
                Go to {accept.data.orgSlug}
              </Anchor>
            ) : (
              <Anchor
                component={Link}
                to={`/login?returnTo=${encodeURIComponent(`/orgs/${accept.data.orgSlug}/fleet`)}`}
              >
                Sign in
              </Anchor>
            )}
          </Stack>
        ) : (
          <SubmitForm aria-label="Accept the invitation" onSubmit={() => accept.mutate()}>
            <Stack>
              {signedIn ? (
                <Text size="sm">You are signed in; accepting adds your account to the organization.</Text>
              ) : (
                <>
                  <Text size="sm">Choose how you will sign in to CSOC.</Text>
                  <TextInput
                    label="Display name"
                    autoComplete="name"
                    value={displayName}
                    onChange={(event) => setDisplayName(event.currentTarget.value)}
                  />
                  <PasswordInput
                    label="New password"
                    description="At least 12 characters"
                    autoComplete="new-password"
                    minLength={12}
                    value={password}
                    onChange={(event) => setPassword(event.currentTarget.value)}
                    required
                  />
                </>
              )}
              <Button type="submit" loading={accept.isPending}>
                Accept invitation
              </Button>
              <ErrorAlert error={accept.error} title="Could not accept the invitation" />
            </Stack>
          </SubmitForm>
        )}
      </Paper>
    </Center>
  );
}

// The signed-in user's profile: account, password change, live browser sessions, and API tokens for
// this org (the token itself is shown once, right after creation).
import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ORG_ROLES, type OrgRole } from '@csoc/common/access';
import { api, unwrap } from '../api/apiClient.ts';
import { useMe } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { identityQueries } from '../api/identityQueries.ts';
import { sessionKeys, tokenKeys } from '../api/queryKeys.ts';
import { SubmitForm } from '../components/SubmitForm.tsx';

export function ProfilePage() {
  const { org = '' } = useParams<{ org: string }>();
  const me = useMe();
  const queryClient = useQueryClient();
  const sessions = useQuery(identityQueries.mySessions());
  const tokens = useQuery(identityQueries.tokens(org));
  const revokeSession = useMutation({
    mutationFn: (sessionId: string) =>
      unwrap(api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.mySessions() }),
  });
  const revokeToken = useMutation({
    mutationFn: (tokenId: string) =>
      unwrap(api.DELETE('/api/v1/orgs/{org}/tokens/{tokenId}', { params: { path: { org, tokenId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.list(org) }),
  });
  const [tokenName, setTokenName] = useState('');
  const [tokenRole, setTokenRole] = useState<OrgRole>('viewer');
  const [newToken, setNewToken] = useState<string>();
  const createToken = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/tokens', {
          params: { path: { org } },
          body: { name: tokenName, role: tokenRole },
        }),
      ),
    onSuccess: async (created) => {
      setNewToken(created.token);
      setTokenName('');
      await queryClient.invalidateQueries({ queryKey: tokenKeys.list(org) });
    },
  });
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const changePassword = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: async () => {
      setCurrentPassword('');
      setNewPassword('');
      notifications.show({ message: 'Password changed; your other sessions were signed out.' });
      await queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    },
  });

  return (
    <Stack maw={1000}>
      <Title order={2}>Profile</Title>
      <ErrorAlert error={me.error} />
      {me.data && (
        <Text>
          {me.data.user.displayName} · {me.data.user.email}
          {me.data.user.isPlatformAdmin ? ' · platform admin' : ''}
        </Text>
      )}
      {me.data?.mustChangePassword && (
        <Alert color="yellow">You signed in with a one-time password: choose a new password now.</Alert>
      )}
      <Card withBorder maw={520}>
        <SubmitForm onSubmit={() => changePassword.mutate()}>
          <Title order={3} size="h4">
            Change password
          </Title>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.currentTarget.value)}
            required
            mt="sm"
          />
          <PasswordInput
            label="New password"
            description="At least 12 characters"
            autoComplete="new-password"
            value={newPassword}
            onChange={(event) => setNewPassword(event.currentTarget.value)}
            required
            mt="sm"
          />
          <Button type="submit" mt="sm" loading={changePassword.isPending}>
            Change password
          </Button>
          <ErrorAlert error={changePassword.error} title="Could not change the password" />
        </SubmitForm>
      </Card>
      <Title order={3} size="h4">
        Browser sessions
      </Title>
      <ErrorAlert error={sessions.error ?? revokeSession.error} />
      <DataTable
        label="Sessions"
        rows={sessions.data?.items ?? []}
        rowKey={(session) => session.id}
        columns={[
          { header: 'Started', cell: (session) => new Date(session.createdAt).toLocaleString() },
          { header: 'Last seen', cell: (session) => new Date(session.lastSeenAt).toLocaleString() },
          { header: 'From', cell: (session) => session.sourceIp },
          {
            header: 'Browser',
            cell: (session) => (
              <Text size="xs" lineClamp={1}>
                {session.userAgent}
              </Text>
            ),
          },
          {
            header: '',
            cell: (session) =>
              session.current ? (
                'this session'
              ) : (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => revokeSession.mutate(session.id)}
                >
                  Revoke
                </Button>
              ),
          },
        ]}
      />
      <Title order={3} size="h4">
        API tokens for {org}
      </Title>
      <ErrorAlert error={tokens.error ?? revokeToken.error} />
      <DataTable
        label="API tokens"
        rows={tokens.data?.items ?? []}
        rowKey={(token) => token.id}
        columns={[
          { header: 'Name', cell: (token) => token.name },
          { header: 'Role', cell: (token) => token.role },
          { header: 'Prefix', cell: (token) => <code>{token.prefix}…</code> },
          { header: 'Owner', cell: (token) => token.userEmail },
          {
            header: 'Last used',
            cell: (token) => (token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'),
          },
          {
            header: 'Expires',
            cell: (token) => (token.expiresAt ? new Date(token.expiresAt).toLocaleDateString() : 'never'),
          },
          {
            header: '',
            cell: (token) =>
              token.revokedAt ? (
                'revoked'
              ) : (
                <Button size="xs" variant="subtle" color="red" onClick={() => revokeToken.mutate(token.id)}>
                  Revoke
                </Button>
              ),
          },
        ]}
      />
      <Card withBorder maw={640}>
        <SubmitForm onSubmit={() => createToken.mutate()}>
          <Group align="flex-end">
            <TextInput
              label="Token name"
              value={tokenName}
              onChange={(event) => setTokenName(event.currentTarget.value)}
              required
            />
            <Select
              label="Role"
              description="never more than yours"
              data={[...ORG_ROLES]}
              value={tokenRole}
              onChange={(value) => value && setTokenRole(value as OrgRole)}
              allowDeselect={false}
              w={140}
            />
            <Button type="submit" loading={createToken.isPending}>
              Create token
            </Button>
          </Group>
          <ErrorAlert error={createToken.error} title="Could not create the token" />
          {newToken && (
            <Alert color="green" mt="sm" title="Copy it now: it is shown only once">
              <Code block>{newToken}</Code>
            </Alert>
          )}
        </SubmitForm>
      </Card>
    </Stack>
  );
}

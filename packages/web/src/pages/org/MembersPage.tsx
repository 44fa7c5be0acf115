// Org members and roles: list, add an existing user (platform admins only), change a role (If-Match),
// remove; invitations: create (the accept link is shown once), list with status, revoke.
import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ORG_ROLES, type OrgRole } from '@csoc/common/access';
import { api, unwrap } from '../../api/apiClient.ts';
import { useMe, useOrgRole } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ifMatch } from '../../api/ifMatch.ts';
import { memberQueries } from '../../api/memberQueries.ts';
import { memberKeys } from '../../api/queryKeys.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';

export function MembersPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const members = useQuery(memberQueries.list(org));
  const refresh = () => queryClient.invalidateQueries({ queryKey: memberKeys.list(org) });
  const setRole = useMutation({
    mutationFn: ({ userId, role, version }: { userId: string; role: OrgRole; version: number }) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{org}/members/{userId}', {
          params: { path: { org, userId } },
          body: { role },
          headers: ifMatch(version),
        }),
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.DELETE('/api/v1/orgs/{org}/members/{userId}', { params: { path: { org, userId } } })),
    onSuccess: refresh,
  });
  const [email, setEmail] = useState('');
  const [role, setNewRole] = useState<OrgRole>('viewer');
  const add = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/orgs/{org}/members', { params: { path: { org } }, body: { email, role } })),
    onSuccess: async () => {
      setEmail('');
      await refresh();
    },
  });
  const manage = can('member.manage');
  // Only platform admins add an existing account directly; org admins invite (the person must accept).
  const me = useMe();
  const addDirectly = manage && me.data?.user.isPlatformAdmin === true;
  return (
    <Stack>
      <Title order={2}>Members</Title>
      <ErrorAlert error={members.error ?? setRole.error ?? remove.error} />
      <DataTable
        label="Members"
        rows={members.data?.items ?? []}
        rowKey={(member) => member.userId}
        columns={[
          { header: 'Name', cell: (member) => member.displayName },
          { header: 'Email', cell: (member) => member.email },
          {
            header: 'Role',
            cell: (member) =>
              manage ? (
                <Select
                  aria-label={`Role of ${member.email}`}
                  data={[...ORG_ROLES]}
                  value={member.role}
                  allowDeselect={false}
                  size="xs"
                  w={130}
                  onChange={(value) =>
                    value &&
                    setRole.mutate({
                      userId: member.userId,
                      role: value as OrgRole,
                      version: member.version,
                    })
                  }
                />
              ) : (
                member.role
              ),
          },
          { header: 'Source', cell: (member) => member.source },
          {
            header: '',
            cell: (member) =>
              manage && (
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(member.userId)}>
                  Remove
                </Button>
              ),
          },
        ]}
      />
      {addDirectly && (
        <Card withBorder maw={640}>
          <SubmitForm onSubmit={() => add.mutate()}>
            <Title order={3} size="h4">
              Add a member
            </Title>
            <Group align="flex-end" mt="sm">
              <TextInput
                label="Email of an existing user"
                type="email"
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                required
                w={280}
              />
              <Select
                label="Role"
                data={[...ORG_ROLES]}
                value={role}
                onChange={(value) => value && setNewRole(value as OrgRole)}
                allowDeselect={false}
                w={140}
              />
              <Button type="submit" loading={add.isPending}>
                Add
              </Button>
            </Group>
            <ErrorAlert error={add.error} title="Could not add the member" />
          </SubmitForm>
        </Card>
      )}
      <InvitationsSection org={org} manage={manage} />
    </Stack>
  );
}

const INVITATION_COLORS = { pending: 'blue', accepted: 'green', expired: 'gray', revoked: 'red' } as const;

/** Invitations: list with status (member.read), create and revoke (member.manage). */
function InvitationsSection({ org, manage }: { org: string; manage: boolean }) {
  const queryClient = useQueryClient();
  const invitations = useQuery(memberQueries.invitations(org));
  const refresh = () => queryClient.invalidateQueries({ queryKey: memberKeys.invitations(org) });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('viewer');
  const [hours, setHours] = useState<number>(72);
  const [acceptUrl, setAcceptUrl] = useState<string>();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/invitations', {
          params: { path: { org } },
          body: { email, role, expiresInHours: hours },
        }),
      ),
    onSuccess: async (created) => {
      setAcceptUrl(created.acceptUrl);
      setEmail('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/invitations/{invitationId}', {
          params: { path: { org, invitationId } },
        }),
      ),
    onSuccess: refresh,
  });
  return (
    <Stack>
      <Title order={3}>Invitations</Title>
      <ErrorAlert error={invitations.error ?? revoke.error} />
      <DataTable
        label="Invitations"
        rows={invitations.data?.items ?? []}
        rowKey={(invitation) => invitation.id}
        columns={[
          { header: 'Email', cell: (invitation) => invitation.email },
          { header: 'Role', cell: (invitation) => invitation.role },
          {
            header: 'Status',
            cell: (invitation) => (
              <Badge color={INVITATION_COLORS[invitation.status]} variant="light">
                {invitation.status}
              </Badge>
            ),
          },
          { header: 'Expires', cell: (invitation) => new Date(invitation.expiresAt).toLocaleString() },
          {
            header: '',
            cell: (invitation) =>
              manage &&
              invitation.status === 'pending' && (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Revoke the invitation of ${invitation.email}`}
                  onClick={() => revoke.mutate(invitation.id)}
                >
                  Revoke
                </Button>
              ),
          },
        ]}
      />
      {manage && (
        <Card withBorder maw={760}>
          <SubmitForm
            aria-label="Invite someone"
            onSubmit={() => {
              setAcceptUrl(undefined);
              create.mutate();
            }}
          >
            <Title order={4}>Invite someone</Title>
            <Group align="flex-end" mt="sm">
              <TextInput
                label="Email to invite"
                type="email"
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                required
                w={260}
              />
              <Select
                label="Invited role"
                data={[...ORG_ROLES]}
                value={role}
                onChange={(value) => value && setRole(value as OrgRole)}
                allowDeselect={false}
                w={140}
              />
              <NumberInput
                label="Expires in (hours)"
                min={1}
                max={720}
                value={hours}
                onChange={(value) => setHours(typeof value === 'number' ? value : Number(value) || 72)}
                w={150}
              />
              <Button type="submit" loading={create.isPending}>
                Invite
              </Button>
            </Group>
            <ErrorAlert error={create.error} title="Could not create the invitation" />
          </SubmitForm>
          {acceptUrl && (
            <Stack gap={4} mt="md" role="status" aria-label="Invitation link">
              <Text size="sm">Send this link to the invitee. It is shown only once:</Text>
              <Code block data-testid="accept-url">
                {acceptUrl}
              </Code>
            </Stack>
          )}
        </Card>
      )}
    </Stack>
  );
}

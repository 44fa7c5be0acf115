// Org members and roles: list, add an existing user, change a role (If-Match), remove.
import { Button, Card, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ORG_ROLES, type OrgRole } from '../../../server/src/access/policy.ts';
import { api, unwrap } from '../api/apiClient.ts';
import { useOrgRole } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';

export function MembersPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: ['members', org],
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{org}/members', { params: { path: { org }, query: { limit: 500 } } })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', org] });
  const setRole = useMutation({
    mutationFn: ({ userId, role, version }: { userId: string; role: OrgRole; version: number }) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{org}/members/{userId}', {
          params: { path: { org, userId } },
          body: { role },
          headers: { 'if-match': `"v${version}"` },
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
  return (
    <Stack>
      <Title order={2}>Members</Title>
      <ErrorAlert error={members.error ?? setRole.error ?? remove.error} />
      <Table withTableBorder striped aria-label="Members">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(members.data?.items ?? []).map((member) => (
            <Table.Tr key={member.userId}>
              <Table.Td>{member.displayName}</Table.Td>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>
                {manage ? (
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
                )}
              </Table.Td>
              <Table.Td>{member.source}</Table.Td>
              <Table.Td>
                {manage && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(member.userId)}>
                    Remove
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {manage && (
        <Card withBorder maw={640}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate();
            }}
          >
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
          </form>
        </Card>
      )}
    </Stack>
  );
}

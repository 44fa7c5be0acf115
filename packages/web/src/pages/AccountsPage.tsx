// Cloud accounts: list (public fields, which secret fields are set, fingerprint — never a secret value)
// and add an account whose fields come from the kind's schemas; secret fields are write-only inputs.
import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import {
  CLOUD_ACCOUNT_KINDS,
  cloudAccountFields,
  type CloudAccountKind,
} from '../../../common/src/api/credentialSchemas.ts';
import { api, unwrap } from '../api/apiClient.ts';
import { ApiError } from '../api/ApiError.ts';
import { useOrgRole } from '../app/useSession.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { plainSchema, SchemaForm, toErrorSchema } from '../components/SchemaForm.tsx';

export function AccountsPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const accounts = useQuery({
    queryKey: ['accounts', org],
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{org}/accounts', { params: { path: { org }, query: { limit: 500 } } })),
  });
  return (
    <Stack>
      <Title order={2}>Cloud accounts</Title>
      <ErrorAlert error={accounts.error} />
      <Table withTableBorder striped aria-label="Cloud accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Public fields</Table.Th>
            <Table.Th>Secret fields</Table.Th>
            <Table.Th>Fingerprint</Table.Th>
            <Table.Th>Rotated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(accounts.data?.items ?? []).map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>{account.name}</Table.Td>
              <Table.Td>{account.kind}</Table.Td>
              <Table.Td>
                <Code>{JSON.stringify(account.public)}</Code>
              </Table.Td>
              <Table.Td>
                {account.secretFields.map((field) => (
                  <Badge key={field.name} variant="light" color={field.set ? 'green' : 'gray'} mr={4}>
                    {field.name}: {field.set ? 'set' : 'not set'}
                  </Badge>
                ))}
              </Table.Td>
              <Table.Td>
                <code>{account.secretFingerprint}</code>
              </Table.Td>
              <Table.Td>{new Date(account.secretsRotatedAt).toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {can('credentials.write') && <AddAccountForm org={org} />}
    </Stack>
  );
}

function AddAccountForm({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<CloudAccountKind>('sim');
  const [name, setName] = useState('');
  const [publicFields, setPublicFields] = useState<Record<string, unknown>>({});
  const [secrets, setSecrets] = useState<Record<string, unknown>>({});
  const schemas = useMemo(
    () => ({
      public: plainSchema(cloudAccountFields[kind].public),
      secrets: plainSchema(cloudAccountFields[kind].secrets),
    }),
    [kind],
  );
  // Every secret field is a password input, never echoed back and never prefilled.
  const secretUi = useMemo(
    () =>
      Object.fromEntries(
        Object.keys(cloudAccountFields[kind].secrets.properties).map((field) => [
          field,
          { 'ui:widget': 'password', 'ui:autocomplete': 'off' },
        ]),
      ),
    [kind],
  );
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/accounts', {
          params: { path: { org } },
          body: { kind, name, public: publicFields, secrets: secrets as Record<string, string> },
        }),
      ),
    onSuccess: async (account) => {
      setSecrets({});
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['accounts', org] });
      notifications.show({
        message: `Account ${account.name} added; its secrets are encrypted and never shown again.`,
      });
    },
  });
  const serverError = create.error instanceof ApiError ? create.error : undefined;
  return (
    <Card withBorder maw={720}>
      <Title order={3} size="h4">
        Add a cloud account
      </Title>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack mt="sm">
          <Group>
            <Select
              label="Kind"
              data={CLOUD_ACCOUNT_KINDS.map((value) => ({
                value,
                label: value === 'sim' ? 'sim (simulated cloud)' : value,
              }))}
              value={kind}
              onChange={(value) => {
                if (!value) return;
                setKind(value as CloudAccountKind);
                setPublicFields({});
                setSecrets({});
              }}
              allowDeselect={false}
            />
            <TextInput
              label="Name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              error={serverError?.fieldErrors('body.').name?.join('; ')}
            />
          </Group>
          <SchemaForm
            idPrefix="account-public"
            label="Public fields"
            schema={schemas.public}
            formData={publicFields}
            onChange={(data) => setPublicFields((data ?? {}) as Record<string, unknown>)}
            extraErrors={toErrorSchema(serverError?.fieldErrors('body.public.') ?? {})}
          />
          <Text size="sm" fw={600}>
            Secret fields (write-only: stored encrypted, never shown again)
          </Text>
          <SchemaForm
            idPrefix="account-secrets"
            label="Secret fields"
            schema={schemas.secrets}
            uiSchema={secretUi}
            formData={secrets}
            onChange={(data) => setSecrets((data ?? {}) as Record<string, unknown>)}
            extraErrors={toErrorSchema(serverError?.fieldErrors('body.secrets.') ?? {})}
          />
          <ErrorAlert error={create.error} title="The account could not be added" />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add account
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

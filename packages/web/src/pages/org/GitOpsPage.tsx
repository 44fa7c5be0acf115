// GitOps access: where the org's GitOps repository lives and which Argo CD deploys it, and the read
// tokens Argo CD uses to pull it (create — shown once —, list, revoke).
import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { GitopsReadTokenRequest } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { gitopsQueries } from '../../api/gitopsQueries.ts';
import { gitopsKeys } from '../../api/queryKeys.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';

/** The token-name rule of the API's schema (^[a-z][a-z0-9-]{0,39}$), checked as the user types. */
const TOKEN_NAME_PATTERN = new RegExp(
  (GitopsReadTokenRequest.properties.name as unknown as { pattern: string }).pattern,
);

function tokenNameProblem(name: string): string | undefined {
  if (name === '' || TOKEN_NAME_PATTERN.test(name)) return undefined;
  return 'Use 1 to 40 lower-case letters, digits and dashes, starting with a letter (e.g. argocd-prod).';
}

const formatTime = (value: string | null) => (value ? new Date(value).toLocaleString() : 'never');

/** Labels for the fields GET .../gitops answers; a field not listed here is still shown, under its key. */
const REPOSITORY_LABELS: Record<string, string> = {
  mode: 'Served by',
  repository: 'Repository URL (HTTPS git)',
  branch: 'Branch',
  argocd: 'Argo CD deploying it',
  simulated: 'Argo CD kind',
};

function repositoryValue(key: string, value: unknown): ReactNode {
  if (key === 'mode')
    return value === 'local'
      ? 'this CSOC (local repository, read-only over HTTPS git)'
      : value === 'remote'
        ? 'a remote git server CSOC pushes to'
        : String(value);
  if (key === 'simulated') return value ? 'the CSOC Argo CD simulator' : 'a real Argo CD';
  if (key === 'argocd' && value === null) return 'none configured for this organization';
  if (key === 'repository' || key === 'argocd')
    return (
      <Group gap="xs" wrap="nowrap">
        <Code>{String(value)}</Code>
        <CopyButton value={String(value)}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={copy}
              aria-label={`Copy ${REPOSITORY_LABELS[key]}`}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
    );
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? <Code>{JSON.stringify(value)}</Code> : String(value);
}

export function GitOpsPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const manage = can('gitops.token');
  const queryClient = useQueryClient();
  const repository = useQuery(gitopsQueries.repository(org));
  const tokens = useQuery(gitopsQueries.readTokens(org));
  const refreshTokens = () => queryClient.invalidateQueries({ queryKey: gitopsKeys.readTokens(org) });
  const [revoking, setRevoking] = useState<{ id: string; name: string }>();
  const existingNames = (tokens.data?.items ?? []).map((token) => token.name);

  return (
    <Stack maw={1100}>
      <Title order={2}>GitOps access</Title>
      <Text size="sm">
        CSOC writes each commons&apos; deployment files to this organization&apos;s GitOps repository; a read
        token is the password Argo CD uses to read that repository over HTTPS git (any user name), so it can
        deploy what CSOC committed.
      </Text>

      <Card withBorder>
        <Title order={3} size="h4">
          GitOps repository
        </Title>
        <ErrorAlert error={repository.error} title="Could not read where the GitOps repository is" />
        {repository.data && (
          <Table mt="sm" variant="vertical" withTableBorder aria-label="GitOps repository" maw={900}>
            <Table.Tbody>
              {Object.entries(repository.data).map(([key, value]) => (
                <Table.Tr key={key}>
                  <Table.Th w={240}>{REPOSITORY_LABELS[key] ?? key}</Table.Th>
                  <Table.Td data-testid={`gitops-${key}`}>{repositoryValue(key, value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Title order={3} size="h4">
        Read tokens
      </Title>
      <ErrorAlert error={tokens.error} title="Could not list the read tokens" />
      <DataTable
        label="GitOps read tokens"
        rows={tokens.data?.items ?? []}
        rowKey={(token) => token.id}
        empty={
          tokens.data && (
            <Text size="sm" c="dimmed">
              No read token yet: Argo CD cannot read this repository until you create one.
            </Text>
          )
        }
        columns={[
          { header: 'Name', cell: (token) => token.name },
          { header: 'Created', cell: (token) => formatTime(token.createdAt) },
          { header: 'Created by', cell: (token) => token.createdBy },
          { header: 'Last used', cell: (token) => formatTime(token.lastUsedAt) },
          ...(manage
            ? [
                {
                  header: '',
                  cell: (token: { id: string; name: string }) => (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Revoke read token ${token.name}`}
                      onClick={() => setRevoking({ id: token.id, name: token.name })}
                    >
                      Revoke
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />

      {manage && <CreateReadTokenForm org={org} existingNames={existingNames} onCreated={refreshTokens} />}
      {revoking && (
        <RevokeReadTokenModal
          org={org}
          token={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={refreshTokens}
        />
      )}
    </Stack>
  );
}

function CreateReadTokenForm({
  org,
  existingNames,
  onCreated,
}: {
  org: string;
  existingNames: string[];
  onCreated: () => Promise<unknown>;
}) {
  const [name, setName] = useState('');
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string; repository: string }>();
  const create = useMutation({
    // The token is in the answer: drop the finished mutation at once so only `created` holds it.
    gcTime: 0,
    mutationFn: (tokenName: string) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/gitops/read-tokens', {
          params: { path: { org } },
          body: { name: tokenName },
        }),
      ),
    onSuccess: async (answer) => {
      setCreated({ name: answer.name, token: answer.token, repository: answer.repository });
      setName('');
      setTouched(false);
      create.reset();
      await onCreated();
    },
  });
  const problem = tokenNameProblem(name);
  const replaces = existingNames.includes(name);
  return (
    <Card withBorder maw={760}>
      <SubmitForm
        aria-label="Create a read token"
        onSubmit={() => {
          setTouched(true);
          if (name && !problem) {
            setCreated(undefined);
            create.mutate(name);
          }
        }}
      >
        <Title order={3} size="h4">
          Create a read token
        </Title>
        <Text size="sm" c="dimmed" mt={4}>
          Creating a token with the name of an existing one replaces it: the old token stops working at once
          (that is how you rotate it).
        </Text>
        <Group align="flex-start" mt="sm">
          <TextInput
            label="Token name"
            description="e.g. argocd-prod"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            onBlur={() => setTouched(true)}
            error={
              (touched || name.length > 0) && problem
                ? problem
                : touched && name === ''
                  ? 'A name is required.'
                  : undefined
            }
            required
            w={300}
          />
          <Button type="submit" mt={44} loading={create.isPending} disabled={!!problem}>
            {replaces ? 'Replace token' : 'Create token'}
          </Button>
        </Group>
        {replaces && !problem && (
          <Alert color="yellow" mt="sm" title={`A token named ${name} exists`}>
            Creating it again replaces that token: whatever uses the old one (e.g. Argo CD) must be given the
            new one.
          </Alert>
        )}
        <ErrorAlert error={create.error} title="Could not create the read token" />
      </SubmitForm>
      {created && (
        <Alert
          color="green"
          mt="md"
          title="Copy it now: this token is not shown again"
          role="status"
          aria-label="New read token"
        >
          <Stack gap="xs">
            <Text size="sm">
              Read token <strong>{created.name}</strong>. In Argo CD, add the repository{' '}
              <Code>{created.repository}</Code> with any user name and this token as the password. Once you
              leave or reload this page it cannot be shown again; if you lose it, create a new one.
            </Text>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Read token"
                value={created.token}
                readOnly
                onFocus={(event) => event.currentTarget.select()}
                ff="monospace"
                data-testid="new-read-token"
                style={{ flex: 1 }}
              />
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} aria-label={`Copy read token ${created.name}`}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
              <Button
                variant="default"
                onClick={() => setCreated(undefined)}
                aria-label={`Hide read token ${created.name}`}
              >
                Done
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Card>
  );
}

function RevokeReadTokenModal({
  org,
  token,
  onClose,
  onRevoked,
}: {
  org: string;
  token: { id: string; name: string };
  onClose: () => void;
  onRevoked: () => Promise<unknown>;
}) {
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/gitops/read-tokens/{tokenId}', {
          params: { path: { org, tokenId: token.id } },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ message: `Read token ${token.name} revoked.` });
      onClose();
      await onRevoked();
    },
  });
  return (
    <ConfirmDialog
      title={`Revoke read token ${token.name}`}
      closeAriaLabel={`Close revoking ${token.name}`}
      onClose={onClose}
      cancelAriaLabel={`Keep read token ${token.name}`}
      onConfirm={() => revoke.mutate()}
      confirmLabel="Revoke"
      confirmAriaLabel={`Revoke ${token.name} now`}
      confirmColor="red"
      pending={revoke.isPending}
      error={revoke.error}
      errorTitle={`Could not revoke ${token.name}`}
    >
      <Text size="sm">
        Anything that reads the GitOps repository with {token.name} (e.g. Argo CD) is refused from now on, so
        deploys stop syncing until it is given another token.
      </Text>
    </ConfirmDialog>
  );
}

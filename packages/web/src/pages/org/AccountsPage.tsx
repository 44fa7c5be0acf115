// Cloud accounts: list (public fields, which secret fields are set, fingerprint — never a secret value),
// add an account whose fields come from the kind's schemas, and — for credentials.write — edit the public
// fields, rotate the secrets (write-only inputs, forgotten once sent) and delete, each guarded by If-Match.
import { Badge, Button, Card, Code, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { CLOUD_ACCOUNT_KINDS, cloudAccountFields, type CloudAccountKind } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import type { CloudAccount } from '../../api/apiShapes.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { plainSchema, SchemaForm, toErrorSchema } from '../../components/SchemaForm.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { accountQueries, readAccount } from '../../api/accountQueries.ts';
import { ifMatch, isStaleEdit } from '../../api/ifMatch.ts';
import { accountKeys } from '../../api/queryKeys.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';

/** Puts the API's answer into the list at once (the refetch that follows confirms it). */
async function showAccount(queryClient: QueryClient, org: string, account: CloudAccount) {
  queryClient.setQueryData(
    accountQueries.list(org).queryKey,
    (page) => page && { ...page, items: page.items.map((item) => (item.id === account.id ? account : item)) },
  );
  await queryClient.invalidateQueries({ queryKey: accountKeys.list(org) });
}

/** Every secret field is a password input, never echoed back and never prefilled. */
function secretUiSchema(kind: CloudAccountKind) {
  return Object.fromEntries(
    Object.keys(cloudAccountFields[kind].secrets.properties).map((field) => [
      field,
      { 'ui:widget': 'password', 'ui:autocomplete': 'new-password' },
    ]),
  );
}

type AccountAction = { type: 'edit' | 'rotate' | 'delete'; account: CloudAccount };

export function AccountsPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const canWrite = can('credentials.write');
  const accounts = useQuery(accountQueries.list(org));
  const [action, setAction] = useState<AccountAction>();
  const close = () => setAction(undefined);
  return (
    <Stack>
      <Title order={2}>Cloud accounts</Title>
      <ErrorAlert error={accounts.error} />
      <DataTable
        label="Cloud accounts"
        rows={accounts.data?.items ?? []}
        rowKey={(account) => account.id}
        rowProps={(account) => ({ 'data-testid': `account-row-${account.name}` })}
        columns={[
          { header: 'Name', cell: (account) => account.name },
          { header: 'Kind', cell: (account) => account.kind },
          {
            header: 'Public fields',
            cell: (account) => <Code data-testid="account-public">{JSON.stringify(account.public)}</Code>,
          },
          {
            header: 'Secret fields',
            cell: (account) =>
              account.secretFields.map((field) => (
                <Badge key={field.name} variant="light" color={field.set ? 'green' : 'gray'} mr={4}>
                  {field.name}: {field.set ? 'set' : 'not set'}
                </Badge>
              )),
          },
          {
            header: 'Fingerprint',
            cell: (account) => <code data-testid="account-fingerprint">{account.secretFingerprint}</code>,
          },
          {
            header: 'Rotated',
            cellProps: { 'data-testid': 'account-rotated' },
            cell: (account) => new Date(account.secretsRotatedAt).toLocaleString(),
          },
          ...(canWrite
            ? [
                {
                  header: 'Actions',
                  cell: (account: CloudAccount) => (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Edit ${account.name}`}
                        onClick={() => setAction({ type: 'edit', account })}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Rotate secrets of ${account.name}`}
                        onClick={() => setAction({ type: 'rotate', account })}
                      >
                        Rotate secrets
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${account.name}`}
                        onClick={() => setAction({ type: 'delete', account })}
                      >
                        Delete
                      </Button>
                    </Group>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite && <AddAccountForm org={org} />}
      {action?.type === 'edit' && <EditAccountModal org={org} account={action.account} onClose={close} />}
      {action?.type === 'rotate' && <RotateSecretsModal org={org} account={action.account} onClose={close} />}
      {action?.type === 'delete' && <DeleteAccountModal org={org} account={action.account} onClose={close} />}
    </Stack>
  );
}

interface AccountModalProps {
  org: string;
  account: CloudAccount;
  onClose: () => void;
}

/**
 * A failed change, in place. A 412 means someone changed the account after this page read it: say so and
 * offer to read it again (the caller then shows the current values and the user re-applies the change).
 */
function ChangeError({
  error,
  title,
  accountName,
  onReload,
  reloading,
  reloadHint,
}: {
  error: unknown;
  title: string;
  accountName: string;
  onReload: () => void;
  reloading: boolean;
  /** What happens after the reload, e.g. "Shows its current values; then re-apply your change." */
  reloadHint: string;
}) {
  if (!error) return null;
  const stale = isStaleEdit(error);
  return (
    <Stack gap="xs">
      <ErrorAlert
        error={error}
        title={stale ? `${accountName} was changed by someone else since you opened it` : title}
      />
      {stale && (
        <Group>
          <Button size="xs" variant="light" onClick={onReload} loading={reloading}>
            Reload {accountName}
          </Button>
          <Text size="xs" c="dimmed">
            {reloadHint}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** Reads the account again after a 412: the modal continues from the current version. */
function useReload(org: string, name: string, onFresh: (fresh: CloudAccount) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => readAccount(org, name),
    onSuccess: async (fresh) => {
      onFresh(fresh);
      await showAccount(queryClient, org, fresh);
    },
  });
}

/** The public fields as a JSON merge patch: a field the user cleared is sent as null (removed). */
function publicPatch(before: Record<string, unknown>, after: Record<string, unknown>) {
  const patch: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(after)) if (value !== undefined) patch[name] = value;
  for (const name of Object.keys(before)) if (patch[name] === undefined) patch[name] = null;
  return patch;
}

function EditAccountModal({ org, account, onClose }: AccountModalProps) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState(account);
  const [publicFields, setPublicFields] = useState<Record<string, unknown>>(account.public);
  const schema = useMemo(() => plainSchema(cloudAccountFields[account.kind].public), [account.kind]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/orgs/{org}/accounts/{account}', {
          params: { path: { org, account: account.name } },
          body: { public: publicPatch(current.public, publicFields) },
          headers: ifMatch(current.version),
        }),
      ),
    onSuccess: async (updated) => {
      notifications.show({ message: `Account ${updated.name} saved.` });
      onClose();
      await showAccount(queryClient, org, updated);
    },
  });
  const reload = useReload(org, account.name, (fresh) => {
    setCurrent(fresh);
    setPublicFields(fresh.public);
    save.reset();
  });
  const serverError = save.error instanceof ApiError ? save.error : undefined;
  return (
    <ConfirmDialog
      asForm
      title={`Edit ${account.name}`}
      size="lg"
      closeAriaLabel={`Close editing ${account.name}`}
      onClose={onClose}
      cancelAriaLabel={`Cancel editing ${account.name}`}
      onConfirm={() => save.mutate()}
      confirmLabel="Save"
      confirmAriaLabel={`Save ${account.name}`}
      pending={save.isPending}
    >
      <Text size="sm" c="dimmed">
        Public fields of this {account.kind} account. Its secrets are unchanged: use Rotate secrets for those.
      </Text>
      <SchemaForm
        idPrefix="edit-public"
        label={`Public fields of ${account.name}`}
        schema={schema}
        formData={publicFields}
        onChange={(data) => setPublicFields((data ?? {}) as Record<string, unknown>)}
        extraErrors={toErrorSchema(serverError?.fieldErrors('body.public.') ?? {})}
      />
      <ChangeError
        error={save.error ?? reload.error}
        title={`${account.name} could not be saved`}
        reloadHint="Shows its current values; then re-apply your change and save."
        accountName={account.name}
        onReload={() => reload.mutate()}
        reloading={reload.isPending}
      />
    </ConfirmDialog>
  );
}

function RotateSecretsModal({ org, account, onClose }: AccountModalProps) {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(account.version);
  // The typed secrets live only in this modal: it unmounts on success, and the mutation is dropped from
  // the cache at once (gcTime 0), so no value outlives the request.
  const [secrets, setSecrets] = useState<Record<string, unknown>>({});
  const schema = useMemo(() => plainSchema(cloudAccountFields[account.kind].secrets), [account.kind]);
  const uiSchema = useMemo(() => secretUiSchema(account.kind), [account.kind]);
  const rotate = useMutation({
    gcTime: 0,
    mutationFn: (values: Record<string, string>) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/accounts/{account}/rotate', {
          params: { path: { org, account: account.name } },
          body: { secrets: values },
          headers: ifMatch(version),
        }),
      ),
    onSuccess: async (updated) => {
      setSecrets({});
      notifications.show({
        message: `Secrets of ${updated.name} replaced; new fingerprint ${updated.secretFingerprint}.`,
      });
      onClose();
      await showAccount(queryClient, org, updated);
    },
  });
  const reload = useReload(org, account.name, (fresh) => {
    setVersion(fresh.version);
    rotate.reset();
  });
  const serverError = rotate.error instanceof ApiError ? rotate.error : undefined;
  return (
    <ConfirmDialog
      asForm
      title={`Rotate secrets of ${account.name}`}
      size="lg"
      autoComplete="off"
      closeAriaLabel={`Close rotating secrets of ${account.name}`}
      onClose={onClose}
      cancelAriaLabel={`Cancel rotating secrets of ${account.name}`}
      onConfirm={() => {
        rotate.mutate(
          Object.fromEntries(
            Object.entries(secrets).filter(
              (entry): entry is [string, string] => typeof entry[1] === 'string',
            ),
          ),
        );
      }}
      confirmLabel="Replace secrets"
      confirmAriaLabel={`Replace the secrets of ${account.name}`}
      pending={rotate.isPending}
    >
      <Text size="sm">
        The new values replace every secret field of {account.name} (a field left empty is no longer set).
        They are stored encrypted and never shown again; the fingerprint and rotation time change.
      </Text>
      <SchemaForm
        idPrefix="rotate-secrets"
        label={`New secret fields of ${account.name}`}
        schema={schema}
        uiSchema={uiSchema}
        formData={secrets}
        onChange={(data) => setSecrets((data ?? {}) as Record<string, unknown>)}
        extraErrors={toErrorSchema(serverError?.fieldErrors('body.secrets.') ?? {})}
      />
      <ChangeError
        error={rotate.error ?? reload.error}
        title={`The secrets of ${account.name} could not be replaced`}
        reloadHint="Reads its current version; your typed values stay, then replace again."
        accountName={account.name}
        onReload={() => reload.mutate()}
        reloading={reload.isPending}
      />
    </ConfirmDialog>
  );
}

function DeleteAccountModal({ org, account, onClose }: AccountModalProps) {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(account.version);
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/accounts/{account}', {
          params: { path: { org, account: account.name } },
          headers: ifMatch(version),
        }),
      ),
    onSuccess: async () => {
      notifications.show({ message: `Account ${account.name} and its secrets were deleted.` });
      onClose();
      await queryClient.invalidateQueries({ queryKey: accountKeys.list(org) });
    },
  });
  const reload = useReload(org, account.name, (fresh) => {
    setVersion(fresh.version);
    remove.reset();
  });
  return (
    <ConfirmDialog
      asForm
      title={`Delete ${account.name}`}
      closeAriaLabel={`Close deleting ${account.name}`}
      onClose={onClose}
      cancelAriaLabel={`Cancel deleting ${account.name}`}
      onConfirm={() => {
        if (typed === account.name) remove.mutate();
      }}
      confirmLabel="Delete"
      confirmAriaLabel={`Delete ${account.name} permanently`}
      confirmColor="red"
      confirmDisabled={typed !== account.name}
      pending={remove.isPending}
    >
      <Text size="sm">
        This deletes the {account.kind} account {account.name} and its encrypted secrets. Commons that use it
        can no longer plan or apply. It cannot be undone.
      </Text>
      <TextInput
        label={`Type ${account.name} to confirm`}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        autoComplete="off"
        data-autofocus
      />
      <ChangeError
        error={remove.error ?? reload.error}
        title={`${account.name} could not be deleted`}
        reloadHint="Reads its current version; then delete again if you still mean to."
        accountName={account.name}
        onReload={() => reload.mutate()}
        reloading={reload.isPending}
      />
    </ConfirmDialog>
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
  const secretUi = useMemo(() => secretUiSchema(kind), [kind]);
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
      await queryClient.invalidateQueries({ queryKey: accountKeys.list(org) });
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
      <SubmitForm onSubmit={() => create.mutate()}>
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
      </SubmitForm>
    </Card>
  );
}

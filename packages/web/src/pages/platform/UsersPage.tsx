// Platform users (platform admins only): every account with its flags, creating local users, and per
// user rename, disable/enable and (un)make platform admin — each change sent with the user's If-Match.
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { paths } from '@csoc/common/api-types';
import { api, unwrap } from '../../api/apiClient.ts';
import { ApiError } from '../../api/ApiError.ts';
import { useMe } from '../../app/useSession.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { identityQueries } from '../../api/identityQueries.ts';
import { sessionKeys, userKeys } from '../../api/queryKeys.ts';
import { ifMatch, reloadOnStaleEdit } from '../../api/ifMatch.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';

type UserPage = paths['/api/v1/users']['get']['responses'][200]['content']['application/json'];
type User = UserPage['items'][number];
type UserChange = { displayName?: string; isPlatformAdmin?: boolean; disabled?: boolean };

const USERS_KEY = userKeys.all();
/** The headings of the users table; each row is a UserRow (with its error row and dialogs). */
const USER_COLUMNS = ['Email', 'Display name', 'Account', 'Created', 'Last sign-in', 'Actions'].map(
  (header) => ({ header, cell: () => null }),
);
const PAGE_SIZE = 100;
const MIN_PASSWORD_LENGTH = 12;

function when(value: string | null): string {
  return value ? new Date(value).toLocaleString() : 'never';
}

export function UsersPage() {
  const me = useMe();
  const users = useInfiniteQuery(identityQueries.users(PAGE_SIZE));
  const forbidden = users.error instanceof ApiError && users.error.status === 403;
  const items = (users.data?.pages ?? []).flatMap((page) => page.items);
  return (
    <Stack>
      <Title order={2}>Platform users</Title>
      <ErrorAlert
        error={users.error}
        title={forbidden ? 'Platform users are for platform admins only' : 'Could not list the users'}
      />
      {!forbidden && (
        <>
          <DataTable
            label="Users"
            rows={items}
            rowKey={(user) => user.id}
            columns={USER_COLUMNS}
            renderRow={(user) => <UserRow key={user.id} user={user} isSelf={user.id === me.data?.user.id} />}
          />
          <Group>
            <Text size="sm" c="dimmed">
              {items.length} user{items.length === 1 ? '' : 's'}
              {users.hasNextPage ? ' shown; more exist' : ''}
            </Text>
            {users.hasNextPage && (
              <Button
                variant="default"
                size="xs"
                loading={users.isFetchingNextPage}
                onClick={() => void users.fetchNextPage()}
              >
                Load more
              </Button>
            )}
          </Group>
          {users.isSuccess && <CreateUserForm />}
        </>
      )}
    </Stack>
  );
}

/** One user with its flags and actions; the server's answer to a change (e.g. a refusal) shows under it. */
function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const queryClient = useQueryClient();
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const change = useMutation({
    mutationFn: (body: UserChange) =>
      unwrap(
        api.PATCH('/api/v1/users/{userId}', {
          params: { path: { userId: user.id } },
          body,
          headers: ifMatch(user.version),
        }),
      ),
    onSuccess: (updated) => {
      setConfirmingDisable(false);
      setRenaming(false);
      // The answer is the user at its new version: replace it in place, keeping the loaded pages.
      queryClient.setQueryData<InfiniteData<UserPage>>(USERS_KEY, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) => (item.id === updated.id ? updated : item)),
              })),
            }
          : data,
      );
      if (isSelf) void queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    },
    // Changed by someone else meanwhile: reload so the row (and its ETag) show the newer state.
    onError: reloadOnStaleEdit(queryClient, USERS_KEY),
  });
  const inDialog = confirmingDisable || renaming;
  // A dialog's failure is shown in the dialog; closing it drops the failure with it.
  const closeDialogs = () => {
    setConfirmingDisable(false);
    setRenaming(false);
    change.reset();
  };
  return (
    <Fragment>
      <Table.Tr data-testid={`user-${user.email}`}>
        <Table.Td>
          {user.email}
          {isSelf && (
            <Text span size="xs" c="dimmed">
              {' '}
              (you)
            </Text>
          )}
        </Table.Td>
        <Table.Td>{user.displayName}</Table.Td>
        <Table.Td>
          <Group gap={4}>
            <Badge variant="light" color={user.disabled ? 'red' : 'green'}>
              {user.disabled ? 'disabled' : 'active'}
            </Badge>
            {user.isPlatformAdmin && (
              <Badge variant="light" color="grape">
                platform admin
              </Badge>
            )}
            <Badge variant="outline" color="gray">
              {user.sso ? 'SSO' : 'local'}
            </Badge>
          </Group>
        </Table.Td>
        <Table.Td>{when(user.createdAt)}</Table.Td>
        <Table.Td>{when(user.lastLoginAt)}</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button
              size="xs"
              variant="subtle"
              aria-label={`Rename ${user.email}`}
              onClick={() => {
                change.reset();
                setRenaming(true);
              }}
            >
              Rename
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="grape"
              aria-label={
                user.isPlatformAdmin
                  ? `Remove platform admin from ${user.email}`
                  : `Make ${user.email} a platform admin`
              }
              loading={change.isPending && change.variables?.isPlatformAdmin !== undefined}
              onClick={() => change.mutate({ isPlatformAdmin: !user.isPlatformAdmin })}
            >
              {user.isPlatformAdmin ? 'Remove platform admin' : 'Make platform admin'}
            </Button>
            {user.disabled ? (
              <Button
                size="xs"
                variant="subtle"
                aria-label={`Enable ${user.email}`}
                loading={change.isPending && change.variables?.disabled === false}
                onClick={() => change.mutate({ disabled: false })}
              >
                Enable
              </Button>
            ) : (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                aria-label={`Disable ${user.email}`}
                onClick={() => {
                  change.reset();
                  setConfirmingDisable(true);
                }}
              >
                Disable
              </Button>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {change.error !== null && !inDialog && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            <ErrorAlert error={change.error} title={`Could not change ${user.email}`} />
          </Table.Td>
        </Table.Tr>
      )}
      {confirmingDisable && (
        <ConfirmDialog
          title={`Disable ${user.email}?`}
          onClose={closeDialogs}
          onConfirm={() => change.mutate({ disabled: true })}
          confirmLabel={`Disable ${user.email}`}
          confirmColor="red"
          pending={change.isPending}
          error={change.error}
          errorTitle={`Could not disable ${user.email}`}
        >
          <Text size="sm">
            {user.displayName} will be signed out everywhere at once and can no longer sign in. Their org
            memberships, API tokens and history stay; enable the account again to let them back in.
          </Text>
        </ConfirmDialog>
      )}
      {renaming && (
        <RenameDialog
          user={user}
          error={change.error}
          pending={change.isPending}
          onRename={(displayName) => change.mutate({ displayName })}
          onClose={closeDialogs}
        />
      )}
    </Fragment>
  );
}

interface RenameDialogProps {
  user: User;
  error: unknown;
  pending: boolean;
  onRename: (displayName: string) => void;
  onClose: () => void;
}

function RenameDialog({ user, error, pending, onRename, onClose }: RenameDialogProps) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const fieldError = error instanceof ApiError ? error.fieldErrors('body.').displayName : undefined;
  return (
    <Modal opened onClose={onClose} title={`Rename ${user.email}`}>
      <SubmitForm onSubmit={() => onRename(displayName.trim())}>
        <Stack>
          <TextInput
            label="Display name"
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
            required
            maxLength={200}
            data-autofocus
            error={fieldError?.join('; ')}
          />
          <ErrorAlert error={error} title={`Could not rename ${user.email}`} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} disabled={!displayName.trim()}>
              Save name
            </Button>
          </Group>
        </Stack>
      </SubmitForm>
    </Modal>
  );
}

/** A local account (email + password); SSO accounts appear on their first sign-in instead. */
function CreateUserForm() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [isPlatformAdmin, setIsPlatformAdmin] = useState(false);
  const [triedSubmit, setTriedSubmit] = useState(false);
  const passwordTooShort = password.length < MIN_PASSWORD_LENGTH;
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/users', { body: { email, displayName, password, isPlatformAdmin } })),
    onSuccess: async (user) => {
      setEmail('');
      setDisplayName('');
      setPassword('');
      setIsPlatformAdmin(false);
      setTriedSubmit(false);
      notifications.show({
        message: `Created ${user.email}${user.isPlatformAdmin ? ' (platform admin)' : ''}; give them their password through a safe channel.`,
      });
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors('body.') : {};
  const passwordError =
    (password.length > 0 || triedSubmit) && passwordTooShort
      ? `At least ${MIN_PASSWORD_LENGTH} characters (${password.length} so far)`
      : fieldErrors.password?.join('; ');
  return (
    <Card withBorder maw={720}>
      <Title order={3} size="h4">
        Create a local user
      </Title>
      <SubmitForm
        aria-label="Create a local user"
        onSubmit={() => {
          setTriedSubmit(true);
          if (!passwordTooShort) create.mutate();
        }}
      >
        <Stack mt="sm">
          <Group align="flex-start" grow>
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              required
              error={fieldErrors.email?.join('; ')}
            />
            <TextInput
              label="Display name"
              value={displayName}
              onChange={(event) => setDisplayName(event.currentTarget.value)}
              required
              maxLength={200}
              error={fieldErrors.displayName?.join('; ')}
            />
          </Group>
          <PasswordInput
            label="Initial password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters; the user can change it on their profile`}
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            required
            error={passwordError}
          />
          <Checkbox
            label="Platform admin (manages users, plugins and organizations across the platform)"
            checked={isPlatformAdmin}
            onChange={(event) => setIsPlatformAdmin(event.currentTarget.checked)}
          />
          <ErrorAlert error={create.error} title="The user could not be created" />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </SubmitForm>
    </Card>
  );
}

// A commons' Terraform state: who holds the lock (admins may force-unlock), and every stored version —
// admins may download one (an audited read: it holds secrets) or restore it as the current state.
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { paths } from '@csoc/common/api-types';
import { api, unwrap } from '../../api/apiClient.ts';
import { stateKeys } from '../../api/queryKeys.ts';
import { stateQueries } from '../../api/stateQueries.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { shortId } from '../../app/shortId.ts';

type StateVersion =
  paths['/api/v1/orgs/{org}/commons/{commons}/state/versions']['get']['responses'][200]['content']['application/json']['items'][number];

const VERSIONS_PAGE_SIZE = 20;

export function StateTab({ org, name }: { org: string; name: string }) {
  return (
    <Stack>
      <StateLockPanel org={org} name={name} />
      <StateVersionsPanel org={org} name={name} />
    </Stack>
  );
}

function useStateLock(org: string, name: string) {
  return useQuery(stateQueries.lock(org, name));
}

function StateLockPanel({ org, name }: { org: string; name: string }) {
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const key = stateKeys.lock(org, name);
  const lock = useStateLock(org, name);
  const unlock = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/commons/{commons}/state/lock', {
          params: { path: { org, commons: name } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <Stack maw={640}>
      <ErrorAlert error={lock.error ?? unlock.error} />
      {lock.data &&
        (lock.data.locked ? (
          <Alert color="yellow" title="State is locked" data-testid="state-lock">
            <Text size="sm">
              Held{lock.data.runId ? ` by run ${lock.data.runId}` : ''}
              {lock.data.since ? ` since ${new Date(lock.data.since).toLocaleString()}` : ''}.
            </Text>
          </Alert>
        ) : (
          <Alert color="green" title="State is not locked" data-testid="state-lock">
            <Text size="sm">No run holds the Terraform state lock.</Text>
          </Alert>
        ))}
      {can('state.manage') && (
        <Group>
          <Button
            color="red"
            variant="light"
            loading={unlock.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Force-unlock the Terraform state of ${name}? Only do this if no run is using it.`,
                )
              )
                unlock.mutate();
            }}
          >
            Force unlock
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Who wrote a version: the run (linked) or, for a restore, the person who restored it. Run ids start with
 * their creation time, so runs of the same minute share a prefix: the label shows the random end.
 */
function WrittenBy({ org, version }: { org: string; version: StateVersion }) {
  if (version.runId)
    return (
      <Anchor component={Link} to={`/orgs/${org}/runs/${version.runId}`} title={version.runId} size="sm">
        run {shortId(version.runId)}
      </Anchor>
    );
  const restoredBy = version.writtenBy.match(/^restore:(.+)$/)?.[1];
  return <Text size="sm">{restoredBy ? `restored by ${restoredBy}` : version.writtenBy}</Text>;
}

function StateVersionsPanel({ org, name }: { org: string; name: string }) {
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const key = stateKeys.versions(org, name);
  const lock = useStateLock(org, name);
  const versions = useInfiniteQuery(stateQueries.versions(org, name, VERSIONS_PAGE_SIZE));
  const items = versions.data?.pages.flatMap((page) => page.items) ?? [];
  // Newest first: the first version is the one Terraform reads on the next run.
  const currentId = versions.data?.pages[0]?.items[0]?.id;
  const [restoreTarget, setRestoreTarget] = useState<StateVersion>();
  const restore = useMutation({
    mutationFn: (version: StateVersion) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/state/versions/{versionId}/restore', {
          params: { path: { org, commons: name, versionId: version.id } },
        }),
      ),
    onSuccess: async (written, version) => {
      setRestoreTarget(undefined);
      notifications.show({
        message: `Restored serial ${version.serial} of ${name} as the current state (serial ${written.serial}). Plan again before applying.`,
      });
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const closeRestore = () => {
    setRestoreTarget(undefined);
    restore.reset();
  };
  const downloadUrl = (version: StateVersion) =>
    `/api/v1/orgs/${encodeURIComponent(org)}/commons/${encodeURIComponent(name)}/state/versions/${version.id}/download`;
  return (
    <Stack>
      <Title order={3} size="h4">
        State versions
      </Title>
      <Text size="sm" c="dimmed">
        Every Terraform state CSOC stored for {name}, newest first. The current version is the one the next
        run starts from.
      </Text>
      {can('state.read') && (
        <Alert color="yellow" title="Downloads contain secrets" data-testid="state-download-warning">
          <Text size="sm">
            A state file holds every resource attribute, including passwords and keys. Each download is
            recorded in the audit log; keep the file somewhere safe and delete it when you are done.
          </Text>
        </Alert>
      )}
      <ErrorAlert error={versions.error} title="Could not load the state versions" />
      {versions.data && items.length === 0 ? (
        <Text c="dimmed">No state yet: the first applied run writes one.</Text>
      ) : (
        <DataTable
          label="State versions"
          rows={items}
          rowKey={(version) => version.id}
          rowProps={(version) => ({
            'data-testid': 'state-version',
            'aria-current': version.id === currentId || undefined,
          })}
          columns={[
            {
              header: 'Serial',
              cell: (version) => (
                <Group gap="xs">
                  <Text size="sm">{version.serial}</Text>
                  {version.id === currentId && (
                    <Badge color="green" size="sm">
                      current
                    </Badge>
                  )}
                </Group>
              ),
            },
            { header: 'Created', cell: (version) => new Date(version.createdAt).toLocaleString() },
            { header: 'Written by', cell: (version) => <WrittenBy org={org} version={version} /> },
            { header: 'Size', cell: (version) => formatSize(version.size) },
            {
              header: 'Checksum (sha256)',
              cell: (version) => <code title={version.checksum}>{version.checksum.slice(0, 12)}…</code>,
            },
            {
              header: '',
              cell: (version) => (
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {can('state.read') && (
                    <Button
                      component="a"
                      href={downloadUrl(version)}
                      download
                      size="xs"
                      variant="default"
                      aria-label={`Download serial ${version.serial}`}
                    >
                      Download
                    </Button>
                  )}
                  {can('state.manage') && version.id !== currentId && (
                    <Button
                      size="xs"
                      variant="light"
                      color="orange"
                      aria-label={`Restore serial ${version.serial}`}
                      onClick={() => {
                        restore.reset();
                        setRestoreTarget(version);
                      }}
                    >
                      Restore
                    </Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
      )}
      {versions.hasNextPage && (
        <Group>
          <Button
            variant="default"
            onClick={() => void versions.fetchNextPage()}
            loading={versions.isFetchingNextPage}
          >
            Load older versions
          </Button>
        </Group>
      )}
      {restoreTarget && (
        <ConfirmDialog
          title={`Restore state serial ${restoreTarget.serial}?`}
          size="lg"
          onClose={closeRestore}
          onConfirm={() => restore.mutate(restoreTarget)}
          confirmLabel={`Restore serial ${restoreTarget.serial}`}
          confirmColor="orange"
          pending={restore.isPending}
          error={restore.error}
          errorTitle="The state was not restored"
        >
          <Text size="sm">
            CSOC writes a copy of serial {restoreTarget.serial} (from{' '}
            {new Date(restoreTarget.createdAt).toLocaleString()}) as the new current state of {name}, with the
            next serial. Older versions stay available.
          </Text>
          <Text size="sm">
            Plans made before the restore are stale: discard them and plan again. The next plan compares the
            restored state with the real infrastructure and shows what Terraform would change.
          </Text>
          <Text size="sm">The restore is recorded in the audit log under your name.</Text>
          {lock.data?.locked && (
            <Alert color="yellow" title="A run holds the state lock">
              <Text size="sm">
                {lock.data.runId ? `Run ${lock.data.runId}` : 'An operation'} is using the state. Wait for it
                to finish (or cancel it) before restoring, or its next write will conflict with the restored
                version.
              </Text>
            </Alert>
          )}
        </ConfirmDialog>
      )}
    </Stack>
  );
}

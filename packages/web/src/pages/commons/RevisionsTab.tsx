// The Revisions tab of a commons: its history, the diff of any two revisions, and restoring an older one
// as a new revision (sent with the version the page shows, so a change made meanwhile is refused).
import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/apiClient.ts';
import type { Commons } from '../../api/apiShapes.ts';
import { commonsQueries } from '../../api/commonsQueries.ts';
import { ifMatch } from '../../api/ifMatch.ts';
import { commonsKeys } from '../../api/queryKeys.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';

export function RevisionsTab({ org, commons }: { org: string; commons: Commons }) {
  const name = commons.metadata.name;
  const { can } = useOrgRole(org);
  const queryClient = useQueryClient();
  const revisions = useQuery(commonsQueries.revisions(org, name, commons.status.revision));
  const numbers = (revisions.data?.items ?? []).map((revision) => String(revision.number));
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const diff = useQuery(commonsQueries.diff(org, name, from, to));
  const restore = useMutation({
    mutationFn: (revision: number) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/commons/{commons}/revisions/{revision}/restore', {
          params: { path: { org, commons: name, revision } },
          headers: ifMatch(commons.version),
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(commonsKeys.detail(org, name), updated);
      notifications.show({ message: `Restored as revision ${updated.status.revision}.` });
    },
  });
  return (
    <Stack>
      <ErrorAlert error={revisions.error ?? restore.error} title="Revisions" />
      <Group align="flex-end">
        <Select label="Compare revision" data={numbers} value={from} onChange={setFrom} w={160} />
        <Select label="with revision" data={numbers} value={to} onChange={setTo} w={160} />
      </Group>
      <ErrorAlert error={diff.error} title="Could not compare" />
      {diff.data && (
        <Card withBorder aria-label="Differences">
          {diff.data.changes.length === 0 && <Text size="sm">The two revisions are the same.</Text>}
          {diff.data.changes.map((change) => (
            <Text key={change.path} size="sm" ff="monospace">
              {change.op} <strong>{change.path}</strong>:{' '}
              <span className="diff-remove">{JSON.stringify(change.from)}</span> →{' '}
              <span className="diff-add">{JSON.stringify(change.to)}</span>
            </Text>
          ))}
        </Card>
      )}
      <DataTable
        label="Revision history"
        rows={revisions.data?.items ?? []}
        rowKey={(revision) => revision.number}
        columns={[
          { header: '#', cell: (revision) => revision.number },
          { header: 'Author', cell: (revision) => revision.author },
          { header: 'Message', cell: (revision) => revision.message },
          {
            header: 'Changes',
            cell: (revision) => revision.changes.map((change) => change.path).join(', ') || '—',
          },
          { header: 'Created', cell: (revision) => new Date(revision.createdAt).toLocaleString() },
          {
            header: '',
            cell: (revision) =>
              can('commons.write') &&
              revision.number !== commons.status.revision && (
                <Button size="xs" variant="default" onClick={() => restore.mutate(revision.number)}>
                  Restore
                </Button>
              ),
          },
        ]}
      />
    </Stack>
  );
}

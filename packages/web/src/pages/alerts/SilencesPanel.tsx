// Silences and maintenance windows, newest first (ended ones too): what they match, when they end, who
// made them and why. Operators create one and end one early.
import { Badge, Button, Code, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { alertQueries } from '../../api/alertQueries.ts';
import { api, unwrap } from '../../api/apiClient.ts';
import type { AlertSilence } from '../../api/apiShapes.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { describeMatchers } from './alertForms.ts';
import { SilenceDialog } from './SilenceDialog.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

export function SilencesPanel({ org }: { org: string }) {
  const { can } = useOrgRole(org);
  const canManage = can('alert.manage');
  const silences = useQuery({ ...alertQueries.silences(org), refetchInterval: 15_000 });
  const [creating, setCreating] = useState(false);
  const [ending, setEnding] = useState<AlertSilence>();
  return (
    <Stack>
      {canManage && (
        <Button w="fit-content" onClick={() => setCreating(true)}>
          New silence
        </Button>
      )}
      <ErrorAlert error={silences.error} title="Silences" />
      <DataTable<AlertSilence>
        label="Silences"
        rows={silences.data?.items ?? []}
        rowKey={(silence) => silence.id}
        rowProps={(silence) => ({ 'data-testid': 'silence-row', 'data-active': String(silence.active) })}
        empty={<Text size="sm">No silence or maintenance window.</Text>}
        columns={[
          { header: 'Kind', cellProps: NOWRAP, cell: (silence) => silence.kind },
          { header: 'Matches', cell: (silence) => <Code>{describeMatchers(silence.matchers)}</Code> },
          { header: 'Starts', cell: (silence) => new Date(silence.startsAt).toLocaleString() },
          { header: 'Ends', cell: (silence) => new Date(silence.endsAt).toLocaleString() },
          { header: 'Comment', cell: (silence) => silence.comment },
          { header: 'By', cell: (silence) => silence.createdBy },
          {
            header: 'State',
            cellProps: NOWRAP,
            cell: (silence) => (
              <Badge miw="max-content" variant="light" color={silence.active ? 'teal' : 'gray'}>
                {silence.active ? 'active' : new Date(silence.startsAt) > new Date() ? 'scheduled' : 'ended'}
              </Badge>
            ),
          },
          ...(canManage
            ? [
                {
                  header: 'Actions',
                  cell: (silence: AlertSilence) =>
                    new Date(silence.endsAt) > new Date() && (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`End now: silence ${describeMatchers(silence.matchers)}`}
                        onClick={() => setEnding(silence)}
                      >
                        End now
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {creating && <SilenceDialog org={org} onClose={() => setCreating(false)} />}
      {ending && <EndSilenceDialog org={org} silence={ending} onClose={() => setEnding(undefined)} />}
    </Stack>
  );
}

function EndSilenceDialog({
  org,
  silence,
  onClose,
}: {
  org: string;
  silence: AlertSilence;
  onClose: () => void;
}) {
  const changed = useAlertsChanged(org);
  const end = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/alerts/silences/{silence}', {
          params: { path: { org, silence: silence.id } },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ message: 'Silence ended.' });
      onClose();
      await changed();
    },
  });
  return (
    <ConfirmDialog
      title="End this silence now?"
      onClose={onClose}
      onConfirm={() => end.mutate()}
      confirmLabel="End silence"
      pending={end.isPending}
      error={end.error}
      errorTitle="Could not end the silence"
    >
      <Group gap="xs">
        <Text size="sm">Matching alerts notify again from now on:</Text>
        <Code>{describeMatchers(silence.matchers)}</Code>
      </Group>
    </ConfirmDialog>
  );
}

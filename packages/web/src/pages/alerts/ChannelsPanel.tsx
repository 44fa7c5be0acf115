// Notification channels: webhook (signed), Slack incoming webhook, email over SMTP. The list shows where
// each sends, what it receives and which secrets are set — never a secret. Operators add and edit one,
// switch it off, delete it, and test-send through it, seeing at once whether the receiver took it.
import { Alert as Callout, Badge, Button, Code, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { alertQueries } from '../../api/alertQueries.ts';
import { api, unwrap } from '../../api/apiClient.ts';
import type { AlertChannel, AlertTestSendResult } from '../../api/apiShapes.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, NOWRAP } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ChannelDialog } from './ChannelDialog.tsx';
import { useAlertsChanged } from './useAlertsChanged.ts';

/** Where a channel sends, in words (the Slack URL is a secret: not shown). */
function destinationOf(channel: AlertChannel): string {
  const config = channel.config as { url?: string; host?: string; port?: number; to?: string[] };
  if (channel.kind === 'webhook') return config.url ?? '—';
  if (channel.kind === 'slack') return 'Slack incoming webhook';
  return `${(config.to ?? []).join(', ')} via ${config.host ?? '?'}${config.port ? `:${config.port}` : ''}`;
}

function routeOf(channel: AlertChannel): string {
  const route = channel.route as { minSeverity?: string; matchers?: unknown[]; groupWaitSeconds?: number };
  const parts = [
    route.minSeverity ? `${route.minSeverity} and above` : 'every severity',
    route.matchers?.length ? `${route.matchers.length} matcher(s)` : '',
    route.groupWaitSeconds === undefined ? '' : `group wait ${route.groupWaitSeconds} s`,
  ];
  return parts.filter(Boolean).join(', ');
}

type ChannelAction = { type: 'edit' | 'delete'; channel: AlertChannel } | { type: 'new' };

export function ChannelsPanel({ org }: { org: string }) {
  const { can } = useOrgRole(org);
  const canManage = can('alert.manage');
  const channels = useQuery(alertQueries.channels(org));
  const changed = useAlertsChanged(org);
  const [action, setAction] = useState<ChannelAction>();
  const [results, setResults] = useState<Record<string, AlertTestSendResult>>({});
  const testSend = useMutation({
    mutationFn: (channel: AlertChannel) =>
      unwrap(
        api.POST('/api/v1/orgs/{org}/alerts/channels/{channel}/test', {
          params: { path: { org, channel: channel.name } },
          body: {},
        }),
      ),
    onSuccess: async (result, channel) => {
      setResults((current) => ({ ...current, [channel.name]: result }));
      await changed();
    },
  });
  const toggle = useMutation({
    mutationFn: (channel: AlertChannel) =>
      unwrap(
        api.PATCH('/api/v1/orgs/{org}/alerts/channels/{channel}', {
          params: { path: { org, channel: channel.name } },
          body: { enabled: !channel.enabled },
        }),
      ),
    onSuccess: async (channel) => {
      notifications.show({ message: `Channel ${channel.name} is ${channel.enabled ? 'on' : 'off'}.` });
      await changed();
    },
  });
  return (
    <Stack>
      {canManage && (
        <Button w="fit-content" onClick={() => setAction({ type: 'new' })}>
          Add channel
        </Button>
      )}
      <ErrorAlert error={channels.error ?? testSend.error ?? toggle.error} title="Channels" />
      <DataTable<AlertChannel>
        label="Notification channels"
        rows={channels.data?.items ?? []}
        rowKey={(channel) => channel.id}
        rowProps={(channel) => ({ 'data-testid': `channel-row-${channel.name}` })}
        empty={<Text size="sm">No channel yet: alerts show here and notify no one.</Text>}
        columns={[
          { header: 'Name', cellProps: NOWRAP, cell: (channel) => channel.name },
          { header: 'Kind', cell: (channel) => channel.kind },
          { header: 'Sends to', cell: (channel) => <Code>{destinationOf(channel)}</Code> },
          { header: 'Receives', cell: routeOf },
          {
            header: 'Secrets',
            cellProps: NOWRAP,
            cell: (channel) =>
              channel.secretFields.length
                ? channel.secretFields.map((field) => (
                    <Badge miw="max-content" key={field} variant="light" color="green" mr={4}>
                      {field}: set
                    </Badge>
                  ))
                : '—',
          },
          {
            header: 'State',
            cellProps: NOWRAP,
            cell: (channel) => (
              <Badge miw="max-content" variant="light" color={channel.enabled ? 'teal' : 'gray'}>
                {channel.enabled ? 'on' : 'off'}
              </Badge>
            ),
          },
          {
            header: 'Last test-send',
            cell: (channel) => <TestSendResult result={results[channel.name]} />,
          },
          ...(canManage
            ? [
                {
                  header: 'Actions',
                  cell: (channel: AlertChannel) => (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={`Test-send through ${channel.name}`}
                        loading={testSend.isPending && testSend.variables?.name === channel.name}
                        onClick={() => testSend.mutate(channel)}
                      >
                        Test-send
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Edit channel ${channel.name}`}
                        onClick={() => setAction({ type: 'edit', channel })}
                      >
                        Edit
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`${channel.enabled ? 'Turn off' : 'Turn on'} channel ${channel.name}`}
                        onClick={() => toggle.mutate(channel)}
                      >
                        {channel.enabled ? 'Turn off' : 'Turn on'}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete channel ${channel.name}`}
                        onClick={() => setAction({ type: 'delete', channel })}
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
      {action?.type === 'new' && <ChannelDialog org={org} onClose={() => setAction(undefined)} />}
      {action?.type === 'edit' && (
        <ChannelDialog org={org} channel={action.channel} onClose={() => setAction(undefined)} />
      )}
      {action?.type === 'delete' && (
        <DeleteChannelDialog org={org} channel={action.channel} onClose={() => setAction(undefined)} />
      )}
    </Stack>
  );
}

function TestSendResult({ result }: { result: AlertTestSendResult | undefined }) {
  if (!result) return <Text size="sm">—</Text>;
  return (
    <Callout
      p={6}
      color={result.delivered ? 'green' : 'red'}
      variant="light"
      data-testid="test-send-result"
      role="status"
    >
      <Text size="sm">
        {result.delivered
          ? `Delivered${result.statusCode ? ` (HTTP ${result.statusCode})` : ''}`
          : `Failed${result.statusCode ? ` (HTTP ${result.statusCode})` : ''}: ${result.error ?? 'no answer'}`}
      </Text>
    </Callout>
  );
}

function DeleteChannelDialog({
  org,
  channel,
  onClose,
}: {
  org: string;
  channel: AlertChannel;
  onClose: () => void;
}) {
  const changed = useAlertsChanged(org);
  const remove = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/v1/orgs/{org}/alerts/channels/{channel}', {
          params: { path: { org, channel: channel.name } },
        }),
      ),
    onSuccess: async () => {
      notifications.show({ message: `Channel ${channel.name} deleted.` });
      onClose();
      await changed();
    },
  });
  return (
    <ConfirmDialog
      title={`Delete channel ${channel.name}?`}
      onClose={onClose}
      onConfirm={() => remove.mutate()}
      confirmLabel={`Delete ${channel.name}`}
      confirmColor="red"
      pending={remove.isPending}
      error={remove.error}
      errorTitle="The channel was not deleted"
    >
      <Text size="sm">
        Its queued notifications fail (and say so in the delivery log); its secrets are dropped.
      </Text>
    </ConfirmDialog>
  );
}

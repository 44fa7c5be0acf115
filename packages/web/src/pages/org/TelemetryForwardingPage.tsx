// Telemetry forwarding: where CSOC sends every commons' raw OTLP, unchanged, besides keeping its own
// summary — the org's own backend (Grafana Alloy, an OpenTelemetry Collector, Mimir/Tempo/Loki). Everyone
// in the org sees the destination (header names only, never their values) and how delivery goes
// (forwarded, failed, dropped, the backlog waiting, the last error); org admins set, replace, test and
// remove it (telemetry.manage).
import { Alert as Callout, Badge, Button, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import type { TelemetryForwardingTestResult } from '@csoc/common';
import { api, unwrap } from '../../api/apiClient.ts';
import type { TelemetryForwarding } from '../../api/apiShapes.ts';
import { telemetryKeys } from '../../api/queryKeys.ts';
import { telemetryQueries, testForwarding } from '../../api/telemetryQueries.ts';
import { useOrgRole } from '../../app/useSession.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ForwardingDialog } from './ForwardingDialog.tsx';
import { formatBytes, requestCount } from './forwardingForm.ts';

const formatTime = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

export function TelemetryForwardingPage() {
  const { org = '' } = useParams<{ org: string }>();
  const { can } = useOrgRole(org);
  const canManage = can('telemetry.manage');
  // Counts and backlog move while commons send: read them again every 10 s.
  const forwarding = useQuery({ ...telemetryQueries.forwarding(org), refetchInterval: 10_000 });
  const [dialog, setDialog] = useState<'edit' | 'remove'>();
  const [testResult, setTestResult] = useState<TelemetryForwardingTestResult>();
  const test = useMutation({
    mutationFn: () => testForwarding(org),
    onSuccess: setTestResult,
  });
  const destination = forwarding.data;

  return (
    <Stack maw={1100}>
      <Title order={2}>Telemetry forwarding</Title>
      <Text size="sm">
        Every commons&apos; telemetry agent sends OpenTelemetry (metrics, traces, logs) to CSOC, which keeps
        only the summary its own screens and alerts need. To keep everything, CSOC forwards each request, byte
        for byte, to your organization&apos;s own OTLP/HTTP backend; while it is unreachable, requests wait in
        a bounded backlog and are retried.
      </Text>
      <ErrorAlert error={forwarding.error} title="Could not read the forwarding destination" />
      {!canManage && destination !== undefined && (
        <Text size="sm" c="dimmed" data-testid="forwarding-read-only">
          Only organization admins can change where telemetry is forwarded.
        </Text>
      )}

      {destination === null && (
        <Card withBorder data-testid="forwarding-none">
          <Text size="sm">This organization forwards no telemetry: CSOC keeps only its summary.</Text>
          {canManage && (
            <Button mt="sm" w="fit-content" onClick={() => setDialog('edit')}>
              Set a destination
            </Button>
          )}
        </Card>
      )}

      {destination && (
        <>
          <Card withBorder>
            <Group justify="space-between">
              <Title order={3} size="h4">
                Destination
              </Title>
              {canManage && (
                <Group gap="xs">
                  <Button
                    variant="default"
                    loading={test.isPending}
                    onClick={() => test.mutate()}
                    aria-label="Test the forwarding destination"
                  >
                    Test
                  </Button>
                  <Button variant="default" onClick={() => setDialog('edit')}>
                    Replace
                  </Button>
                  <Button variant="subtle" color="red" onClick={() => setDialog('remove')}>
                    Remove
                  </Button>
                </Group>
              )}
            </Group>
            <ErrorAlert error={test.error} title="The test could not be sent" />
            {testResult && <TestResult result={testResult} />}
            <Table mt="sm" variant="vertical" withTableBorder aria-label="Forwarding destination">
              <Table.Tbody>
                <Row label="Endpoint" testId="forwarding-endpoint">
                  <Code>{destination.endpoint}</Code>
                </Row>
                <Row label="State" testId="forwarding-state">
                  <Badge variant="light" color={destination.enabled ? 'teal' : 'gray'}>
                    {destination.enabled ? 'on' : 'off'}
                  </Badge>
                </Row>
                <Row label="Headers" testId="forwarding-headers">
                  {destination.headerNames.length
                    ? destination.headerNames.map((name) => (
                        <Badge key={name} variant="light" color="green" mr={4} tt="none">
                          {name}: set
                        </Badge>
                      ))
                    : 'none'}
                </Row>
                <Row label="Set" testId="forwarding-updated">
                  {formatTime(destination.updatedAt)}
                </Row>
              </Table.Tbody>
            </Table>
          </Card>
          <DeliveryCard destination={destination} />
        </>
      )}

      {dialog === 'edit' && destination !== undefined && (
        <ForwardingDialog org={org} current={destination} onClose={() => setDialog(undefined)} />
      )}
      {dialog === 'remove' && destination && (
        <RemoveDialog org={org} endpoint={destination.endpoint} onClose={() => setDialog(undefined)} />
      )}
    </Stack>
  );
}

function Row({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={220}>{label}</Table.Th>
      <Table.Td data-testid={testId}>{children}</Table.Td>
    </Table.Tr>
  );
}

/** How delivery goes since the destination was set: counts, the backlog waiting, the last error. */
function DeliveryCard({ destination }: { destination: TelemetryForwarding }) {
  const failing = destination.failed > 0 || destination.dropped > 0;
  return (
    <Card withBorder>
      <Title order={3} size="h4">
        Delivery since it was set
      </Title>
      <Table mt="sm" variant="vertical" withTableBorder aria-label="Forwarding delivery">
        <Table.Tbody>
          <Row label="Forwarded" testId="forwarding-forwarded">
            {requestCount(destination.forwarded)}
          </Row>
          <Row label="Failed (refused by the destination)" testId="forwarding-failed">
            <Text span size="sm" c={destination.failed ? 'red' : undefined}>
              {requestCount(destination.failed)}
            </Text>
          </Row>
          <Row label="Dropped (backlog too large or too old)" testId="forwarding-dropped">
            <Text span size="sm" c={destination.dropped ? 'red' : undefined}>
              {requestCount(destination.dropped)}
            </Text>
          </Row>
          <Row label="Waiting to be forwarded" testId="forwarding-backlog">
            {destination.backlogRequests
              ? `${requestCount(destination.backlogRequests)} (${formatBytes(destination.backlogBytes)}), the oldest received ${formatTime(destination.oldestQueuedAt)}`
              : 'nothing'}
          </Row>
          <Row label="Last error" testId="forwarding-last-error">
            {destination.lastError ? (
              <Text span size="sm" c={failing ? 'red' : 'orange'}>
                {destination.lastError} ({formatTime(destination.lastErrorAt)})
              </Text>
            ) : (
              'none'
            )}
          </Row>
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function TestResult({ result }: { result: TelemetryForwardingTestResult }) {
  return (
    <Callout
      mt="sm"
      p="xs"
      variant="light"
      color={result.delivered ? 'green' : 'red'}
      role="status"
      data-testid="forwarding-test-result"
    >
      <Text size="sm">
        {result.delivered
          ? `Delivered: ${result.url} answered HTTP ${result.statusCode}.`
          : `Not delivered to ${result.url}: ${result.error ?? 'no answer'}.`}
      </Text>
    </Callout>
  );
}

function RemoveDialog({ org, endpoint, onClose }: { org: string; endpoint: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/orgs/{org}/telemetry/forwarding', { params: { path: { org } } })),
    onSuccess: async () => {
      queryClient.setQueryData(telemetryKeys.forwarding(org), null);
      notifications.show({ message: 'Telemetry is no longer forwarded.' });
      onClose();
      await queryClient.invalidateQueries({ queryKey: telemetryKeys.forwarding(org) });
    },
  });
  return (
    <ConfirmDialog
      title="Stop forwarding telemetry?"
      onClose={onClose}
      onConfirm={() => remove.mutate()}
      confirmLabel="Remove destination"
      confirmColor="red"
      pending={remove.isPending}
      error={remove.error}
      errorTitle="The destination was not removed"
    >
      <Text size="sm">
        CSOC stops forwarding to <Code>{endpoint}</Code> and deletes its sealed headers; what waits in the
        backlog is dropped. CSOC keeps its own summary either way.
      </Text>
    </ConfirmDialog>
  );
}
